"""Exports that cannot hurt: whole or nothing, no symlink followed, no injected graph or formula."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import soviet_dprk as sd
from soviet_dprk import _build, _cli, _export, _write
from soviet_dprk._model import Records

DATA = sd.load()


def two_systems(name: str) -> sd.Dataset:
    """A dataset of one DPRK design named ``name`` derived from the AK-47."""
    cite = (sd.Citation(source="s", quote="a quote"),)
    parent = sd.System(
        id="ak-47", name="AK-47", category=sd.Category.SMALL_ARM, origin=sd.Country.USSR,
        citations=cite,
    )  # fmt: skip
    child = sd.System(
        id="odd-name", name=name, category=sd.Category.SMALL_ARM, origin=sd.Country.DPRK,
        citations=cite,
    )  # fmt: skip
    edge = sd.Derivation(
        id="odd-name--ak-47", child=child, parent=parent, relation=sd.Relation.COPY,
        confidence=sd.Confidence.STATED, citations=cite,
    )  # fmt: skip
    source = sd.Source(id="s", title="t", publisher="p", author=None, year=None, url=None)
    records = Records(
        sources=(source,), systems=(parent, child), derivations=(edge,), transfers=(), eras=(),
        tombstones=(),
    )  # fmt: skip
    return _build.dataset("0.0.1", "sha256:0", records, released=False)


# -- whole or nothing -----------------------------------------------------------------------


def test_an_earlier_export_is_replaced_with_no_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    DATA.to_datapackage(out)
    assert (out / "datapackage.json").is_file()
    DATA.to_csv(out)
    assert not (out / "datapackage.json").exists()
    assert (out / "systems.csv").is_file()
    assert [out] == list(tmp_path.iterdir())  # no temporary folder left beside it


def test_a_folder_holding_something_else_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.tex").write_text("mine")
    with pytest.raises(sd.ExportError, match="not empty") as info:
        DATA.to_csv(out)
    assert str(out) == info.value.path
    assert ["chapter1.tex"] == [p.name for p in out.iterdir()]
    DATA.to_csv(out, force=True)
    assert not (out / "chapter1.tex").exists()


def test_a_failed_export_leaves_everything_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    DATA.to_datapackage(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def half(data: sd.Dataset, folder: Path, excel_safe: bool) -> dict[str, Path]:
        (folder / "systems.csv").write_text("partial")
        raise OSError("disk full")

    monkeypatch.setattr(_export, "_write_tables", half)
    with pytest.raises(OSError, match="disk full"):
        DATA.to_csv(out)
    assert before == {p.name: p.read_bytes() for p in out.iterdir()}
    assert [out] == list(tmp_path.iterdir())


def test_no_symlink_is_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "systems.csv").write_text("precious")
    link = tmp_path / "out"
    link.symlink_to(outside)
    with pytest.raises(sd.ExportError, match="symbolic link"):
        DATA.to_csv(link, force=True)
    assert "precious" == (outside / "systems.csv").read_text()
    dangling = tmp_path / "graph.dot"
    dangling.symlink_to(tmp_path / "nowhere" / "x.dot")
    code = _cli.main(["export", "--as", "dot", "--output", str(dangling), "--force"])
    assert _cli.EXIT_LOOKUP == code
    assert not (tmp_path / "nowhere").exists()


def test_a_file_export_does_not_overwrite_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "lineage.mmd"
    target.write_text("mine")
    assert _cli.EXIT_LOOKUP == _cli.main(["export", "--as", "mermaid", "--output", str(target)])
    assert "exists" in capsys.readouterr().err
    assert "mine" == target.read_text()
    assert 0 == _cli.main(["export", "--as", "mermaid", "--output", str(target), "--force"])
    assert target.read_text().startswith("flowchart LR")


def test_the_marker_names_the_export(tmp_path: Path) -> None:
    DATA.to_csv(tmp_path / "out", excel_safe=True)
    marker = json.loads((tmp_path / "out" / _write.MARKER).read_text())
    assert (DATA.version, DATA.digest, "true") == (
        marker["version"],
        marker["digest"],
        marker["excel_safe"],
    )
    assert "systems.csv" in marker["files"]


# -- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "head"), [("json", "{"), ("dot", "digraph"), ("mermaid", "flow")])
def test_single_file_formats_go_to_standard_output(
    capsys: pytest.CaptureFixture[str], kind: str, head: str
) -> None:
    assert 0 == _cli.main(["export", "--as", kind, "--output", "-"])
    assert capsys.readouterr().out.startswith(head)


def test_json_to_standard_output_is_not_wrapped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    assert 0 == _cli.main(["export", "--as", "json"])
    assert DATA.to_json() == capsys.readouterr().out.rstrip("\n")


@pytest.mark.parametrize(
    "argv",
    [
        ["export"],
        ["export", "--as", "json", "--system", "Type 59"],
        ["export", "--as", "csv", "--system", "Type 59", "--output", "x"],
        ["export", "--as", "dot", "--excel-safe"],
        ["export", "--as", "csv", "--output", "-"],
        ["export", "--as", "json", "--format", "csv"],
    ],
)
def test_export_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    try:
        code = _cli.main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    assert _cli.EXIT_USAGE == code
    assert "Traceback" not in capsys.readouterr().err


# -- escaping ---------------------------------------------------------------------------------

NASTY = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
) | st.sampled_from(
    [
        'evil"]; "x" -> "y',
        'a\n  click n_ak_47 href "javascript:alert(1)"',
        'x"] --> n_ak_47\nclick n_ak_47 call alert()',
        "back\\slash\\",
        "[brackets] {braces} <html> |pipes|",
        "line\rbreak",
    ]
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(name=NASTY)
def test_any_name_is_one_mermaid_label(name: str) -> None:
    lines = two_systems(name).to_mermaid().splitlines()
    assert 4 == len(lines)
    assert all(re.fullmatch(r'  n_\w+\["[A-Za-z0-9 .,()/_#;]*"\]', line) for line in lines[1:3])
    assert re.fullmatch(r"  n_ak_47 -->\|copy\| n_odd_name", lines[3])


def test_any_name_is_one_dot_label_that_graphviz_reads() -> None:
    dot_program = shutil.which("dot")
    if dot_program is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Graphviz's dot")
        pytest.skip("Graphviz's dot is not installed")
    for name in [
        'evil"]; "x" -> "y"; "z',
        "two\nlines",
        "back\\slash\\",
        'quote" [color=red] "',
        "<b>html</b>",
    ]:
        dot = two_systems(name).to_dot()
        done = subprocess.run(
            [dot_program, "-Tjson"],
            input=dot,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        graph = json.loads(done.stdout)
        assert 2 == len(graph["objects"]), name
        assert 1 == len(graph["edges"]), name
        labels = {o["name"]: o["label"] for o in graph["objects"]}
        # Graphviz reports a label as written in DOT: backslashes doubled, a line break \n.
        written = name.replace("\\", "\\\\").replace("\n", "\\n")
        assert written + "\\nDPRK" == labels["odd-name"], name


# -- spreadsheets ---------------------------------------------------------------------------


def test_csv_is_faithful_by_default_and_inert_when_excel_safe(tmp_path: Path) -> None:
    data = two_systems('=HYPERLINK("http://x","click")')
    data.to_csv(tmp_path / "plain")
    data.to_csv(tmp_path / "safe", excel_safe=True)

    def names(folder: str) -> list[str]:
        with (tmp_path / folder / "systems.csv").open(encoding="utf-8", newline="") as handle:
            return [row["name"] for row in csv.DictReader(handle)]

    assert ["AK-47", '=HYPERLINK("http://x","click")'] == names("plain")
    assert ["AK-47", '\'=HYPERLINK("http://x","click")'] == names("safe")


@given(start=st.sampled_from(sd.UNSAFE_START), rest=st.text(max_size=10))
def test_excel_safe_cells_never_begin_as_a_formula(start: str, rest: str) -> None:
    assert not _export._excel_safe(start + rest).startswith(sd.UNSAFE_START)
    assert _export._excel_safe("safe " + rest) == "safe " + rest
