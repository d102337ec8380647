"""The API reference, generated from the public facade: every name in ``soviet_dprk.__all__``.

``.. facade-api:: GROUP`` (inside ``{eval-rst}``) writes one autodoc directive per public name
of a group (functions, constants, the dataset, records, vocabularies, errors). The build fails
when a name fits no group or is missing from the page, so that a new public name cannot be left
out. Objects are documented under their public names
(``soviet_dprk.System``), never under the private modules that define them; references that
Python's annotations make to the private modules (``soviet_dprk._model.System``) are redirected
to the public names.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from typing import Any, Final

import attrs
from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.nodes import nested_parse_with_titles

import soviet_dprk as sd

PACKAGE: Final = "soviet_dprk"
LOG: Final = logging.getLogger(__name__)


def _is_dataset(obj: object) -> bool:
    """What answers questions and holds the answers: a dataset version and its results."""
    return obj is sd.Dataset or obj is sd.Results


def _is_record(obj: object) -> bool:
    return inspect.isclass(obj) and attrs.has(obj) and not _is_dataset(obj)


def _is_enum(obj: object) -> bool:
    return inspect.isclass(obj) and issubclass(obj, enum.Enum)


def _is_error(obj: object) -> bool:
    return inspect.isclass(obj) and issubclass(obj, BaseException)


def _is_function(obj: object) -> bool:
    return inspect.isfunction(obj)


def _is_constant(obj: object) -> bool:
    return isinstance(obj, (str, int, float, tuple))


#: The groups of the reference, by id: test, autodoc directive, its options, an introduction.
GROUPS: Final[dict[str, tuple[Callable[[object], bool], str, tuple[str, ...], str]]] = {
    "functions": (
        _is_function,
        "autofunction",
        (),
        (
            "Module-level queries act on the default dataset: the version named by "
            "``SOVIET_DPRK_DATASET_VERSION`` when it is set, else the newest shipped one."
        ),
    ),
    "constants": (_is_constant, "py:data", (), ""),
    "dataset": (
        _is_dataset,
        "autoclass",
        (":members:",),
        (
            "A pinned dataset version answers the same questions as the module-level functions, "
            "and exports its records. Queries that return several records return them as "
            ":class:`Results`, a tuple that shows itself in a notebook and converts to pandas."
        ),
    ),
    "records": (
        _is_record,
        "autoclass",
        (":members:",),
        (
            "Frozen, slotted, keyword-only :func:`attrs.frozen` classes: compare them with ``==``, "
            "copy them changed with :func:`attrs.evolve` and turn them into dicts with "
            ":func:`attrs.asdict`. Every field is explained in :doc:`schema`."
        ),
    ),
    "vocabularies": (
        _is_enum,
        "autoclass",
        (":members:", ":undoc-members:"),
        (
            "Closed vocabularies are :class:`enum.Enum` classes; the data files hold their values, "
            "explained in :doc:`schema`."
        ),
    ),
    "errors": (
        _is_error,
        "autoexception",
        (":show-inheritance:",),
        (
            "Every error raised on purpose derives from :exc:`SovietDprkError` and also from the "
            "built-in exception a caller would catch."
        ),
    ),
}


def group_of(name: str) -> str:
    obj = getattr(sd, name)
    for group, (test, *_) in GROUPS.items():
        if test(obj):
            return group
    raise TypeError(f"soviet_dprk.{name} fits no group of the API reference: add one")


def constant_doc(name: str) -> list[str]:
    """The ``#:`` comment of a public constant, from the private module that defines it."""
    value = getattr(sd, name)
    for module in pkgutil.iter_modules(sd.__path__, prefix=f"{PACKAGE}."):
        if module.name.endswith(".__main__"):
            continue  # importing it would run the command line
        imported = importlib.import_module(module.name)
        if getattr(imported, name, None) is not value:
            continue
        docs = ModuleAnalyzer.for_module(module.name).find_attr_docs()
        comment = docs.get(("", name))
        if comment:
            return [line for line in comment if line.strip()]
    raise LookupError(f"soviet_dprk.{name} has no #: comment to document it with")


def group_lines(group: str) -> list[str]:
    """The reStructuredText of one group: its introduction and an autodoc directive a name."""
    _test, directive, options, intro = GROUPS[group]
    lines = [intro, ""] if intro else []
    for name in sd.__all__:
        if group_of(name) != group:
            continue
        lines.append(f".. {directive}:: {PACKAGE}.{name}")
        lines += [f"   {option}" for option in options]
        if directive == "py:data":  # autodata would show the docstring of the value's type
            value = getattr(sd, name)
            lines += [f"   :type: {type(value).__name__}", f"   :value: {value!r}", ""]
            lines += [f"   {line}" for line in constant_doc(name)]
        lines.append("")
    return lines


class FacadeApi(Directive):
    """Document the public names of one group (``.. facade-api:: records``)."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        group = self.arguments[0]
        if group not in GROUPS:
            raise self.error(f"unknown group {group!r}; the groups are {sorted(GROUPS)}")
        container = nodes.section()
        container.document = self.state.document
        content = StringList(group_lines(group), source=f"soviet_dprk.__all__ ({group})")
        nested_parse_with_titles(self.state, content, container)
        return list(container.children)


def check_every_name_documented(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn (an error under -W) when a public name is missing from the reference."""
    documented = set(env.get_domain("py").objects)
    for name in sd.__all__:
        if f"{PACKAGE}.{name}" not in documented:
            LOG.warning(
                "soviet_dprk.%s (group %r) is not in the API reference", name, group_of(name)
            )


def _public_target(target: str) -> str | None:
    """``soviet_dprk.System`` for ``soviet_dprk._model.System`` or a bare ``System``."""
    parts = target.split(".")
    if parts[0] == PACKAGE:
        if len(parts) < 3 or not parts[1].startswith("_"):
            return None  # a public name that is really missing
        parts = parts[2:]
    if parts[0] in sd.__all__:
        return ".".join([PACKAGE, *parts])
    return None


def resolve_private(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """Point references to private modules, or to bare public names, at the public names."""
    if node.get("refdomain") != "py":
        return None
    public = _public_target(node["reftarget"])
    if public is None:
        return None
    domain = env.get_domain("py")
    for role in ("class", "exc", "obj", "func", "meth", "attr", "data"):
        found = domain.resolve_xref(env, node["refdoc"], app.builder, role, public, node, contnode)
        if found is not None:
            return found
    return None


_SHARED_ENTRY: Final = re.compile(r"^(\s+)(\w+(?:, \w+)+): (.*)$")


def split_shared_attributes(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Give each name of an ``a, b, c: words`` entry of an ``Attributes:`` section its own entry.

    Napoleon reads such an entry as one attribute with a strange type; the docstrings use it to
    say the same of several fields.
    """
    in_attributes = False
    out: list[str] = []
    for line in lines:
        if line.strip().endswith(":") and not line.startswith(" "):
            in_attributes = line.strip() == "Attributes:"
        match = _SHARED_ENTRY.match(line) if in_attributes else None
        if match:
            indent, names, words = match.groups()
            out += [f"{indent}{n}: {words}" for n in names.split(", ")]
        else:
            out.append(line)
    lines[:] = out


def setup(app: Sphinx) -> dict[str, Any]:
    # Before napoleon (priority 500) turns the sections into fields.
    app.connect("autodoc-process-docstring", split_shared_attributes, priority=400)
    app.add_directive("facade-api", FacadeApi)
    app.connect("missing-reference", resolve_private)
    app.connect("env-check-consistency", check_every_name_documented)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
