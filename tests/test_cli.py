"""The command line: outputs, pinning and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from soviet_dprk import _cli


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = _cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_origin_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "origin", "Type 58")
    assert 0 == code
    assert "acquisition: licensed production" in out
    assert "roots: AK-47 (USSR)" in out
    assert "[episkopos-2019]" in out
    assert "" == err


def test_origin_json_is_machine_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "origin", "T-55", "--format", "json", "--data-version", "1.0.0")
    data = json.loads(out)
    assert 0 == code
    assert "delivered" == data["acquisition"]
    assert "over one thousand" == data["transfers"][0]["quantity"]["as_printed"]


def test_derived_from_transitive(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "derived-from", "Pokpung-ho", "--transitive")
    assert 0 == code
    assert "T-90 (Russia): design influence, reported" in out


def test_derivatives_of(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "derivatives-of", "AK-74", "--format", "json", "--data-version", "1.0.0"
    )
    assert 0 == code
    assert ["type-88"] == [d["child"]["id"] for d in json.loads(out)]


def test_no_lineage(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "derived-from", "T-55", "--data-version", "1.0.0")
    assert (0, "no lineage recorded for T-55\n") == (code, out)


@pytest.mark.parametrize(
    ("era", "expected"), [("1950", "T-34 tanks"), ("khrushchev-pall", "Khrushchev")]
)
def test_era(capsys: pytest.CaptureFixture[str], era: str, expected: str) -> None:
    code, out, _ = run(capsys, "era", era)
    assert 0 == code
    assert expected in out


def test_era_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "era", "resumed-transfers", "--format", "json", "--data-version", "1.0.0"
    )
    data = json.loads(out)
    assert (0, "resumed-transfers", 2) == (code, data["era"]["id"], len(data["transfers"]))


def test_versions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "versions", "--format", "json")
    assert 0 == code
    assert "1.0.0" in json.loads(out)


def test_unknown_name_is_one_line_with_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "origin", "Pokpong-ho")
    assert _cli.EXIT_LOOKUP == code
    assert "" == out
    assert "soviet-dprk: unknown system 'Pokpong-ho'; did you mean 'Pokpung-ho'?\n" == err


def test_unknown_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "origin", "Type 58", "--data-version", "0.9")
    assert _cli.EXIT_LOOKUP == code
    assert "shipped versions: 1.0.0" in err


def test_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        _cli.main(["launch"])
    assert _cli.EXIT_USAGE == info.value.code


def test_broken_installation(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from soviet_dprk import _load

    def broken(version: str | None = None) -> None:
        raise _load.IncompleteInstallationError("1.0.0/systems.json")

    monkeypatch.setattr(_load, "load", broken)
    code, _, err = run(capsys, "origin", "Type 58")
    assert _cli.EXIT_BROKEN == code
    assert "incomplete" in err


@pytest.mark.parametrize("command", ["origin", "derived-from", "derivatives-of", "era", "versions"])
def test_every_subcommand_help_shows_an_example(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    with pytest.raises(SystemExit):
        _cli.main([command, "--help"])
    assert "example: soviet-dprk" in capsys.readouterr().out


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "soviet_dprk", "origin", "chonmaho"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == done.returncode
    assert "Chonma-ho [chonma-ho]" in done.stdout
