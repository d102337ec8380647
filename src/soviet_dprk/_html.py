"""HTML tables for Jupyter (`_repr_html_`): escaped, small, no scripts or styles."""

from __future__ import annotations

import collections
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from ._model import Citation, Era, Origin, System

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["dataset_html", "era_html", "origin_html", "system_html"]


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
        f"<li><code>{escape(c.source)}</code>: “{escape(c.quote)}”</li>" for c in citations
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
                t.period.start,
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
