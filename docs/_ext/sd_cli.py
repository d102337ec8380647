"""The command-line reference, written by running the command while the docs build.

``{sd-cli} ARGS`` runs ``soviet-dprk ARGS`` (as ``python -m soviet_dprk``, the same program) and
shows the command with what it printed; ``:status: N`` makes the build fail unless it exits with
N, so that the prose about exit statuses stays true. ``{sd-cli-commands}`` finds the
subcommands in ``soviet-dprk --help`` and writes a section with the ``--help`` of each, so a new
subcommand appears without anyone editing the page.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from typing import Any, Final

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

PROGRAM: Final = "soviet-dprk"
_SUBCOMMAND: Final = re.compile(r"^    ([a-z][a-z0-9-]*)(?:\s{2,}\S.*)?$")


def run(arguments: list[str]) -> tuple[int, str]:
    """Run the command with ``arguments``; return its exit status and what it printed."""
    env = {k: v for k, v in os.environ.items() if k != "SOVIET_DPRK_DATASET_VERSION"}
    # The same help text on every machine: a fixed width, and no colour.
    env.update(
        {"COLUMNS": "88", "NO_COLOR": "1", "PYTHON_COLORS": "0", "PYTHONIOENCODING": "utf-8"}
    )
    done = subprocess.run(
        [sys.executable, "-m", "soviet_dprk", *arguments],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    text = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
    return done.returncode, text.rstrip("\n")


def console(arguments: list[str], output: str, status: int) -> nodes.literal_block:
    shown = f"$ {PROGRAM} {shlex.join(arguments)}\n{output}"
    if status != 0:
        shown += f"\n$ echo $?\n{status}"
    block = nodes.literal_block(shown, shown)
    block["language"] = "console"
    return block


def subcommands() -> list[str]:
    """The subcommands listed by ``soviet-dprk --help``, in its order."""
    status, text = run(["--help"])
    if status != 0:
        raise ExtensionError(f"{PROGRAM} --help exited with {status}:\n{text}")
    found = [m.group(1) for line in text.splitlines() if (m := _SUBCOMMAND.match(line))]
    if not found:
        raise ExtensionError(f"found no subcommands in {PROGRAM} --help:\n{text}")
    return found


class CliRun(Directive):
    """Run ``soviet-dprk`` with the directive's argument line and show what it prints."""

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"status": directives.nonnegative_int}  # noqa: RUF012 - docutils' own API
    has_content = False

    def run(self) -> list[nodes.Node]:
        arguments = shlex.split(self.arguments[0]) if self.arguments else []
        expected = self.options.get("status", 0)
        status, output = run(arguments)
        if status != expected:
            raise self.error(
                f"{PROGRAM} {shlex.join(arguments)} exited with {status}, not {expected}:\n{output}"
            )
        return [console(arguments, output, status)]


class CliCommands(Directive):
    """A section per subcommand with its ``--help``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        sections: list[nodes.Node] = []
        for name in subcommands():
            status, output = run([name, "--help"])
            if status != 0:
                raise self.error(f"{PROGRAM} {name} --help exited with {status}:\n{output}")
            title = f"{PROGRAM} {name}"
            section = nodes.section()
            section["ids"].append(nodes.make_id(title))
            section["names"].append(nodes.fully_normalize_name(title))
            section += nodes.title(title, "", nodes.literal(title, title))
            section += console([name, "--help"], output, status)
            self.state.document.note_implicit_target(section, section)
            sections.append(section)
        return sections


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("sd-cli", CliRun)
    app.add_directive("sd-cli-commands", CliCommands)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
