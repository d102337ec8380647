"""The ``soviet-dprk`` command line."""

from __future__ import annotations

import argparse
import enum
import json
import sys
import textwrap
from collections.abc import Sequence
from typing import Any, Final

import attrs

from ._errors import DatasetError, SovietDprkError
from ._model import Citation, Derivation, Era, Origin, Transfer

__all__ = ["EXIT_BROKEN", "EXIT_LOOKUP", "EXIT_USAGE", "main"]

#: Exit status for an unknown or ambiguous system, era or dataset version.
EXIT_LOOKUP: Final = 1
#: Exit status for bad usage (argparse's own).
EXIT_USAGE: Final = 2
#: Exit status for missing or invalid shipped data: a broken installation.
EXIT_BROKEN: Final = 3

_WIDTH: Final = 80


def _plain(value: Any) -> Any:
    """Records as JSON-ready values: enums by value, tuples as lists."""
    if attrs.has(type(value)):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if not f.name.startswith("_")
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _label(value: enum.Enum) -> str:
    label = getattr(value, "label", None)
    return label if isinstance(label, str) else str(value.value).replace("_", " ")


def _count(transfer: Transfer) -> str:
    q = transfer.quantity
    if q.as_printed is None:
        return "number not given"
    return f"{q.as_printed} {q.unit}" if q.value is not None else f"{q.as_printed!r} {q.unit}"


def _years(transfer: Transfer) -> str:
    p = transfer.period
    span = f"{p.start}" if p.end == p.start else f"{p.start}-{'' if p.end is None else p.end}"
    return ("c. " if p.approximate else "") + span


def _edge(d: Derivation) -> str:
    return (
        f"  {d.depth}  {d.child.name} <- {d.parent.name} ({d.parent.origin.label}): "
        f"{_label(d.relation)}, {_label(d.confidence)}"
    )


def _transfer_line(t: Transfer) -> str:
    return (
        f"  {_years(t):<12} {t.supplier.label} -> {t.recipient.label}: {t.item} "
        f"[{_label(t.kind)}, {_count(t)}, {_label(t.confidence)}]"
    )


def _cites(citations: Sequence[Citation]) -> list[str]:
    lines = ["sources:"]
    for c in citations:
        lines += textwrap.wrap(
            f'[{c.source}] "{c.quote}"', _WIDTH, initial_indent="  ", subsequent_indent="    "
        )
    return lines


def _origin_text(o: Origin) -> str:
    s = o.system
    roots = ", ".join(f"{r.name} ({r.origin.label})" for r in o.roots)
    lines = [
        f"{s.name} [{s.id}]: {_label(s.category)}, {s.origin.label}",
        f"acquisition: {_label(o.acquisition)}",
        f"roots: {roots}",
        f"confidence: {_label(o.confidence)}",
    ]
    if o.lineage:
        lines += ["lineage:", *(_edge(d) for d in o.lineage)]
    if o.transfers:
        lines += ["transfers:", *(_transfer_line(t) for t in o.transfers)]
    return "\n".join([*lines, *_cites(o.citations)])


def _edges_text(edges: Sequence[Derivation], empty: str) -> str:
    if not edges:
        return empty
    lines = [_edge(d) for d in edges]
    return "\n".join([*lines, *_cites(list(dict.fromkeys(c for d in edges for c in d.citations)))])


def _era_text(era: Era | None, transfers: Sequence[Transfer], year: int | None) -> str:
    if era is not None:
        end = "" if era.end is None else era.end
        head = [
            f"{era.name} [{era.id}]: {era.start}-{end}{' (approximate)' if era.approximate else ''}"
        ]
        head += textwrap.wrap(era.summary, _WIDTH, initial_indent="  ", subsequent_indent="  ")
    else:
        head = [f"transfers under way in {year}"]
    body = [_transfer_line(t) for t in transfers] or ["  no transfers"]
    return "\n".join([*head, *body])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="soviet-dprk",
        description="Where North Korea's military equipment comes from, with sources.",
        epilog='example: soviet-dprk origin "Type 58"',
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-version",
        metavar="VERSION",
        help="dataset version to use (default: $SOVIET_DPRK_DATASET_VERSION or the newest)",
    )
    common.add_argument(
        "--format", choices=("table", "json"), default="table", help="output format"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, summary: str, example: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            parents=[common],
            help=summary,
            description=summary,
            epilog=f"example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    add("origin", "where a system comes from", 'soviet-dprk origin "Type 58"').add_argument(
        "name", help="a system name or alias"
    )
    for name, what in (
        ("derived-from", "its parents"),
        ("derivatives-of", "designs derived from it"),
    ):
        p = add(
            name, f"lineage of a system: {what}", f'soviet-dprk {name} "Pokpung-ho" --transitive'
        )
        p.add_argument("name", help="a system name or alias")
        p.add_argument("--transitive", action="store_true", help="follow the lineage all the way")
    add("era", "transfers in an era or a year", "soviet-dprk era 1950").add_argument(
        "era", help="an era id or name, or a year"
    )
    add("versions", "dataset versions shipped with this installation", "soviet-dprk versions")
    return parser


def _run(args: argparse.Namespace) -> str:
    from ._api import load, versions

    as_json = args.format == "json"
    if args.command == "versions":
        shipped = versions()
        return json.dumps(list(shipped)) if as_json else "\n".join(shipped)
    data = load(args.data_version)
    if args.command == "origin":
        origin = data.origin_of(args.name)
        return (
            json.dumps(_plain(origin), ensure_ascii=False, indent=2)
            if as_json
            else _origin_text(origin)
        )
    if args.command in ("derived-from", "derivatives-of"):
        query = data.derived_from if args.command == "derived-from" else data.derivatives_of
        edges = query(args.name, transitive=args.transitive)
        if as_json:
            return json.dumps(_plain(edges), ensure_ascii=False, indent=2)
        return _edges_text(edges, f"no lineage recorded for {data.system(args.name).name}")
    # era: a year if it reads as one, else an era id or name
    key: int | str = int(args.era) if args.era.strip().isdigit() else args.era
    era = data.era(key) if isinstance(key, str) else None
    transfers = data.by_era(era if era is not None else key)
    if as_json:
        return json.dumps(
            {"era": _plain(era), "transfers": _plain(transfers)}, ensure_ascii=False, indent=2
        )
    return _era_text(era, transfers, key if isinstance(key, int) else None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        out = _run(args)
    except DatasetError as exc:
        print(f"soviet-dprk: broken installation: {exc}", file=sys.stderr)
        return EXIT_BROKEN
    except SovietDprkError as exc:
        print(f"soviet-dprk: {exc}", file=sys.stderr)
        return EXIT_LOOKUP
    print(out)
    return 0
