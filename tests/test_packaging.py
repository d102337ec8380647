"""What users install: metadata, typing marker, and data files inside the built artifacts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import soviet_dprk as sd
from soviet_dprk import _load

ROOT = Path(__file__).resolve().parents[1]


def test_version_comes_from_metadata() -> None:
    from importlib.metadata import version

    assert version("soviet-dprk") == sd.__version__


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="no_such"):
        sd.no_such  # type: ignore[attr-defined]  # noqa: B018


def test_all_is_sorted_and_complete() -> None:
    assert sorted(sd.__all__) == sd.__all__
    public = {n for n in dir(sd) if not n.startswith("_")}
    assert set(sd.__all__) == public


def test_py_typed_is_shipped() -> None:
    assert (Path(str(_load.data_root())).parent / "py.typed").is_file()


def test_import_opens_no_data_file() -> None:
    # An audit hook sees every file the interpreter opens: importing opens none of the data.
    code = (
        "import sys; opened = []; "
        "sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == 'open' else None); "
        "import soviet_dprk; "
        "data = [p for p in opened if '.json' in p or 'SHA256SUMS' in p]; "
        "assert not data, data; "
        "soviet_dprk.origin_of('Type 58'); "
        "assert any(p.endswith('systems.json') for p in opened), 'the hook saw no load'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_first_answer_imports_only_what_it_needs() -> None:
    # A released version is verified and built without checks, read with plain file calls, and
    # a hit suggests nothing: cattrs (the validator), importlib.resources (packages not on
    # disk) and difflib (suggestions for a miss) stay unimported.
    code = (
        "import sys, soviet_dprk; "
        "assert soviet_dprk.origin_of('Type 58').roots; "
        "unused = {'cattrs', 'importlib.resources', 'soviet_dprk._validate', 'difflib'}; "
        "loaded = unused & set(sys.modules); "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_query_command_imports_no_export_machinery() -> None:
    # Writing files (tempfile, shutil's archives, pathlib) is the export commands' business.
    code = (
        "import sys, contextlib, io\n"
        "from soviet_dprk import _cli\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    assert _cli.main(['origin', 'Type 58']) == 0\n"
        "assert 'Type 58' in out.getvalue()\n"
        "loaded = {'soviet_dprk._export', 'soviet_dprk._write'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def registered_files() -> set[str]:
    text = (Path(str(_load.data_root())) / "SHA256SUMS").read_text(encoding="ascii")
    files = {f"soviet_dprk/data/{line.split('  ')[1]}" for line in text.splitlines()}
    return files | {"soviet_dprk/data/SHA256SUMS", "soviet_dprk/py.typed"}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    given = os.environ.get("SOVIET_DPRK_DIST")
    if given:
        for artifact in Path(given).iterdir():
            shutil.copy(artifact, out)
        return out
    try:
        import build  # noqa: F401
        import hatchling  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("needs the 'build' extra (CI always has it)")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


def test_wheel_contains_every_registered_data_file(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert registered_files() <= names


def test_sdist_contains_every_registered_data_file(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert {f"src/{f}" for f in registered_files()} <= names
