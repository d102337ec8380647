"""HTML tables for Jupyter (`_repr_html_`): escaped, small, no scripts or styles."""

from __future__ import annotations

import collections
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from ._model import Citation, Era, Origin, System

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = [
    "dataset_html",
    "era_html",
    "origin_html",
    "record_html",
    "results_html",
    "system_html",
]


def _table(rows: Iterable[Sequence[object]], head: Sequence[str] | None = None) -> str:
    parts = ["<table>"]
    if head:
        parts.append("<tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>")
    for row in rows:
        parts.append("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>")
    parts.append("</table>")
    return "".join(parts)


def _cites(citations: Iterable[Citation]) -> str:
    items = "".join(
        f"<li><code>{escape(c.source)}</code>: “{escape(c.quote)}”"
        + (f"<br><em>Dataset's translation:</em> {escape(c.translation)}" if c.translation else "")
        + "</li>"
        for c in citations
    )
    return f"<ul>{items}</ul>"


def system_html(system: System) -> str:
    rows = [
        ("id", system.id),
        ("category", system.category.value.replace("_", " ")),
        ("origin", system.origin.label),
        ("aliases", ", ".join(system.aliases)),
    ]
    note = f"<p>{escape(system.note)}</p>" if system.note else ""
    return f"<strong>{escape(system.name)}</strong>{_table(rows)}{note}{_cites(system.citations)}"


def origin_html(origin: Origin) -> str:
    rows = [
        ("acquisition", origin.acquisition.value.replace("_", " ")),
        ("roots", ", ".join(f"{r.name} ({r.origin.label})" for r in origin.roots)),
        ("original designs", ", ".join(r.name for r in origin.root_designs)),
        ("confidence", origin.confidence.value),
    ]
    lineage = _table(
        (
            (d.depth, d.child.name, d.parent.name, d.relation.value, d.confidence.value)
            for d in origin.lineage
        ),
        ("depth", "child", "parent", "relation", "confidence"),
    )
    transfers = _table(
        (
            (
                "" if t.period.start is None else t.period.start,
                "" if t.period.end is None else t.period.end,
                f"{t.supplier.label} → {t.recipient.label}",
                t.item,
                t.quantity.as_printed or "",
                t.confidence.value,
            )
            for t in origin.transfers
        ),
        ("from", "to", "direction", "item", "as printed", "confidence"),
    )
    return (
        f"<strong>Origin of {escape(origin.system.name)}</strong>{_table(rows)}"
        f"{lineage if origin.lineage else ''}{transfers if origin.transfers else ''}"
        f"{_cites(origin.citations)}"
    )


def era_html(era: Era) -> str:
    years = f"{era.start}-{'' if era.end is None else era.end}"
    return (
        f"<strong>{escape(era.name)}</strong> <code>{escape(era.id)}</code> {escape(years)}"
        f"{' (approximate)' if era.approximate else ''}<p>{escape(era.summary)}</p>"
        f"{_cites(era.citations)}"
    )


def dataset_html(data: Dataset) -> str:
    counts = [
        ("systems", len(data.systems)),
        ("lineage edges", len(data.derivations)),
        ("transfers", len(data.transfers)),
        ("eras", len(data.eras)),
        ("sources", len(data.sources)),
    ]
    by_category = collections.Counter(s.category.value.replace("_", " ") for s in data.systems)
    return (
        f"<strong>soviet_dprk dataset {escape(data.version)}</strong> "
        f"<code>{escape(data.digest)}</code>{_table(counts, ('records', 'count'))}"
        f"{_table(sorted(by_category.items()), ('category', 'systems'))}"
    )


#: The columns a notebook shows of each record type (the rest is in `Results.to_pandas`).
_SHOWN: dict[str, tuple[str, ...]] = {
    "System": ("name", "category", "origin", "aliases"),
    "Derivation": ("depth", "child", "child_origin", "parent", "parent_origin", "relation",
                   "confidence", "sources"),
    "Transfer": ("start", "end", "supplier", "recipient", "item", "kind", "quantity_as_printed",
                 "confidence", "deal", "sources"),
    "Deal": ("start", "end", "supplier", "recipient", "item", "low", "high", "unit",
             "confidence", "claims"),
    "Era": ("id", "name", "start", "end"),
    "Source": ("id", "title", "publisher", "kind", "year", "url"),
    "Citation": ("source", "quote", "translation", "supports"),
}  # fmt: skip


def results_html(records: Sequence[object]) -> str:
    """A query's result as one table: a count, then one row a record."""
    from ._tidy import rows

    if not records:
        return "<p>no records</p>"
    kind = type(records[0]).__name__
    found = rows(records)
    columns = _SHOWN.get(kind, tuple(found[0]))
    cells = (["" if r[c] is None else r[c] for c in columns] for r in found)
    head = f"<p>{len(found)} {kind.lower()}{'' if len(found) == 1 else 's'}</p>"
    note = ""
    if kind == "Citation" and any(r["translation"] for r in found):
        note = "<p>Translations are the dataset's, not the sources' words.</p>"
    return head + _table(cells, [c.replace("_", " ") for c in columns]) + note


def record_html(record: object) -> str:
    """One record as a two-column table of its tidy row, with its quotes below."""
    from ._tidy import rows

    (row,) = rows([record])
    title = escape(str(row.get("name") or row.get("item") or row.get("title") or row.get("id")))
    body = _table((k.replace("_", " "), "" if v is None else v) for k, v in row.items())
    citations = getattr(record, "citations", None)
    if citations is None and hasattr(record, "claims"):
        citations = [c for claim in record.claims for c in claim.citations]
    return f"<strong>{title}</strong>{body}{_cites(citations) if citations else ''}"
