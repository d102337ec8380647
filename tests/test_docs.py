"""Every example in the hand-written docs runs, so the docs cannot drift from the code.

``{doctest}`` blocks run as doctests, one namespace per page (as Sphinx's doctest builder runs
them in CI), and ``console`` blocks run in a shell: each ``$ `` line is a command whose output
must be the lines that follow it. Pages generated at build time (``docs/data/``) are not here:
they are written from the data, not by hand.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(
    p for p in DOCS.rglob("*.md") if not {"_build", "data"} & set(p.relative_to(DOCS).parts[:1])
)
FENCE = re.compile(r"^```\{?(?P<kind>[\w-]+)\}?[^\n]*\n(?P<body>.*?)^```\s*$", re.M | re.S)
# The flags Sphinx's doctest builder uses by default.
FLAGS = doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL | doctest.DONT_ACCEPT_TRUE_FOR_1


def blocks(page: Path, kind: str) -> list[tuple[int, str]]:
    """The ``kind`` blocks of a page, with the line each starts on."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        if match.group("kind") == kind:
            line = text.count("\n", 0, match.start("body")) + 1
            body = "\n".join(
                row for row in match.group("body").splitlines() if not row.startswith(":")
            )
            found.append((line, body))
    return found


def _name(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def test_the_docs_have_examples() -> None:
    assert [p for p in PAGES if blocks(p, "doctest")], "no {doctest} block found in docs/"


@pytest.mark.parametrize("page", [p for p in PAGES if blocks(p, "doctest")], ids=_name)
def test_doctest_blocks_run(page: Path) -> None:
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    namespace: dict[str, object] = {}
    for line, body in blocks(page, "doctest"):
        for module in re.findall(r"^>>> import (\w+)", body, re.M):
            if module == "duckdb":
                pytest.importorskip(module)
        test = parser.get_doctest(body, namespace, _name(page), str(page), line)
        runner.run(test, clear_globs=False)
        namespace = test.globs  # the next block of the page sees what this one defined
    result = runner.summarize(verbose=False)
    assert 0 == result.failed, f"{result.failed} example(s) failed in {_name(page)}"


@pytest.mark.parametrize("page", [p for p in PAGES if blocks(p, "console")], ids=_name)
def test_console_blocks_print_what_they_show(page: Path, tmp_path: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    env.update({"COLUMNS": "88", "NO_COLOR": "1", "PYTHON_COLORS": "0"})
    env.pop("SOVIET_DPRK_DATASET_VERSION", None)
    for line, body in blocks(page, "console"):
        commands: list[tuple[str, list[str]]] = []
        for row in body.splitlines():
            if row.startswith("$ "):
                commands.append((row[2:], []))
            elif commands:
                commands[-1][1].append(row)
        status = 0
        for command, expected in commands:
            if command == "echo $?":  # each command runs in its own shell: show the last status
                shown = [str(status)]
            else:
                done = subprocess.run(
                    [bash, "-c", command],
                    capture_output=True,
                    text=True,
                    env=env,
                    cwd=tmp_path,
                    check=False,
                )
                status = done.returncode
                shown = (done.stdout + done.stderr).rstrip("\n").splitlines()
            want = "\n".join(expected).rstrip("\n").splitlines()
            assert want == shown, f"{_name(page)}:{line}: $ {command}"


def test_picture_labels_are_at_least_11_px_at_their_natural_size() -> None:
    """The docs' matplotlib pictures: every text at 11 CSS pixels or more (1 pt is 4/3 px)."""
    pytest.importorskip("matplotlib")  # in the test extra; skipped only outside it
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        import sd_pictures
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    import soviet_dprk as sd

    data = sd.load()
    for svg in (sd_pictures.timeline_svg(data), sd_pictures.era_counts_svg(data)):
        assert re.search(r'<svg[^>]* width="[\d.]+pt"', svg), "the SVG is measured in points"
        sizes = [float(s) for s in re.findall(r"font[-:][^;\"]*?([\d.]+)px", svg)]
        assert sizes
        assert min(sizes) * 4 / 3 >= 11, min(sizes)
