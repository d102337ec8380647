"""The figures of a dataset version's card, as Markdown tables, from the loaded data.

Usage (from the project's root):  python tools/dataset_figures.py VERSION

Prints the tables that the version's dataset card (docs/datasets/VERSION.md) carries: records,
sources by kind, claims by confidence, the weak-source and single-citation shares (counting
every citation, and counting only those that carry the claim itself), and deals.
``tests/test_cards.py`` checks that the card's tables are these, so a card cannot drift from
its data.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sized

import soviet_dprk as sd
from soviet_dprk import _load, _validate


def figures(data: sd.Dataset) -> dict[str, list[tuple[str, ...]]]:
    """Each table of the card as its rows (the first row is the header)."""
    cited: list[sd.System | sd.Derivation | sd.Transfer | sd.Era] = [
        *data.systems,
        *data.derivations,
        *data.transfers,
        *data.eras,
    ]
    citations = [c for record in cited for c in record.citations]
    kinds = {s.id: s.kind for s in data.sources}
    weak = sum(1 for c in citations if (k := kinds[c.source]) is not None and k.weak)
    claims: list[sd.Derivation | sd.Transfer] = [*data.derivations, *data.transfers]
    single = sum(1 for r in claims if len(r.citations) == 1)
    # The stricter count: the citations that themselves carry the claim (an edge's relation; a
    # transfer claim's transfer, parties, period or quantity), not those that support only a
    # name or the context.
    bare = sum(1 for r in claims if _carrying(r) <= 1)
    by_kind = Counter(s.kind.value if s.kind else "not recorded" for s in data.sources)
    tables: dict[str, list[tuple[str, ...]]] = {
        "records": [
            ("records", "count"),
            ("systems", str(len(data.systems))),
            ("lineage edges", str(len(data.derivations))),
            ("deals", str(len(data.deals))),
            ("transfer claims", str(len(data.transfers))),
            ("eras", str(len(data.eras))),
            ("sources", str(len(data.sources))),
            ("citations", str(len(citations))),
            ("tombstones", str(len(data.tombstones))),
        ],
        "sources by kind": [
            ("kind", "sources"),
            *((kind, str(n)) for kind, n in sorted(by_kind.items(), key=lambda i: (-i[1], i[0]))),
        ],
        "claims by confidence": [
            ("claims", "stated", "reported", "disputed"),
            *(
                (label, *(str(sum(r.confidence is c for r in records)) for c in _LEVELS))
                for label, records in (
                    ("lineage edges", data.derivations),
                    ("transfer claims", data.transfers),
                )
            ),
        ],
        "shares": [
            ("measure", "value"),
            ("citations of weak sources", f"{weak} of {len(citations)} ({_pct(weak, citations)})"),
            (
                "edges and transfer claims on one citation",
                f"{single} of {len(claims)} ({_pct(single, claims)})",
            ),
            (
                "edges and transfer claims on one citation that carries the claim itself",
                f"{bare} of {len(claims)} ({_pct(bare, claims)})",
            ),
        ],
    }
    return tables


_LEVELS = (sd.Confidence.STATED, sd.Confidence.REPORTED, sd.Confidence.DISPUTED)
# What carries a claim itself: the evidence its file allows (the validator's one rule), less a
# name and the context.
_NOT_THE_CLAIM = frozenset({sd.Evidence.NAME, sd.Evidence.CONTEXT})
_CARRY = {
    sd.Derivation: _validate._EVIDENCE["derivations.json"] - _NOT_THE_CLAIM,
    sd.Transfer: _validate._EVIDENCE["transfers.json"] - _NOT_THE_CLAIM,
}


def _carrying(claim: sd.Derivation | sd.Transfer) -> int:
    """How many of the claim's citations support the claim itself, not only a name."""
    carry = _CARRY[type(claim)]
    return sum(1 for c in claim.citations if carry & set(c.supports))


def _pct(part: int, whole: Sized) -> str:
    return f"{100 * part / max(len(whole), 1):.1f} %"


def markdown(rows: list[tuple[str, ...]]) -> str:
    head, *body = rows
    align = ["---"] + ["---:"] * (len(head) - 1)
    lines = [head, tuple(align), *body]
    return "\n".join("| " + " | ".join(row) + " |" for row in lines)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    data = _load.load_from(_load.data_root(), argv[1])
    for title, rows in figures(data).items():
        print(f"### {title.capitalize()}\n\n{markdown(rows)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
