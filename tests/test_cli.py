"""The command line: every subcommand, its output formats, pinning and exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import soviet_dprk as sd
from soviet_dprk import _cli

SUBCOMMANDS = [
    "origin", "lineage", "derived-from", "derivatives-of", "era", "eras", "transfers",
    "search", "show", "versions", "info", "export", "diff", "cite",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _no_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output is not a terminal here: no test sees the width of the one it runs in."""
    monkeypatch.delenv("COLUMNS", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = _cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_origin_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "origin", "Type 58", "--data-version", "1.0.0")
    assert (0, "") == (code, err)
    assert "acquisition: licensed production" in out
    assert "roots: AK-47 (USSR)" in out
    assert "[episkopos-2019]" in out


def test_origin_json_is_machine_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "origin", "T-55", "--format", "json", "--data-version", "1.0.0")
    data = json.loads(out)
    assert 0 == code
    assert ("t-55", "delivered", ["t-55"]) == (data["system"], data["acquisition"], data["roots"])
    assert "over one thousand" == data["transfers"][0]["quantity"]["as_printed"]


def test_origin_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "origin", "Type 68", "--format", "csv", "--data-version", "1.0.0")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert (0, "AKM", "USSR") == (code, row["roots"], row["countries"])


def test_lineage_both_directions_and_depth(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lineage", "Type 59", "--format", "json", "--data-version", "1.1.0")
    data = json.loads(out)
    assert 0 == code
    assert {"t-54"} == {e["parent"] for e in data["ancestors"]}
    assert "type-62" in {e["child"] for e in data["descendants"]}
    _, out, _ = run(capsys, "lineage", "Chonma-92", "--depth", "1", "--format", "json")
    assert all(e["depth"] == 1 for e in json.loads(out)["ancestors"])


def test_derived_from_transitive(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "derived-from", "Pokpung-ho", "--transitive")
    assert 0 == code
    assert "T-90" in out
    assert "reported" in out


def test_derivatives_of(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "derivatives-of", "AK-74", "--format", "json", "--data-version", "1.0.0"
    )
    assert 0 == code
    assert ["type-88"] == [d["child"] for d in json.loads(out)]


def test_no_lineage(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "derived-from", "T-55", "--data-version", "1.0.0")
    assert (0, "no parents recorded for T-55\n") == (code, out)


@pytest.mark.parametrize(
    ("era", "expected"), [("1950", "T-34 tanks"), ("khrushchev-pall", "Khrushchev")]
)
def test_era(capsys: pytest.CaptureFixture[str], era: str, expected: str) -> None:
    code, out, _ = run(capsys, "era", era, "--data-version", "1.0.0")
    assert 0 == code
    assert expected in out


def test_era_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "era", "resumed-transfers", "--format", "json", "--data-version", "1.0.0"
    )
    data = json.loads(out)
    assert (0, "resumed-transfers", 2) == (code, data["era"]["id"], len(data["transfers"]))


def test_search_ranks_exact_then_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "chonma", "--format", "json")
    names = [s["name"] for s in json.loads(out)]
    assert 0 == code
    assert "Chonma-ho" == names[0]
    assert {"Chonma-92", "Chonma-98"} <= set(names)


def test_search_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert (0, "no system matches 'zzzz'\n", "") == run(capsys, "search", "zzzz")


def test_show_has_claims_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "Type 88", "--data-version", "1.0.0")
    assert 0 == code
    assert "ancestors:" in out
    assert "The National Interest" in out


def test_versions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "versions", "--format", "json")
    assert (0, ["1.0.0", "1.1.0", "1.2.0", "2.0.0", "2.1.0", "2.2.0", "2.3.0", "2.4.0"]) == (
        code,
        json.loads(out),
    )


def test_info_pins_a_version(capsys: pytest.CaptureFixture[str]) -> None:
    import soviet_dprk as sd

    code, out, _ = run(capsys, "info", "--format", "json", "--data-version", "1.0.0")
    data = json.loads(out)
    assert (0, "1.0.0", sd.load("1.0.0").digest) == (code, data["version"], data["digest"])
    assert 21 == data["counts"]["systems"]


def test_export_json_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--as", "json", "--data-version", "1.0.0")
    assert (0, "1.0.0") == (code, json.loads(out)["version"])


@pytest.mark.parametrize("kind", ["csv", "datapackage"])
def test_export_to_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str) -> None:
    code, out, _ = run(capsys, "export", "--as", kind, "--output", str(tmp_path / "out"))
    assert (0, True) == (code, out.startswith("wrote "))
    assert (tmp_path / "out" / "systems.csv").is_file()
    assert (kind == "datapackage") == (tmp_path / "out" / "datapackage.json").is_file()


@pytest.mark.parametrize(
    ("kind", "head"), [("dot", "digraph lineage {"), ("mermaid", "flowchart LR")]
)
def test_export_graph(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, head: str
) -> None:
    target = tmp_path / f"g.{kind}"
    code, _, _ = run(capsys, "export", "--as", kind, "--system", "Type 59", "--output", str(target))
    assert 0 == code
    assert target.read_text(encoding="utf-8").startswith(head)


def test_export_to_a_folder_needs_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "--as", "csv")
    assert _cli.EXIT_USAGE == code
    assert "--output" in err


def test_diff(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", "1.0.0", "1.1.0", "--format", "json")
    data = json.loads(out)
    assert 0 == code
    assert 0 == data["summary"]["systems"]["removed"]
    assert data["summary"]["systems"]["added"] > 100
    changed = {c["id"] for c in data["changes"] if c["change"] == "changed"}
    assert "type-58--ak-47" in changed


def test_diff_names_each_changed_field_with_old_and_new_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "diff", "1.1.0", "1.2.0", "--format", "json")
    assert 0 == code
    changes = {(c["table"], c["id"]): c for c in json.loads(out)["changes"]}
    t34 = changes[("systems", "t-34")]
    assert "aliases" in t34["fields"].split(", ")
    old, new = sd.load("1.1.0").system("t-34"), sd.load("1.2.0").system("t-34")
    assert (list(old.aliases), list(new.aliases)) == (t34["old"]["aliases"], t34["new"]["aliases"])


def test_cite(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "cite", "--data-version", "1.0.0")
    assert 0 == code
    assert "dataset version 1.0.0" in out
    _, out, _ = run(capsys, "cite", "--bibtex")
    assert out.startswith("@misc{soviet_dprk_")


def test_unknown_name_is_one_line_with_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "origin", "Pokpong-ho")
    assert (_cli.EXIT_LOOKUP, "") == (code, out)
    assert "soviet-dprk: unknown system 'Pokpong-ho'; did you mean 'Pokpung-ho'?\n" == err


def test_ambiguous_name_lists_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "Koksan")
    assert _cli.EXIT_LOOKUP == code
    assert "M-1978 Koksan" in err
    assert "M-1989 Koksan" in err


def test_unknown_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "origin", "Type 58", "--data-version", "0.9")
    assert _cli.EXIT_LOOKUP == code
    assert "shipped versions: 1.0.0, 1.1.0, 1.2.0" in err


def test_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        _cli.main(["launch"])
    assert _cli.EXIT_USAGE == info.value.code


def test_broken_installation(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from soviet_dprk import _api, _load

    def broken(version: str | None = None) -> None:
        raise _load.IncompleteInstallationError("1.1.0/systems.json")

    monkeypatch.setattr(_api, "load", broken)
    code, _, err = run(capsys, "origin", "Type 58")
    assert _cli.EXIT_BROKEN == code
    assert "incomplete" in err


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_help_shows_an_example(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    with pytest.raises(SystemExit) as info:
        _cli.main([command, "--help"])
    assert 0 == info.value.code
    assert "example: soviet-dprk " + command in capsys.readouterr().out


WIDE = (["era", "1950"], ["show", "Type 59"], ["search", "type"], ["lineage", "T-54"])
WIDE += (["show", "MiG-29"], ["era", "1990"], ["show", "KN-23"])


@pytest.mark.parametrize("columns", [50, 80, 200])
def test_tables_fit_the_width_and_wrap_instead_of_cutting(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    from soviet_dprk._text import width_of

    monkeypatch.setenv("COLUMNS", str(columns))
    for argv in WIDE:
        code, out, _ = run(capsys, *argv)
        assert 0 == code
        assert all(width_of(line) <= columns for line in out.splitlines()), argv
        assert "…" not in out, argv


def test_off_a_terminal_every_value_is_whole(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "era", "1990")
    items = {t.item for t in sd.load().by_era(1990)}
    lines = out.splitlines()
    assert all(any(item in line for line in lines) for item in items)


def test_wide_characters_keep_the_columns_aligned() -> None:
    from soviet_dprk._text import table, width_of

    rows = [["천마호", "tank"], ["Chonma-ho", "tank"], ["59式坦克", "tank"]]
    lines = table(["name", "category"], rows, 80).splitlines()
    starts = {width_of(line[: line.index("tank")]) for line in lines[2:]}
    assert 1 == len(starts)


@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
    width=st.integers(8, 120),
)
def test_wrapping_keeps_every_word_and_fits(text: str, width: int) -> None:
    from soviet_dprk._text import width_of, wrap

    lines = wrap(text, width)
    assert all(width_of(line) <= width for line in lines)
    assert "".join(text.split()) == "".join("".join(lines).split())


def test_a_closed_pipe_is_no_error() -> None:
    """``soviet-dprk export | head -1``: the reader stops early; no traceback, exit 0."""
    command = [sys.executable, "-m", "soviet_dprk", "export", "--as", "json"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.readline()
        process.stdout.close()
        err = process.stderr.read()
        assert (0, b"") == (process.wait(timeout=60), err)


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "type", "--limit", "0"],
        ["search", "t", "--limit", "x"],
        ["lineage", "T-54", "--depth", "-1"],
    ],
)
def test_bad_numbers_are_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        _cli.main(argv)
    err = capsys.readouterr().err
    assert _cli.EXIT_USAGE == info.value.code
    assert "Traceback" not in err
    assert "error: argument" in err.splitlines()[-1]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        _cli.main(["--version"])
    out = capsys.readouterr().out
    assert 0 == info.value.code
    assert out.startswith(f"soviet-dprk {sd.__version__} (dataset {sd.DATASET_VERSION}")


def test_eras_lists_every_era(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "eras", "--format", "json")
    assert 0 == code
    assert [e.id for e in sd.load().eras] == [e["id"] for e in json.loads(out)]


def test_origin_says_inferred_and_prints_the_note(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "origin", "Type 59", "--data-version", "1.1.0")
    assert "acquisition: delivered (inferred: no recorded claim" in out
    noted = next(s for s in sd.load().systems if s.note and s.origin is sd.Country.DPRK)
    _, out, _ = run(capsys, "origin", noted.id)
    assert " ".join(noted.note.split()) in " ".join(out.split())


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "soviet_dprk", "origin", "chonmaho"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == done.returncode
    assert "Chonma-ho [chonma-ho]" in done.stdout


def test_transfers_filters_like_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["transfers", "--from", "ussr", "--to", "dprk", "--years", "1960-1989"]
    code, out, _ = run(capsys, *argv, "--format", "json")
    assert 0 == code
    expected = sd.find_transfers(supplier="ussr", recipient="dprk", years="1960-1989")
    assert [t.id for t in expected] == [t["id"] for t in json.loads(out)]


def test_transfers_by_deal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "transfers", "--from", "ussr", "--deals", "--format", "json")
    assert 0 == code
    deals = json.loads(out)
    assert [d.id for d in sd.find_transfers(supplier="ussr", deals=True)] == [
        d["deal"] for d in deals
    ]
    assert all(d["claims"] for d in deals)
    code, out, _ = run(capsys, "transfers", "--from", "ussr", "--deals")
    assert out.startswith(f"{len(deals)} deals\n")


def test_transfers_unknown_party_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "transfers", "--from", "Sovet Union")
    assert _cli.EXIT_LOOKUP == code
    assert "unknown supplier 'Sovet Union'; did you mean 'USSR'?" in err


def test_transfers_bad_years_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "transfers", "--years", "sixties")
    assert _cli.EXIT_USAGE == code
    assert "1960s" in err


def test_lineage_rows_name_both_origins_and_point_at_their_own_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "origin", "M-1978 Koksan")
    lines = out.splitlines()
    head = next(line for line in lines if "child origin" in line)
    assert "parent origin" in head
    assert head.rstrip().endswith("sources")
    listed = {line.split(".")[0].strip() for line in lines if re.match(r"  \d+\. \[", line)}
    rows = [line for line in lines if "M-1978 Koksan  DPRK" in line]
    assert rows
    for row in rows:
        refs = row.rsplit("  ", 1)[-1].split(", ")
        assert set(refs) <= listed, row
