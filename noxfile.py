"""Developer sessions: ``nox -l`` lists them, ``nox -s tests`` runs the tests on every Python.

nox finds ``python3.10`` to ``python3.13`` on ``PATH``; with pyenv, put every installed version
there first (``pyenv global 3.11.7 3.10.13 3.12.1 3.13.0`` or ``PATH=$(pyenv root)/versions/...``);
a Python it cannot find is skipped, and ``.ci/run`` runs the tests on each one it finds.
"""

from __future__ import annotations

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
LINTED = ["src", "tests", "tools", "benchmarks", "noxfile.py", "docs/conf.py", "docs/_ext"]

nox.options.sessions = ["tests", "lint", "typing"]
nox.options.error_on_missing_interpreters = False


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
    args = session.posargs or ["--quick"]
    session.run("python", "benchmarks/run.py", *[a for a in args if a != "--full"])
