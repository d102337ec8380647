"""The ``soviet-dprk`` command line (also ``python -m soviet_dprk``)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

from . import _text
from ._errors import DatasetError, SovietDprkError
from ._model import Citation, Confidence, Deal, Derivation, Era, Stage, Transfer, plain

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["EXIT_BROKEN", "EXIT_LOOKUP", "EXIT_USAGE", "main"]

#: Exit status for an unknown or ambiguous system, era or dataset version.
EXIT_LOOKUP: Final = 1
#: Exit status for bad usage (argparse's own).
EXIT_USAGE: Final = 2
#: Exit status for missing or invalid shipped data: a broken installation.
EXIT_BROKEN: Final = 3

Row = dict[str, Any]

#: The width of the output, in terminal cells, or ``None`` to print every value whole; set by
#: `main` from ``$COLUMNS``, else the terminal's size when the output is a terminal.
_width: list[int | None] = [None]


def _output_width() -> int | None:
    columns = os.environ.get("COLUMNS", "")
    if columns.strip().isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size().columns
    return None


def _inner(indent: int) -> int | None:
    width = _width[0]
    return None if width is None else max(width - indent, 20)


def _para(text: str, indent: str = "", subsequent: str = "") -> list[str]:
    """A paragraph wrapped to the output width, or one whole line when there is none."""
    width = _width[0]
    if width is None:
        return [indent + " ".join(text.split())]
    return _text.wrap(text, width, indent=indent, subsequent=subsequent)


class Output:
    """What a subcommand answers: rows for table and CSV output, a document for JSON."""

    def __init__(
        self,
        columns: Sequence[str],
        rows: Sequence[Row],
        document: Any,
        text: str | None = None,
        *,
        raw: bool = False,
    ) -> None:
        self.columns = tuple(columns)
        self.rows = list(rows)
        self.document = document
        self.text = text
        self.raw = raw  # an export's own text: printed as it is, never wrapped

    def render(self, fmt: str) -> str:
        if fmt == "json":
            return json.dumps(self.document, ensure_ascii=False, indent=2)
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(self.columns)
            for row in self.rows:
                writer.writerow(["" if row.get(c) is None else row[c] for c in self.columns])
            return buffer.getvalue().rstrip("\n")
        text = self.text if self.text is not None else _table(self.columns, self.rows)
        if self.raw:
            return text
        return "\n".join(_fit(line) for line in text.split("\n"))


def _fit(line: str) -> str:
    """A line of prose wrapped to the output width, its continuation indented under it."""
    width = _width[0]
    if width is None or _text.width_of(line) <= width:
        return line
    indent = line[: len(line) - len(line.lstrip(" "))]
    return "\n".join(_text.wrap(line, width, indent=indent, subsequent=indent + "  "))


def _table(columns: Sequence[str], rows: Sequence[Row], indent: int = 0) -> str:
    """An aligned text table that fits the output width, long cells wrapped, never cut."""
    if not rows:
        return "(nothing)"
    cells = [[("" if r.get(c) is None else str(r[c])) for c in columns] for r in rows]
    return _text.table(columns, cells, _inner(indent))


def _label(value: Any) -> str:
    label = getattr(value, "label", None)
    return label if isinstance(label, str) else str(value.value).replace("_", " ")


class _Sources:
    """The sources a command shows, numbered in the order rows first cite them."""

    def __init__(self) -> None:
        self.numbers: dict[Citation, int] = {}

    def refs(self, citations: Sequence[Citation]) -> str:
        """The numbers of these citations, numbering the new ones (``"1, 2"``)."""
        for c in citations:
            self.numbers.setdefault(c, len(self.numbers) + 1)
        return ", ".join(str(self.numbers[c]) for c in dict.fromkeys(citations))

    def lines(self, data: Dataset | None = None, more: Sequence[Citation] = ()) -> list[str]:
        self.refs(more)
        return _cites(list(self.numbers), data, numbered=True)


def _edge_row(d: Derivation, sources: _Sources | None = None) -> Row:
    row: Row = {
        "depth": d.depth,
        "child": d.child.name,
        "child origin": d.child.origin.label,
        "parent": d.parent.name,
        "parent origin": d.parent.origin.label,
        "relation": _label(d.relation),
        "confidence": _label(d.confidence),
        "id": d.id,
    }
    if sources is not None:
        row["sources"] = sources.refs(d.citations)
    return row


def _edge_json(d: Derivation) -> Row:
    return {**plain(d), "child": d.child.id, "parent": d.parent.id}


def _years(t: Transfer) -> str:
    p = t.period
    if p.start is None:
        span = f"by {p.end}"
    elif p.end == p.start:
        span = f"{p.start}"
    else:
        span = f"{p.start}-{'' if p.end is None else p.end}"
    return ("c. " if p.approximate else "") + span


def _transfer_row(t: Transfer, sources: _Sources | None = None) -> Row:
    q = t.quantity
    row: Row = {
        "years": _years(t),
        "from": t.supplier.label,
        "to": t.recipient.label,
        "item": t.item,
        "kind": _label(t.kind),
        "as printed": q.as_printed,
        "confidence": _label(t.confidence),
        "id": t.id,
    }
    if sources is not None:
        row["sources"] = sources.refs(t.citations)
    return row


def _transfer_json(t: Transfer) -> Row:
    return {**plain(t), "system": None if t.system is None else t.system.id}


_EDGE_COLUMNS: Final = (
    "depth",
    "child",
    "child origin",
    "parent",
    "parent origin",
    "relation",
    "confidence",
)
_TRANSFER_COLUMNS: Final = ("years", "from", "to", "item", "kind", "as printed", "confidence")
#: With numbered sources: each row points at its own.
_EDGE_CITED: Final = (*_EDGE_COLUMNS, "sources")
_TRANSFER_CITED: Final = (*_TRANSFER_COLUMNS, "sources")


def _cites(
    citations: Sequence[Citation], data: Dataset | None = None, *, numbered: bool = False
) -> list[str]:
    lines = ["sources:"]
    for n, c in enumerate(dict.fromkeys(citations), 1):
        where = ""
        if data is not None:
            source = data.source(c.source)
            where = f" ({source.publisher}{', ' + source.url if source.url else ''})"
        number = f"{n}. " if numbered else ""
        lines += _para(f'{number}[{c.source}] "{c.quote}"{where}', "  ", "    ")
        if c.translation:
            lines += _para(f"(dataset's translation) {c.translation}", "    ", "    ")
    return lines


def _section(title: str, columns: Sequence[str], rows: Sequence[Row]) -> list[str]:
    if not rows:
        return []
    table = _table(columns, rows, indent=2)
    return [f"{title}:", *("  " + line if line else line for line in table.split("\n"))]


# -- subcommands ------------------------------------------------------------------------------


def _origin(data: Dataset, args: argparse.Namespace) -> Output:
    o = data.origin_of(args.name)
    s = o.system
    row = {
        "system": s.name,
        "id": s.id,
        "acquisition": _label(o.acquisition),
        "roots": "; ".join(r.name for r in o.roots),
        "countries": "; ".join(c.label for c in o.countries),
        "confidence": _label(o.confidence),
    }
    document = {
        **plain(o),
        "system": s.id,
        "roots": [r.id for r in o.roots],
        "root_designs": [r.id for r in o.root_designs],
        "lineage": [_edge_json(d) for d in o.lineage],
        "transfers": [_transfer_json(t) for t in o.transfers],
    }
    inferred = o.confidence is Confidence.INFERRED
    cited = _Sources()
    lines = [
        f"{s.name} [{s.id}]: {_label(s.category)}, {s.origin.label}",
        f"acquisition: {row['acquisition']}"
        + (" (inferred: no recorded claim says how the DPRK got it)" if inferred else ""),
        "roots: " + (", ".join(f"{r.name} ({r.origin.label})" for r in o.roots) or "none"),
        f"confidence: {row['confidence']}",
        *(_para(f"note: {s.note}", "", "  ") if s.note else []),
        *_section("lineage", _EDGE_CITED, [_edge_row(d, cited) for d in o.lineage]),
        *_section("transfers", _TRANSFER_CITED, [_transfer_row(t, cited) for t in o.transfers]),
        *cited.lines(more=o.citations),
    ]
    return Output(tuple(row), [row], document, "\n".join(lines))


def _edges(edges: Sequence[Derivation], empty: str) -> Output:
    cited = _Sources()
    rows = [_edge_row(d, cited) for d in edges]
    text = empty
    if edges:
        text = "\n".join([_table(_EDGE_CITED, rows), *cited.lines()])
    return Output((*_EDGE_COLUMNS, "id"), rows, [_edge_json(d) for d in edges], text)


def _derived_from(data: Dataset, args: argparse.Namespace) -> Output:
    edges = data.derived_from(args.name, transitive=args.transitive)
    return _edges(edges, f"no parents recorded for {data.system(args.name).name}")


def _derivatives_of(data: Dataset, args: argparse.Namespace) -> Output:
    edges = data.derivatives_of(args.name, transitive=args.transitive)
    return _edges(edges, f"nothing recorded as derived from {data.system(args.name).name}")


def _lineage(data: Dataset, args: argparse.Namespace) -> Output:
    depth = args.depth

    def within(edges: Sequence[Derivation]) -> list[Derivation]:
        return [d for d in edges if depth is None or d.depth <= depth]

    up = within(data.derived_from(args.name, transitive=True))
    down = within(data.derivatives_of(args.name, transitive=True))
    name = data.system(args.name).name
    rows = [{"direction": "ancestor", **_edge_row(d)} for d in up]
    rows += [{"direction": "descendant", **_edge_row(d)} for d in down]
    document = {
        "system": data.system(args.name).id,
        "ancestors": [_edge_json(d) for d in up],
        "descendants": [_edge_json(d) for d in down],
    }
    lines = [f"lineage of {name}" + ("" if depth is None else f" (depth {depth})")]
    lines += _section("ancestors", _EDGE_COLUMNS, [_edge_row(d) for d in up]) or [
        "ancestors: none recorded"
    ]
    lines += _section("descendants", _EDGE_COLUMNS, [_edge_row(d) for d in down]) or [
        "descendants: none recorded"
    ]
    return Output(("direction", *_EDGE_COLUMNS, "id"), rows, document, "\n".join(lines))


def _era(data: Dataset, args: argparse.Namespace) -> Output:
    key: int | str = int(args.era) if args.era.strip().isdigit() else args.era
    era: Era | None = data.era(key) if isinstance(key, str) else None
    transfers = data.by_era(era if era is not None else key)
    rows = [_transfer_row(t) for t in transfers]
    if era is not None:
        end = "" if era.end is None else era.end
        head = [f"{era.name} [{era.id}]: {era.start}-{end}" + (" (approx.)" * era.approximate)]
        head += _para(era.summary, "  ", "  ")
    else:
        eras = ", ".join(e.id for e in data.eras_at(int(key))) or "no era"
        head = [f"transfers under way in {key} ({eras})"]
    text = "\n".join([*head, _table(_TRANSFER_COLUMNS, rows) if rows else "no transfers"])
    document = {
        "era": None if era is None else plain(era),
        "year": None if era is not None else key,
        "transfers": [_transfer_json(t) for t in transfers],
    }
    return Output((*_TRANSFER_COLUMNS, "id"), rows, document, text)


def _eras(data: Dataset, args: argparse.Namespace) -> Output:
    rows = [
        {
            "id": e.id,
            "name": e.name,
            "start": e.start,
            "end": e.end,
            "approximate": e.approximate,
            "transfers": len(data.by_era(e)),
        }
        for e in data.eras
    ]
    table_rows = [
        {**r, "years": f"{r['start']}-{'' if r['end'] is None else r['end']}"} for r in rows
    ]
    text = _table(("id", "years", "name", "transfers"), table_rows)
    return Output(tuple(rows[0]) if rows else ("id",), rows, [plain(e) for e in data.eras], text)


def _deal_row(d: Deal) -> Row:
    span = f"{d.start}" if d.end == d.start else f"{d.start}-{'' if d.end is None else d.end}"
    return {
        "years": span,
        "from": d.supplier.label,
        "to": d.recipient.label,
        "item": d.item,
        "estimate": d.estimate(),
        "claims": len(d.claims),
        "confidence": _label(d.confidence),
        "deal": d.id,
    }


def _deal_json(d: Deal) -> Row:
    low, high = d.estimates()
    ordered = d.estimates(Stage.AGREED)
    return {
        "deal": d.id,
        "item": d.item,
        "system": None if d.system is None else d.system.id,
        "supplier": d.supplier.value,
        "recipient": d.recipient.value,
        "start": d.start,
        "end": d.end,
        "low": low,
        "high": high,
        "ordered_low": ordered[0],
        "ordered_high": ordered[1],
        "estimate": d.estimate(),
        "ordered": d.estimate(Stage.AGREED),
        "confidence": d.confidence.value,
        "claims": [_transfer_json(t) for t in d.claims],
    }


_DEAL_COLUMNS: Final = ("years", "from", "to", "item", "estimate", "claims", "confidence")


def _transfers(data: Dataset, args: argparse.Namespace) -> Output:
    filters = {
        "supplier": args.supplier,
        "recipient": args.recipient,
        "kind": args.kind,
        "system": args.system,
        "category": args.category,
        "years": args.years,
        "min_confidence": args.min_confidence,
    }
    try:
        if args.deals:
            deals = data.find_transfers(**filters, deals=True)
            rows = [_deal_row(d) for d in deals]
            text = _table(_DEAL_COLUMNS, rows) if rows else "no deals match"
            count = f"{len(deals)} deal{'' if len(deals) == 1 else 's'}"
            document = [_deal_json(d) for d in deals]
            return Output((*_DEAL_COLUMNS, "deal"), rows, document, f"{count}\n{text}")
        claims = data.find_transfers(**filters)
    except ValueError as exc:  # a --years that is no year, decade or range
        raise _UsageError(str(exc)) from None
    rows = [_transfer_row(t) for t in claims]
    text = _table(_TRANSFER_COLUMNS, rows) if rows else "no transfers match"
    count = f"{len(claims)} transfer claim{'' if len(claims) == 1 else 's'}"
    document = [_transfer_json(t) for t in claims]
    return Output((*_TRANSFER_COLUMNS, "id"), rows, document, f"{count}\n{text}")


def _search(data: Dataset, args: argparse.Namespace) -> Output:
    from ._search import scored

    found = scored(data.systems, args.text, args.limit)
    rows = [
        {
            "score": f"{score:.2f}",
            "name": s.name,
            "id": s.id,
            "category": _label(s.category),
            "origin": s.origin.label,
            "aliases": ", ".join(s.aliases[:3]),
        }
        for score, s in found
    ]
    columns = ("score", "name", "id", "category", "origin", "aliases")
    text = _table(columns, rows) if rows else f"no system matches {args.text!r}"
    document = [{"score": round(score, 4), **plain(s)} for score, s in found]
    return Output(columns, rows, document, text)


def _show(data: Dataset, args: argparse.Namespace) -> Output:
    s = data.system(args.name)
    origin = data.origin_of(s.id)
    up = data.derived_from(s.id, transitive=True)
    down = data.derivatives_of(s.id, transitive=True)
    moved = [t for t in data.transfers if t.system is not None and t.system.id == s.id]
    cited = _Sources()
    lines = [
        f"{s.name} [{s.id}]",
        f"category: {_label(s.category)}",
        f"origin: {s.origin.label}",
        f"aliases: {', '.join(s.aliases) or '-'}",
        *([f"shared names: {', '.join(s.shared_names)}"] if s.shared_names else []),
        *(_para(f"note: {s.note}", "", "  ") if s.note else []),
        (
            f"acquisition: {_label(origin.acquisition)} "
            f"(roots: {', '.join(r.name for r in origin.roots)}; {_label(origin.confidence)})"
        ),
        *_section("ancestors", _EDGE_CITED, [_edge_row(d, cited) for d in up]),
        *_section("descendants", _EDGE_CITED, [_edge_row(d, cited) for d in down]),
        *_section("transfers", _TRANSFER_CITED, [_transfer_row(t, cited) for t in moved]),
        *cited.lines(data, more=s.citations),
    ]
    document = {
        "system": plain(s),
        "origin": {
            **plain(origin),
            "system": s.id,
            "roots": [r.id for r in origin.roots],
            "root_designs": [r.id for r in origin.root_designs],
            "lineage": [_edge_json(d) for d in origin.lineage],
            "transfers": [_transfer_json(t) for t in origin.transfers],
        },
        "ancestors": [_edge_json(d) for d in up],
        "descendants": [_edge_json(d) for d in down],
        "transfers": [_transfer_json(t) for t in moved],
    }
    row = {"name": s.name, "id": s.id, "category": s.category.value, "origin": s.origin.value}
    return Output(tuple(row), [row], document, "\n".join(lines))


def _versions(data: Dataset | None, args: argparse.Namespace) -> Output:
    from ._api import DATASET_VERSION, versions

    shipped = versions()
    rows: list[Row] = [{"version": v, "default": v == DATASET_VERSION} for v in shipped]
    text = "\n".join(v + ("  (newest)" if v == DATASET_VERSION else "") for v in shipped)
    return Output(("version", "default"), rows, list(shipped), text)


def _info(data: Dataset, args: argparse.Namespace) -> Output:
    counts = {
        "systems": len(data.systems),
        "derivations": len(data.derivations),
        "transfers": len(data.transfers),
        "eras": len(data.eras),
        "sources": len(data.sources),
        "tombstones": len(data.tombstones),
    }
    document = {"version": data.version, "digest": data.digest, "counts": counts}
    rows: list[Row] = [
        {"field": "version", "value": data.version},
        {"field": "digest", "value": data.digest},
    ]
    rows += [{"field": k, "value": v} for k, v in counts.items()]
    text = "\n".join(f"{r['field']:<12} {r['value']}" for r in rows)
    return Output(("field", "value"), rows, document, text)


_SINGLE_FILE: Final = ("json", "dot", "mermaid")


def _export(data: Dataset, args: argparse.Namespace) -> Output:
    kind, output = args.export_format, args.output
    if args.system is not None and kind not in ("dot", "mermaid"):
        raise _UsageError(f"--system applies to dot and mermaid, not to {kind}")
    if args.excel_safe and kind not in ("csv", "datapackage"):
        raise _UsageError(f"--excel-safe applies to csv and datapackage, not to {kind}")
    if kind in _SINGLE_FILE:
        if kind == "json":
            text = data.to_json() + "\n"
        elif kind == "dot":
            text = data.to_dot(args.system)
        else:
            text = data.to_mermaid(args.system)
        if output is None or output == "-":
            return Output((), [], None, text.rstrip("\n"), raw=True)
        from ._write import write_file

        write_file(output, text, force=args.force)
        return Output((), [], None, f"wrote {output}")
    if output is None or output == "-":
        raise _UsageError(f"export --as {kind} writes a folder: give it with --output DIR")
    if kind == "csv":
        paths = data.to_csv(output, force=args.force, excel_safe=args.excel_safe)
        return Output((), [], None, "\n".join(f"wrote {p}" for p in paths.values()))
    path = data.to_datapackage(output, force=args.force, excel_safe=args.excel_safe)
    return Output((), [], None, f"wrote {path}")


def _diff(data: Dataset, args: argparse.Namespace) -> Output:
    from ._api import load
    from ._export import to_records

    old, new = to_records(load(args.old)), to_records(load(args.new))
    rows: list[Row] = []
    for table in ("systems", "derivations", "transfers", "eras", "sources", "tombstones"):
        before = {r["id"]: r for r in old[table]}
        after = {r["id"]: r for r in new[table]}
        for rid in sorted(after.keys() - before.keys()):
            rows.append({"table": table, "change": "added", "id": rid})
        for rid in sorted(before.keys() - after.keys()):
            rows.append({"table": table, "change": "removed", "id": rid})
        for rid in sorted(before.keys() & after.keys()):
            old_record, new_record = before[rid], after[rid]
            if old_record != new_record:
                fields = sorted(
                    k
                    for k in old_record.keys() | new_record.keys()
                    if old_record.get(k) != new_record.get(k)
                )
                rows.append(
                    {
                        "table": table,
                        "change": "changed",
                        "id": rid,
                        "fields": ", ".join(fields),
                        "old": {k: old_record.get(k) for k in fields},
                        "new": {k: new_record.get(k) for k in fields},
                    }
                )
    summary: dict[str, dict[str, int]] = {}
    for r in rows:
        summary.setdefault(r["table"], {"added": 0, "removed": 0, "changed": 0})[r["change"]] += 1
    head = [f"{args.old} -> {args.new}"] + [
        f"  {t}: {c['added']} added, {c['removed']} removed, {c['changed']} changed"
        for t, c in summary.items()
    ]
    text = "\n".join([*head, _table(("table", "change", "id", "fields"), rows)])
    document = {"old": args.old, "new": args.new, "summary": summary, "changes": rows}
    return Output(("table", "change", "id", "fields"), rows, document, text)


def _cite(data: Dataset, args: argparse.Namespace) -> Output:
    text, bibtex = data.cite("text"), data.cite("bibtex")
    chosen = bibtex if args.bibtex else text
    document = {"version": data.version, "digest": data.digest, "text": text, "bibtex": bibtex}
    return Output(("text",), [{"text": chosen.strip()}], document, chosen.rstrip("\n"))


class _UsageError(Exception):
    """Bad combination of arguments, found after parsing."""


def _at_least(low: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, got {value}")
        return value

    parse.__name__ = f"number of at least {low}"
    return parse


def _version_text() -> str:
    from importlib.metadata import version

    from ._api import DATASET_VERSION, versions

    return (
        f"soviet-dprk {version('soviet-dprk')} "
        f"(dataset {DATASET_VERSION}; shipped: {', '.join(versions())})"
    )


class _Version(argparse.Action):
    """``--version``, worked out only when asked for: the registry is not read otherwise."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the versions and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        _write(_version_text())
        parser.exit()


Handler = Callable[[Any, argparse.Namespace], Output]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="soviet-dprk",
        description="Where North Korea's military equipment comes from, with sources.",
        epilog='example: soviet-dprk origin "Type 58"',
    )
    parser.add_argument("--version", action=_Version)
    pinned = argparse.ArgumentParser(add_help=False)
    pinned.add_argument(
        "--data-version",
        metavar="VERSION",
        help="dataset version to use (default: $SOVIET_DPRK_DATASET_VERSION or the newest)",
    )
    common = argparse.ArgumentParser(add_help=False, parents=[pinned])
    common.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="output format (default: table)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, summary: str, example: str, handler: Handler, *, formats: bool = True
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            parents=[common if formats else pinned],
            help=summary,
            description=summary,
            epilog=f"example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(handler=handler)
        return p

    add(
        "origin", "where a system comes from", 'soviet-dprk origin "Type 58"', _origin
    ).add_argument("name", help="a system name or alias")
    lineage = add(
        "lineage",
        "ancestors and descendants of a system",
        "soviet-dprk lineage Type-59 --depth 1",
        _lineage,
    )
    lineage.add_argument("name", help="a system name or alias")
    lineage.add_argument(
        "--depth", type=_at_least(1), help="how many steps to follow, 1 or more (default: all)"
    )
    for name, what, handler in (
        ("derived-from", "the designs a system derives from", _derived_from),
        ("derivatives-of", "the designs derived from a system", _derivatives_of),
    ):
        p = add(name, what, f'soviet-dprk {name} "Pokpung-ho" --transitive', handler)
        p.add_argument("name", help="a system name or alias")
        p.add_argument("--transitive", action="store_true", help="follow the lineage all the way")
    add("era", "transfers in an era or a year", "soviet-dprk era 1950", _era).add_argument(
        "era", help="an era id or name, or a year"
    )
    transfers = add(
        "transfers",
        "transfer claims, or deals, filtered",
        "soviet-dprk transfers --from ussr --to dprk --years 1960-1989 --deals",
        _transfers,
    )
    transfers.add_argument("--from", dest="supplier", help="supplier: name, ISO code or value")
    transfers.add_argument("--to", dest="recipient", help="recipient: name, ISO code or value")
    transfers.add_argument("--kind", help="delivery, licence, kits, technology, funding...")
    transfers.add_argument("--system", help="a system name: its transfers only")
    transfers.add_argument("--category", help="a category such as fighter or tank")
    transfers.add_argument("--years", help="1960, 1960s, 1960-1989 or 2023-")
    transfers.add_argument(
        "--min-confidence", help="the weakest confidence kept: stated, reported or disputed"
    )
    transfers.add_argument(
        "--deals", action="store_true", help="one row a deal, with its estimates"
    )
    search = add("search", "find systems by name, fuzzily", "soviet-dprk search chonma", _search)
    search.add_argument("text", help="part of a name, an alias or a misspelling")
    search.add_argument(
        "--limit", type=_at_least(1), default=10, help="at most this many, 1 or more (default: 10)"
    )
    add("show", "everything about one system", 'soviet-dprk show "Type 88"', _show).add_argument(
        "name", help="a system name or alias"
    )
    add("eras", "the eras of the DPRK's arms relations", "soviet-dprk eras", _eras)
    add("versions", "dataset versions shipped", "soviet-dprk versions", _versions)
    add("info", "dataset version, digest and counts", "soviet-dprk info", _info)
    export = add(
        "export",
        "write the dataset for other tools",
        "soviet-dprk export --as datapackage --output ./soviet-dprk-data",
        _export,
        formats=False,
    )
    export.add_argument(
        "--as",
        dest="export_format",
        choices=("json", "csv", "datapackage", "dot", "mermaid"),
        required=True,
        help="json, dot or mermaid (one file, or standard output), csv or datapackage (a folder)",
    )
    export.add_argument(
        "--output",
        metavar="PATH",
        help="the file or folder to write; - or none: standard output (json, dot, mermaid)",
    )
    export.add_argument("--system", help="dot and mermaid only: this system's lineage alone")
    export.add_argument(
        "--force",
        action="store_true",
        help="replace an existing file, or a non-empty folder that holds no earlier export",
    )
    export.add_argument(
        "--excel-safe",
        action="store_true",
        help="csv and datapackage: make cells that a spreadsheet would run as formulas inert",
    )
    diff = add(
        "diff", "what changed between two dataset versions", "soviet-dprk diff 1.0.0 1.1.0", _diff
    )
    diff.add_argument("old", help="the older dataset version")
    diff.add_argument("new", help="the newer dataset version")
    cite = add("cite", "how to cite the library and dataset", "soviet-dprk cite --bibtex", _cite)
    cite.add_argument("--bibtex", action="store_true", help="BibTeX instead of plain text")
    return parser


def _write(text: str) -> int:
    """Print the answer; a reader that stops early (``| head``) is no error."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at nothing so that it cannot fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    _width[0] = _output_width()
    try:
        data = None
        if args.command != "versions":
            from ._api import load

            data = load(args.data_version)
        out = args.handler(data, args).render(getattr(args, "format", "table"))
    except _UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"soviet-dprk {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DatasetError as exc:
        print(f"soviet-dprk: broken installation: {exc}", file=sys.stderr)
        return EXIT_BROKEN
    except SovietDprkError as exc:
        print(f"soviet-dprk: {exc}", file=sys.stderr)
        return EXIT_LOOKUP
    return _write(out)
