"""Security and deployment hygiene: no network, no file writes, no unsafe loaders, zip-safe."""

from __future__ import annotations

import ast
import builtins
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

import soviet_dprk as sd
from soviet_dprk import _load

PACKAGE = Path(sd.__file__).parent
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "yaml", "dill", "socket", "urllib", "http"}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", sources(), ids=lambda p: p.name)
def test_no_unsafe_loaders_or_network_modules(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names = {(node.module or "").split(".")[0]}
        else:
            names = set()
        assert not names & FORBIDDEN_MODULES, f"{path.name}:{node.lineno} imports {names}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno}"


def test_a_full_query_run_opens_no_socket_and_writes_no_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_socket(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("soviet_dprk opened a socket")

    real_open = builtins.open

    def read_only_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        assert not set(mode) & set("wax+"), f"soviet_dprk opened {file!r} for writing"
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(socket, "socket", no_socket)
    monkeypatch.setattr(socket, "create_connection", no_socket)
    monkeypatch.setattr(builtins, "open", read_only_open)
    monkeypatch.setattr(_load, "_cache", {})
    for version in sd.versions():
        data = sd.load(version)
        for system in data.systems:
            data.origin_of(system.id)
            data.derived_from(system.id, transitive=True)
            data.derivatives_of(system.id, transitive=True)
        for era in data.eras:
            data.by_era(era)
        data.by_era(1950)


def test_runs_from_a_zip_of_the_installed_package(tmp_path: Path) -> None:
    archive = tmp_path / "soviet_dprk.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in PACKAGE.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                zf.write(path, Path("soviet_dprk") / path.relative_to(PACKAGE))
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import soviet_dprk as sd; "
        "assert '.zip' in sd.__file__, sd.__file__; "
        "print(sd.origin_of('Type 58').roots[0].name, sd.load().digest)"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", code, str(archive)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert 0 == done.returncode, done.stderr
    assert done.stdout.startswith("AK-47 sha256:")
    assert sd.load().digest in done.stdout


def test_a_missing_data_folder_is_an_incomplete_installation(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(str(_load.data_root()), root)
    shutil.rmtree(root / "1.0.0")
    with pytest.raises(sd.UnknownVersionError):
        _load.load_from(root, "1.0.0")


def _imports_at_load(path: Path) -> set[str]:
    """The package's modules that ``path`` imports when it is imported (not in functions or
    under ``TYPE_CHECKING``)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module)
            else:
                found.update(a.name for a in node.names)
    return found


def test_the_import_graph_is_acyclic() -> None:
    graph = {p.stem: _imports_at_load(p) for p in sources() if p.parent == PACKAGE}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path, module))
        if module in done:
            return
        for imported in graph.get(module, ()):
            visit(imported, (*path, module))
        done.add(module)

    for module in graph:
        visit(module, ())
    assert "_html" not in set().union(*graph.values()), "_html is imported only from the reprs"
