"""Exports: plain records, JSON, CSV tables, pandas, a Frictionless data package, graphs, cite."""

from __future__ import annotations

import csv
import enum
import hashlib
import importlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._model import (
    UNSAFE_START,
    Category,
    Confidence,
    Country,
    Deal,
    Derivation,
    Era,
    Qualifier,
    Relation,
    Source,
    SourceKind,
    Stage,
    System,
    Table,
    Transfer,
    TransferKind,
    plain,
)
from ._write import write_folder

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = [
    "TABLES",
    "cite",
    "plain",
    "tables",
    "to_csv",
    "to_datapackage",
    "to_dot",
    "to_json",
    "to_mermaid",
    "to_networkx",
    "to_pandas",
    "to_records",
]

Row = dict[str, Any]

#: Flat tables and their columns, in the order they are written.
TABLES: Final[Mapping[str, tuple[str, ...]]] = {
    "sources": (
        "id",
        "title",
        "publisher",
        "author",
        "kind",
        "language",
        "year",
        "date",
        "url",
        "retrieved",
        "copy_of",
        "note",
    ),
    "systems": ("id", "name", "category", "origin", "note"),
    "system_names": ("system_id", "name", "shared"),
    "derivations": ("id", "child_id", "parent_id", "relation", "confidence", "note"),
    "transfers": (
        "id",
        "deal",
        "stage",
        "item",
        "system_id",
        "supplier",
        "recipient",
        "kind",
        "start",
        "end",
        "approximate",
        "period_as_printed",
        "quantity",
        "qualifier",
        "unit",
        "quantity_as_printed",
        "confidence",
        "note",
    ),
    "eras": ("id", "name", "start", "end", "approximate", "summary"),
    "citations": (
        "table",
        "record_id",
        "position",
        "source_id",
        "quote",
        "translation",
        "supports",
    ),
    "tombstones": ("id", "record", "successor_id", "reason", "since"),
}


def _flat(record: Any) -> Any:
    """A record in a nested export: systems that other records point at become their ids."""
    if isinstance(record, System):
        return record.id
    return plain(record)


def to_records(data: Dataset) -> dict[str, Any]:
    """The whole dataset as plain, JSON-ready dicts: one list per record type."""
    edges = [{**plain(d), "child": d.child.id, "parent": d.parent.id} for d in data.derivations]
    moved = [
        {**plain(t), "system": None if t.system is None else t.system.id} for t in data.transfers
    ]
    return {
        "dataset": "soviet_dprk",
        "version": data.version,
        "digest": data.digest,
        "sources": plain(data.sources),
        "systems": plain(data.systems),
        "derivations": [{k: v for k, v in e.items() if k != "depth"} for e in edges],
        "transfers": moved,
        "eras": plain(data.eras),
        "tombstones": plain(data.tombstones),
    }


def to_json(data: Dataset, *, indent: int | None = 2) -> str:
    """`to_records` as a JSON document (UTF-8 text, keys in a stable order)."""
    return json.dumps(to_records(data), ensure_ascii=False, indent=indent)


def _cites(table: str, record_id: str, citations: Iterable[Any]) -> list[Row]:
    return [
        {
            "table": table,
            "record_id": record_id,
            "position": i,
            "source_id": c.source,
            "quote": c.quote,
            "translation": c.translation,
            # one cell: the evidence values, space-separated (none is more than one word)
            "supports": " ".join(e.value for e in c.supports) or None,
        }
        for i, c in enumerate(citations, 1)
    ]


def tables(data: Dataset) -> dict[str, list[Row]]:
    """The dataset as flat tables (see `TABLES`): one row a record, one value a cell."""
    out: dict[str, list[Row]] = {name: [] for name in TABLES}
    out["sources"] = [plain(s) for s in data.sources]
    for s in data.systems:
        out["systems"].append(
            {
                "id": s.id,
                "name": s.name,
                "category": s.category.value,
                "origin": s.origin.value,
                "note": s.note,
            }
        )
        out["system_names"] += [{"system_id": s.id, "name": a, "shared": False} for a in s.aliases]
        out["system_names"] += [
            {"system_id": s.id, "name": a, "shared": True} for a in s.shared_names
        ]
        out["citations"] += _cites("systems", s.id, s.citations)
    for d in data.derivations:
        out["derivations"].append(
            {
                "id": d.id,
                "child_id": d.child.id,
                "parent_id": d.parent.id,
                "relation": d.relation.value,
                "confidence": d.confidence.value,
                "note": d.note,
            }
        )
        out["citations"] += _cites("derivations", d.id, d.citations)
    for t in data.transfers:
        out["transfers"].append(
            {
                "id": t.id,
                "deal": t.deal,
                "stage": None if t.stage is None else t.stage.value,
                "item": t.item,
                "system_id": None if t.system is None else t.system.id,
                "supplier": t.supplier.value,
                "recipient": t.recipient.value,
                "kind": t.kind.value,
                "start": t.period.start,
                "end": t.period.end,
                "approximate": t.period.approximate,
                "period_as_printed": t.period.as_printed,
                "quantity": t.quantity.value,
                "qualifier": t.quantity.qualifier.value,
                "unit": t.quantity.unit,
                "quantity_as_printed": t.quantity.as_printed,
                "confidence": t.confidence.value,
                "note": t.note,
            }
        )
        out["citations"] += _cites("transfers", t.id, t.citations)
    for e in data.eras:
        out["eras"].append(
            {
                "id": e.id,
                "name": e.name,
                "start": e.start,
                "end": e.end,
                "approximate": e.approximate,
                "summary": e.summary,
            }
        )
        out["citations"] += _cites("eras", e.id, e.citations)
    out["tombstones"] = [
        {
            "id": t.id,
            "record": t.record.value,
            "successor_id": t.successor,
            "reason": t.reason,
            "since": t.since,
        }
        for t in data.tombstones
    ]
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""  # missing values are empty fields, never "NA" or "None"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _excel_safe(text: str) -> str:
    """A cell that a spreadsheet would run as a formula, made inert with a leading quote."""
    return "'" + text if text.startswith(UNSAFE_START) else text


def _write_tables(data: Dataset, folder: Path, excel_safe: bool) -> dict[str, Path]:
    written: dict[str, Path] = {}
    for name, rows in tables(data).items():
        path = folder / f"{name}.csv"
        with path.open("x", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(TABLES[name])
            for row in rows:
                cells = [_cell(row[c]) for c in TABLES[name]]
                writer.writerow([_excel_safe(c) for c in cells] if excel_safe else cells)
        written[name] = path
    return written


def _marker(data: Dataset, kind: str, excel_safe: bool) -> dict[str, str]:
    return {
        "export": kind,
        "version": data.version,
        "digest": data.digest,
        "excel_safe": str(excel_safe).lower(),
    }


def to_csv(
    data: Dataset, folder: str | Path, *, force: bool = False, excel_safe: bool = False
) -> dict[str, Path]:
    """Write one CSV file a table (see `TABLES`) into ``folder``; return the paths by table.

    UTF-8, comma-separated, a header row, missing values as empty fields, booleans as
    ``true``/``false``, every cell as the data holds it (what R, DuckDB and pandas expect).
    With ``excel_safe``, a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading ``'`` so that a spreadsheet shows it instead of running it.

    The folder is written whole (see `soviet_dprk._write`): an earlier export there is
    replaced, a non-empty folder holding anything else only with ``force``.
    """
    written: dict[str, Path] = {}

    def write(fresh: Path) -> list[Path]:
        written.update(_write_tables(data, fresh, excel_safe))
        return list(written.values())

    target = write_folder(folder, write, what=_marker(data, "csv", excel_safe), force=force)
    return {name: target / path.name for name, path in written.items()}


def to_pandas(data: Dataset, table: str | None = None) -> Any:
    """Tidy frames, or the flat tables (needs ``soviet-dprk[pandas]``); see `Dataset.to_pandas`."""
    if table is not None:
        from ._tidy import frame

        records = {
            "systems": data.systems,
            "derivations": data.derivations,
            "transfers": data.transfers,
            "deals": data.deals,
            "eras": data.eras,
            "sources": data.sources,
        }
        if not isinstance(table, str):
            raise TypeError(f"table must be a str, not {type(table).__name__}")
        if table not in records:
            raise ValueError(f"unknown table {table!r}; use one of {', '.join(records)}")
        kinds = {"systems": System, "derivations": Derivation, "transfers": Transfer}
        kinds |= {"deals": Deal, "eras": Era, "sources": Source}
        return frame(records[table], kinds[table])
    try:
        pd = importlib.import_module("pandas")
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas() needs pandas: pip install 'soviet-dprk[pandas]'") from exc
    return {
        name: pd.DataFrame(rows, columns=list(TABLES[name])) for name, rows in tables(data).items()
    }


def _enum(values: type[enum.Enum]) -> list[str]:
    return [str(v.value) for v in values]


_FIELD_TYPES: Final[Mapping[str, str]] = {
    "year": "integer",
    "start": "integer",
    "end": "integer",
    "quantity": "integer",
    "position": "integer",
    "approximate": "boolean",
    "shared": "boolean",
    "url": "string",
}
_ENUMS: Final[Mapping[tuple[str, str], list[str]]] = {
    ("systems", "category"): _enum(Category),
    ("systems", "origin"): _enum(Country),
    ("derivations", "relation"): _enum(Relation),
    ("derivations", "confidence"): _enum(Confidence),
    ("transfers", "supplier"): _enum(Country),
    ("transfers", "recipient"): _enum(Country),
    ("transfers", "kind"): _enum(TransferKind),
    ("transfers", "qualifier"): _enum(Qualifier),
    ("transfers", "confidence"): _enum(Confidence),
    ("citations", "table"): ["systems", "derivations", "transfers", "eras"],
    ("sources", "kind"): _enum(SourceKind),
    ("transfers", "stage"): _enum(Stage),
    ("tombstones", "record"): _enum(Table),
}
_REQUIRED: Final = {
    "id",
    "name",
    "title",
    "publisher",
    "category",
    "origin",
    "system_id",
    "child_id",
    "parent_id",
    "relation",
    "confidence",
    "item",
    "supplier",
    "recipient",
    "kind",
    "start",
    "approximate",
    "qualifier",
    "unit",
    "summary",
    "table",
    "record_id",
    "position",
    "source_id",
    "quote",
    "reason",
    "since",
    "shared",
    "deal",
    "record",
}
#: Required columns that some tables leave empty: goods that are no one system, and the
#: source kinds and transfer stages that versions before 2.0.0 do not record.
_OPTIONAL: Final = {
    ("transfers", "system_id"),
    ("sources", "kind"),
    ("transfers", "stage"),
    ("transfers", "start"),  # "by 1952": only the latest year is given (from 2.0.0)
}
_KEYS: Final[Mapping[str, list[str]]] = {
    "sources": ["id"],
    "systems": ["id"],
    "system_names": ["system_id", "name"],
    "derivations": ["id"],
    "transfers": ["id"],
    "eras": ["id"],
    "citations": ["table", "record_id", "position"],
    "tombstones": ["id"],
}
_FOREIGN: Final[Mapping[str, list[tuple[str, str]]]] = {
    "system_names": [("system_id", "systems")],
    "derivations": [("child_id", "systems"), ("parent_id", "systems")],
    "transfers": [("system_id", "systems")],
    "citations": [("source_id", "sources")],
    # A tombstone's successor is an id of the file its record names: no one table to refer to.
}


def _schema(table: str) -> dict[str, Any]:
    fields = []
    for column in TABLES[table]:
        field: dict[str, Any] = {"name": column, "type": _FIELD_TYPES.get(column, "string")}
        constraints: dict[str, Any] = {}
        if column in _REQUIRED and (table, column) not in _OPTIONAL:
            constraints["required"] = True
        if (table, column) in _ENUMS:
            constraints["enum"] = _ENUMS[table, column]
        if constraints:
            field["constraints"] = constraints
        if field["type"] == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""], "primaryKey": _KEYS[table]}
    foreign = [
        {"fields": column, "reference": {"resource": target.replace("_", "-"), "fields": "id"}}
        for column, target in _FOREIGN.get(table, [])
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def to_datapackage(
    data: Dataset, folder: str | Path, *, force: bool = False, excel_safe: bool = False
) -> Path:
    """Write the CSV tables and a Frictionless ``datapackage.json`` describing them.

    The descriptor holds a Table Schema for every table (types, required fields, enums, primary
    and foreign keys), the dataset version and digest, the sources, the licences and each
    file's SHA-256, so that R, Julia, SQL and spreadsheet users can read the data without
    Python. The folder is written whole, as by `to_csv`. Returns the descriptor's path.
    """

    def write(fresh: Path) -> list[Path]:
        paths = _write_tables(data, fresh, excel_safe)
        resources = []
        for name, path in paths.items():
            resources.append(
                {
                    "name": name.replace("_", "-"),
                    "path": path.name,
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    # Stated, not sniffed: a note full of commas and quotes can mislead a guess.
                    "dialect": {
                        "delimiter": ",",
                        "quoteChar": '"',
                        "doubleQuote": True,
                        "header": True,
                    },
                    "hash": "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(),
                    "schema": _schema(name),
                }
            )
        descriptor = {
            "profile": "tabular-data-package",
            "name": "soviet-dprk",
            "title": (
                "soviet_dprk: the Soviet, Russian and Chinese lineage of North Korea's arsenal"
            ),
            "version": data.version,
            "soviet_dprk_digest": data.digest,
            "licenses": [
                {
                    "name": "CC-BY-4.0",
                    "path": "https://creativecommons.org/licenses/by/4.0/",
                    "title": "Creative Commons Attribution 4.0",
                }
            ],
            "sources": [
                {k: v for k, v in {"title": s.title, "path": s.url}.items() if v is not None}
                for s in data.sources
            ],
            "resources": resources,
        }
        target = fresh / "datapackage.json"
        text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
        target.write_text(text, encoding="utf-8")
        return [*paths.values(), target]

    what = _marker(data, "datapackage", excel_safe)
    return write_folder(folder, write, what=what, force=force) / "datapackage.json"


# -- graphs ------------------------------------------------------------------------------------


def _edges(data: Dataset, name: str | None) -> tuple[list[System], list[Any]]:
    if name is None:
        edges = list(data.derivations)
    else:
        edges = list(
            dict.fromkeys(
                (
                    *data.derived_from(name, transitive=True),
                    *data.derivatives_of(name, transitive=True),
                )
            )
        )
        edges = [attrs.evolve(e, depth=1) for e in edges]
    nodes = {data.system(name).id: data.system(name)} if name is not None else {}
    for e in edges:
        nodes.setdefault(e.child.id, e.child)
        nodes.setdefault(e.parent.id, e.parent)
    unique = list({e.id: e for e in edges}.values())
    return list(nodes.values()), unique


#: The colour of a node by its origin; parties not listed are drawn grey (`_OTHER_COLOUR`).
_COLOURS: Final[Mapping[Country, str]] = {
    Country.USSR: "#c0392b",
    Country.RUSSIA: "#e67e22",
    Country.CHINA: "#d4ac0d",
    Country.DPRK: "#2471a3",
    Country.CZECHOSLOVAKIA: "#7d3c98",
    Country.POLAND: "#7d3c98",
    Country.EGYPT: "#7d3c98",
    Country.IRAN: "#7d3c98",
}
_OTHER_COLOUR: Final = "#7f8c8d"
_STYLES: Final[Mapping[Relation, str]] = {
    Relation.LICENSED_PRODUCTION: "solid",
    Relation.COPY: "bold",
    Relation.MODELED_AFTER: "dashed",
    Relation.DESIGN_INFLUENCE: "dotted",
    Relation.VARIANT: "solid",
    Relation.COMPONENT: "tapered",
}


def _dot(text: str) -> str:
    """Text as one DOT quoted string: backslashes and quotes escaped, line breaks as ``\\n``.

    Nothing in it can end the string, so no name can add a node, an edge or an attribute.
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n") + '"'


def to_dot(data: Dataset, name: str | None = None) -> str:
    """Graphviz DOT text of one system's lineage (ancestors and descendants) or of all of it.

    Nodes are coloured by country of origin; edges point from parent to child, styled by
    relation (solid licence or variant, bold copy, dashed modeled after, dotted influence,
    tapered component) and grey when the claim is reported or disputed. Every name and label
    is one escaped DOT string.
    """
    nodes, edges = _edges(data, name)
    lines = [
        "digraph lineage {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontcolor=white];',
    ]
    for s in sorted(nodes, key=lambda s: s.id):
        label = _dot(f"{s.name}\n{s.origin.label}")
        colour = _COLOURS.get(s.origin, _OTHER_COLOUR)
        lines.append(f'  {_dot(s.id)} [label={label}, fillcolor="{colour}"];')
    for e in sorted(edges, key=lambda e: e.id):
        colour = "black" if e.confidence is Confidence.STATED else "gray50"
        lines.append(
            f"  {_dot(e.parent.id)} -> {_dot(e.child.id)} "
            f"[label={_dot(e.relation.value.replace('_', ' '))}, "
            f'style={_STYLES[e.relation]}, color="{colour}"];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_id(system_id: str) -> str:
    return "n_" + "".join(c if c.isalnum() and c.isascii() else "_" for c in system_id)


def _mermaid(text: str) -> str:
    """Text for a quoted Mermaid label: every character but ASCII letters, digits, spaces
    and ``.,()/_`` as an entity code (``#35;``), so that no name can close the label, start
    a line or a link, or add a ``click`` line.
    """
    safe = " .,()/_"
    return "".join(c if (c.isascii() and c.isalnum()) or c in safe else f"#{ord(c)};" for c in text)


def to_mermaid(data: Dataset, name: str | None = None) -> str:
    """Mermaid flowchart text of one system's lineage or of all of it (parent --> child).

    Dotted arrows mark reported or disputed claims. Labels are entity-coded (see `_mermaid`).
    """
    nodes, edges = _edges(data, name)
    lines = ["flowchart LR"]
    for s in sorted(nodes, key=lambda s: s.id):
        lines.append(f'  {_mermaid_id(s.id)}["{_mermaid(f"{s.name} ({s.origin.label})")}"]')
    for e in sorted(edges, key=lambda e: e.id):
        arrow = "-->" if e.confidence is Confidence.STATED else "-.->"
        relation = e.relation.value.replace("_", " ")
        lines.append(f"  {_mermaid_id(e.parent.id)} {arrow}|{relation}| {_mermaid_id(e.child.id)}")
    return "\n".join(lines) + "\n"


def to_networkx(data: Dataset) -> Any:
    """The lineage as a ``networkx.MultiDiGraph`` (parent -> child), needs ``[networkx]``.

    Nodes are system ids with the system's name, category and origin as attributes; edges carry
    the derivation id, relation and confidence. Parallel edges keep disagreeing claims apart.
    """
    try:
        nx = importlib.import_module("networkx")
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_networkx() needs networkx: pip install 'soviet-dprk[networkx]'"
        ) from exc
    graph = nx.MultiDiGraph(version=data.version, digest=data.digest)
    for s in data.systems:
        graph.add_node(s.id, name=s.name, category=s.category.value, origin=s.origin.value)
    for e in data.derivations:
        graph.add_edge(
            e.parent.id,
            e.child.id,
            key=e.id,
            relation=e.relation.value,
            confidence=e.confidence.value,
        )
    return graph


# -- citing ------------------------------------------------------------------------------------


#: The day each dataset version was released (registered), for citations; the tests check
#: that every registered version has one.
RELEASED: Final[Mapping[str, str]] = {
    "1.0.0": "2026-11-26",
    "1.1.0": "2026-11-26",
    "1.2.0": "2026-11-26",
    "2.0.0": "2026-12-02",
    "2.1.0": "2026-12-02",
    "2.2.0": "2026-12-03",
    "2.3.0": "2026-12-04",
    "2.4.0": "2026-12-04",
}


def _project_url() -> str | None:
    """The project's home page as the installed package's metadata gives it, if it does."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        fields = metadata("soviet-dprk")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return None
    for entry in fields.get_all("Project-URL") or ():
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in {"homepage", "home", "source", "repository"}:
            return url.strip()
    homes = [str(h).strip() for h in fields.get_all("Home-page") or ()]
    return next((h for h in homes if h), None)


def cite(data: Dataset, package_version: str, style: str = "text") -> str:
    """How to cite the library and the dataset version: ``style`` is ``"text"`` or ``"bibtex"``.

    The year is the dataset version's release year (an unreleased version's: none); the URL
    is the project's home page when the package's metadata names one.
    """
    released = RELEASED.get(data.version) if data.released else None
    year = None if released is None else released[:4]
    url = _project_url()
    if style == "text":
        when = f", released {released}" if released else ", unreleased"
        where = f" {url}" if url else ""
        return (
            f"soviet_dprk developers. soviet_dprk: the Soviet, Russian and Chinese lineage of "
            f"North Korea's arsenal. Software version {package_version}, dataset version "
            f"{data.version}{when} ({data.digest}).{where}\n"
            'Founding source: Mark Episkopos, "North Korea Would Be Weak Without Russian '
            'Military Aid", The National Interest (2019).\n'
        )
    if style == "bibtex":
        key = "soviet_dprk_" + data.version.replace(".", "_")
        return (
            f"@misc{{{key},\n"
            "  author = {{soviet\\_dprk developers}},\n"
            "  title = {soviet\\_dprk: the Soviet, Russian and Chinese lineage of North Korea's"
            " arsenal},\n"
            + (f"  year = {{{year}}},\n" if year else "")
            + (f"  url = {{{url}}},\n" if url else "")
            + f"  version = {{{package_version}}},\n"
            f"  note = {{Dataset version {data.version}, {data.digest}}},\n"
            "}\n"
        )
    raise ValueError(f"unknown citation style {style!r}; use 'text' or 'bibtex'")
