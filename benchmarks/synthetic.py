"""Synthetic dataset versions with the real schema, at any size, for the benchmarks.

`write_dataset` writes the six files of one unregistered dataset version into
``root / VERSION``, so that ``soviet_dprk._load.load_from(root, VERSION)`` validates and loads
it as it would a version being edited, under every rule of the newest dataset version. The
proportions follow the shipped 1.2.0 (164 systems):
per system about 2.2 aliases, 3 citations with quotes of 40 to 170 characters, 0.6 lineage
edges, 0.7 transfers and 2.5 sources, and a note on most records, so that ten times the
systems is about ten times the bytes.

Lineage comes in families: one foreign design and its DPRK derivatives. By default each
derivative derives from one of the three members before it; with ``diamonds=True`` families
are 8 to 16 long and each derivative derives from the two members before it, so that every
two paths up a family meet again (a ladder of diamonds: the number of paths grows as the
Fibonacci numbers). One derivative in ten is also influenced by an earlier family's design.

The output depends only on the arguments.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Final

__all__ = ["VERSION", "write_dataset"]

#: The (unregistered) dataset version the generator writes.
VERSION: Final = "9.0.0"

_SYLLABLES: Final = (
    "chon",
    "ma",
    "pok",
    "pung",
    "hwa",
    "song",
    "ko",
    "ta",
    "bo",
    "sin",
    "ri",
    "nam",
)
_DESIGNATORS: Final = ("Type ", "M-", "KN-", "VTT-", "MiG-", "Su-", "BM-", "T-")
_TEXT: Final = (
    "the army received licence production of tanks rifles missiles from soviet union china "
    "reportedly copies design based on delivered hundreds several batteries aircraft during "
    "war after years built factory kits technology variant modified hull turret engine"
)
_WORDS: Final = _TEXT.split()
_CATEGORIES: Final = ("tank", "howitzer", "small_arm", "fighter", "ballistic_missile", "manpads")
_FOREIGN: Final = ("ussr", "ussr", "ussr", "china", "russia", "czechoslovakia", "iran")
_RELATIONS: Final = ("licensed_production", "copy", "modeled_after", "design_influence", "variant")
_CONFIDENCES: Final = ("stated", "stated", "stated", "reported", "disputed")
_KINDS: Final = ("delivery", "delivery", "delivery", "personnel", "technology", "licence")
_QUALIFIERS: Final = ("exact", "about", "more_than", "up_to", "unspecified", "unspecified")


class _Writer:
    def __init__(self, n_systems: int, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.n = n_systems
        self.sources = [f"source-{i}" for i in range(n_systems * 5 // 2)]

    def text(self, low: int, high: int) -> str:
        size = self.rng.randint(low, high)
        words = " ".join(self.rng.choices(_WORDS, k=size // 5 + 1))
        return words[:size].rstrip().capitalize()

    def note(self, share: float) -> str | None:
        return self.text(60, 240) if self.rng.random() < share else None

    def citations(self, low: int, high: int, supports: str) -> list[dict[str, Any]]:
        return [
            {
                "source": self.rng.choice(self.sources),
                "quote": self.text(40, 170),
                "translation": None,
                "supports": [supports],
            }
            for _ in range(self.rng.randint(low, high))
        ]

    def systems(self, diamonds: bool) -> tuple[list[dict[str, Any]], list[list[int]]]:
        records: list[dict[str, Any]] = []
        families: list[list[int]] = []
        size = 0
        for i in range(self.n):
            if not families or len(families[-1]) == size:
                size = self.rng.randint(8, 16) if diamonds else self.rng.choice((1, 1, 2, 3, 4, 6))
                families.append([])
            families[-1].append(i)
            word = "".join(self.rng.choices(_SYLLABLES, k=self.rng.choice((2, 3)))).capitalize()
            # Letters, then the system's number: no two systems' names or aliases fold alike.
            designators = self.rng.sample(_DESIGNATORS, self.rng.choice((1, 2, 2, 3, 3)))
            records.append(
                {
                    "id": f"{word.lower()}-{i}",
                    "name": f"{word}-{i}",
                    "aliases": [f"{designator}{i}" for designator in designators],
                    "shared_names": [],
                    "category": self.rng.choice(_CATEGORIES),
                    "origin": self.rng.choice(_FOREIGN) if len(families[-1]) == 1 else "dprk",
                    "citations": self.citations(1, 5, "name"),
                    "note": self.note(0.86),
                }
            )
        # Neighbours share a family name that, alone, is ambiguous.
        for i in range(0, self.n - 1, 30):
            for record in records[i : i + 2]:
                record["shared_names"].append(f"{records[i]['name']} family")
        return records, families

    def derivations(
        self, systems: list[dict[str, Any]], families: list[list[int]], diamonds: bool
    ) -> list[dict[str, Any]]:
        edges: list[tuple[int, int, str]] = []
        for number, family in enumerate(families):
            for j, child in enumerate(family[1:], 1):
                ups = family[max(0, j - 2) : j] if diamonds else [self.rng.choice(family[:j][-3:])]
                edges += [(child, up, self.rng.choice(_RELATIONS)) for up in ups]
                if number and self.rng.random() < 0.1:
                    other = self.rng.choice(families[max(0, number - 50) : number])[0]
                    edges.append((child, other, "design_influence"))
        return [
            {
                "id": f"{systems[child]['id']}--{systems[parent]['id']}",
                "child": systems[child]["id"],
                "parent": systems[parent]["id"],
                "relation": relation,
                "confidence": self.rng.choice(_CONFIDENCES),
                "citations": self.citations(1, 4, "relation"),
                "note": self.note(0.75),
            }
            for child, parent, relation in edges
        ]

    def transfers(self, systems: list[dict[str, Any]]) -> list[dict[str, Any]]:
        records = []
        for i in range(self.n * 7 // 10):
            system = self.rng.choice(systems) if self.rng.random() < 0.9 else None
            start = self.rng.randint(1945, 2024)
            qualifier = self.rng.choice(_QUALIFIERS)
            value = None if qualifier == "unspecified" else self.rng.randint(1, 2000)
            supplier = self.rng.choice(_FOREIGN)
            citations = self.citations(1, 5, "transfer")
            # The printed figures are in the first quote, as the 2.0.0 rules require.
            years, number = f"from {start}", None if value is None else f"about {value}"
            quote = citations[0]["quote"][:120]
            citations[0]["quote"] = " ".join(filter(None, (quote, years, number)))
            # Claims of one system and supplier are one flow: whatever their years, one deal.
            deal = f"deal-{system['id'] if system else i}-{supplier}"
            records.append(
                {
                    "id": f"transfer-{i}",
                    "deal": deal,
                    "stage": "delivered",
                    "item": f"{system['name']} units" if system else "military aid",
                    "system": system["id"] if system else None,
                    "supplier": supplier,
                    "recipient": "dprk",
                    "kind": self.rng.choice(_KINDS),
                    "period": {
                        "start": start,
                        "end": min(2025, start + self.rng.randint(0, 20)),
                        "approximate": self.rng.random() < 0.3,
                        "as_printed": years,
                    },
                    "quantity": {
                        "value": value,
                        "qualifier": qualifier,
                        "unit": "units",
                        "as_printed": number,
                    },
                    "confidence": self.rng.choice(_CONFIDENCES),
                    "citations": citations,
                    "note": self.note(0.95),
                }
            )
        return records

    def eras(self) -> list[dict[str, Any]]:
        return [
            {
                "id": f"era-{start}",
                "name": f"Era from {start}",
                "start": start,
                "end": start + 10,
                "approximate": False,
                "summary": self.text(100, 300),
                "citations": self.citations(3, 8, "period"),
            }
            for start in range(1945, 2025, 8)
        ]

    def source_records(self) -> list[dict[str, Any]]:
        return [
            {
                "id": source,
                "title": self.text(20, 80),
                "publisher": self.rng.choice(("Publisher A", "Publisher B", "Review C")),
                "author": self.text(8, 20) if self.rng.random() < 0.6 else None,
                "year": self.rng.randint(1950, 2025) if self.rng.random() < 0.9 else None,
                "url": f"https://example.org/{source}" if self.rng.random() < 0.8 else None,
                "retrieved": "2026-01-01",
                "note": self.note(0.36),
                "kind": self.rng.choice(("press", "reference", "encyclopaedia", "think_tank")),
                "language": "en",
                "date": None,
                "copy_of": None,
            }
            for source in self.sources
        ]


def write_dataset(
    root: Path, n_systems: int, *, seed: int = 0, diamonds: bool = False
) -> dict[str, bytes]:
    """Write a synthetic dataset version of ``n_systems`` systems to ``root / VERSION``.

    Returns:
        The bytes written, by file name, so that a reference can parse the same bytes.
    """
    if n_systems < 2:
        raise ValueError("a synthetic dataset needs at least two systems")
    writer = _Writer(n_systems, seed)
    systems, families = writer.systems(diamonds)
    files = {
        "sources.json": writer.source_records(),
        "systems.json": systems,
        "derivations.json": writer.derivations(systems, families, diamonds),
        "transfers.json": writer.transfers(systems),
        "eras.json": writer.eras(),
        "tombstones.json": [],
    }
    folder = root / VERSION
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, records in files.items():
        meta = {
            "dataset": "soviet_dprk",
            "version": VERSION,
            "holds": name.removesuffix(".json").capitalize() + ".",
            "scope": "Synthetic benchmark data with the real schema; no claim in it is true.",
            "licence": "Data: CC0-1.0 (generated).",
        }
        raw = json.dumps({"meta": meta, "records": records}, ensure_ascii=False, indent=2)
        written[name] = raw.encode("utf-8")
        (folder / name).write_bytes(written[name])
    return written
