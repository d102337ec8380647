"""Developer sessions: ``nox -l`` lists them, ``nox -s tests`` runs the tests on every Python.

nox finds ``python3.10`` to ``python3.13`` on ``PATH``. pyenv's shims answer only for the
versions pyenv has enabled, so when pyenv is installed the ``bin`` folder of each version it
has among these is put first on ``PATH``, and no ``pyenv global`` is needed. A Python found
nowhere is skipped, except under CI (``CI`` set), where nox fails the session.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
LINTED = ["src", "tests", "tools", "benchmarks", "noxfile.py", "docs/conf.py"]
LINTED += ["docs/screenshots.py", "docs/_ext"]

nox.options.sessions = ["tests", "lint", "typing"]


def _pyenv_pythons() -> list[str]:
    """The ``bin`` folders of pyenv's installed versions among `PYTHONS`, newest patch first."""
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return []
    done = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)  # noqa: S603
    versions = Path(done.stdout.strip()) / "versions"
    found = [p for minor in PYTHONS for p in versions.glob(f"{minor}.[0-9]*/bin")]
    newest = sorted(found, key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.name)])[::-1]
    return [str(p) for p in newest]


os.environ["PATH"] = os.pathsep.join([*_pyenv_pythons(), os.environ.get("PATH", "")])


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The README's test command: the package with its test extra, then pytest."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff's lint rules and formatting."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", *LINTED)
    session.run("ruff", "format", "--check", *LINTED)


@nox.session(python="3.11")
def typing(session: nox.Session) -> None:
    """mypy --strict over the package and the typing tests (settings in pyproject.toml)."""
    session.install("-e", ".[lint]")
    session.run("mypy")


@nox.session(python="3.11")
def docs(session: nox.Session) -> None:
    """The docs, with warnings as errors, and their doctests (needs Graphviz's ``dot``)."""
    session.install("-e", ".[docs]")
    out = session.create_tmp()
    session.run("sphinx-build", "-W", "--keep-going", "-q", "-b", "html", "docs", f"{out}/html")
    session.run("sphinx-build", "-W", "--keep-going", "-q", "-b", "doctest", "docs", f"{out}/dt")


@nox.session(python="3.11")
def benchmarks(session: nox.Session) -> None:
    """The benchmarks in quick mode; ``nox -s benchmarks -- --full`` rewrites the report."""
    session.install("-e", ".[bench]")
    full = "--full" in session.posargs
    session.run("python", "benchmarks/run.py", *([] if full else ["--quick"]))
