"""Synthetic dataset versions with the real schema, at any size, for the benchmarks.

`write_dataset` writes one dataset version (the six files the loader reads, each with its
``meta`` object) into a folder, so that ``soviet_dprk._load.load_from(root, version)`` loads it
exactly as it loads the shipped data.  The proportions follow dataset 1.1.0 (164 systems, 96
lineage edges, 115 transfers), scaled:

- systems: 1.4 aliases each on average, a shared name on 4 in 100, 1 to 4 citations each
  (mean 2.5), quotes of 60 to 200 characters;
- lineage: families of one foreign design and up to 5 DPRK or Chinese derivatives in chains,
  a cross-family influence on 1 derivative in 10, about 0.7 edges a system;
- transfers: 0.7 a system, one in ten naming no system, periods of 0 to 20 years;
- notes of 60 to 240 characters on 86 in 100 systems, 75 in 100 edges and 95 in 100
  transfers, and files indented by two spaces, as in 1.1.0 (about 3 kB of JSON a system);
- sources: one for every four systems (a large dataset shares its sources more than the
  young real one, which has two a system); one citation in five repeats a source's key quote,
  as the real data repeats its founding document's sentences;
- eras: the ten eras of the real data; tombstones: one for every thousand systems.

The output depends only on ``n_systems`` and ``seed``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Final

__all__ = ["VERSION", "write_dataset"]

#: The dataset version the generator writes unless told otherwise.
VERSION: Final = "9.0.0"

_SYLLABLES: Final = (
    "chon",
    "ma",
    "pok",
    "pung",
    "hwa",
    "song",
    "ko",
    "ksan",
    "ta",
    "bo",
    "sin",
    "heung",
    "sung",
    "ri",
    "nam",
    "po",
    "pyong",
    "yang",
    "kang",
    "ryong",
    "mun",
    "sa",
    "don",
    "chu",
    "jang",
    "gun",
    "bu",
    "ha",
    "yeon",
    "ju",
    "il",
    "jin",
    "kal",
    "mo",
    "bong",
    "wol",
    "cha",
    "kum",
    "su",
)
_DESIGNATORS: Final = ("Type", "M-", "KN-", "VTT-", "MiG-", "Su-", "Yak-", "BM-", "T-", "ZPU-")
_WORDS: Final = (
    "the",
    "army",
    "received",
    "licence",
    "production",
    "of",
    "tanks",
    "rifles",
    "missiles",
    "from",
    "soviet",
    "union",
    "china",
    "reportedly",
    "copies",
    "design",
    "based",
    "on",
    "delivered",
    "hundreds",
    "several",
    "batteries",
    "aircraft",
    "during",
    "war",
    "after",
    "years",
    "built",
    "factory",
    "kits",
    "technology",
    "variant",
    "modified",
    "hull",
    "turret",
    "engine",
    "launcher",
    "artillery",
    "supplied",
    "advisers",
    "estimated",
    "first",
    "units",
    "entered",
    "service",
    "korean",
    "people's",
)
_CATEGORIES: Final = (
    "tank",
    "light_tank",
    "armoured_vehicle",
    "self_propelled_artillery",
    "howitzer",
    "field_gun",
    "mortar",
    "rocket_launcher",
    "anti_aircraft_gun",
    "small_arm",
    "anti_tank_missile",
    "manpads",
    "surface_to_air_missile_system",
    "fighter",
    "attack_aircraft",
    "helicopter",
    "ballistic_missile",
    "cruise_missile",
    "submarine",
    "surface_ship",
)
_FOREIGN: Final = ("ussr", "ussr", "ussr", "china", "russia", "czechoslovakia", "iran")
_RELATIONS: Final = ("licensed_production", "copy", "modeled_after", "design_influence")
_CONFIDENCES: Final = ("stated", "stated", "stated", "reported", "disputed")
_KINDS: Final = ("delivery", "delivery", "delivery", "licence", "kits", "technology")
_QUALIFIERS: Final = ("exact", "about", "more_than", "up_to", "unspecified")
_UNITS: Final = ("units", "aircraft", "missiles", "tanks", "launchers", "helicopters")
# The real data's eras, so that era queries select realistic shares of the transfers.
_ERAS: Final = (
    ("founding-build-up", "Founding build-up and Korean War", 1945, 1953),
    ("post-war-reconstruction", "Post-war reconstruction", 1953, 1956),
    ("khrushchev-pall", "The Khrushchev pall", 1953, 1964),
    ("resumed-transfers", "Resumed Soviet transfers", 1965, 1984),
    ("late-soviet", "Late Soviet high point", 1984, 1991),
    ("collapse", "Collapse of Soviet aid", 1991, 1999),
    ("chinese-role", "China's role", 1950, None),
    ("putin-rapprochement", "Rapprochement under Putin", 2000, 2018),
    ("sanctions", "Sanctions era", 2006, None),
    ("renewed-cooperation", "Renewed cooperation", 2023, None),
)


def _meta(version: str, holds: str) -> dict[str, str]:
    return {
        "dataset": "soviet_dprk",
        "version": version,
        "holds": holds,
        "scope": "Synthetic benchmark data with the real schema; no claim in it is true.",
        "licence": "Data: CC0-1.0 (generated).",
    }


class _Writer:
    def __init__(self, n_systems: int, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.n = n_systems
        self.sources = [f"source-{i}" for i in range(max(3, n_systems // 4))]
        self.key_quotes = {s: self.text(60, 200) for s in self.sources}

    def text(self, low: int, high: int) -> str:
        size = self.rng.randint(low, high)
        words: list[str] = []
        length = -1
        while length < size:
            word = self.rng.choice(_WORDS)
            words.append(word)
            length += len(word) + 1
        return " ".join(words)[:size].rstrip().capitalize() or "Quote"

    def citations(self, low: int, high: int) -> list[dict[str, str]]:
        out = []
        for _ in range(self.rng.randint(low, high)):
            source = self.rng.choice(self.sources)
            shared = self.rng.random() < 0.2
            quote = self.key_quotes[source] if shared else self.text(60, 200)
            out.append({"source": source, "quote": quote})
        return out

    def word(self) -> str:
        count = self.rng.choice((2, 2, 3))
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(count)).capitalize()

    def systems(self) -> tuple[list[dict[str, Any]], list[str]]:
        records: list[dict[str, Any]] = []
        origins: list[str] = []
        family_left = 0
        for i in range(self.n):
            if family_left == 0:
                family_left = self.rng.choice((1, 1, 1, 1, 2, 2, 3, 4, 6))
                origin = self.rng.choice(_FOREIGN)
            else:
                origin = "dprk" if self.rng.random() < 0.85 else "china"
            family_left -= 1
            word = self.word()
            # Letters, then the unique number: no two systems' names or aliases fold alike.
            name = f"{word}-{i}"
            aliases = [
                f"{self.rng.choice(_DESIGNATORS)}{i}{suffix}"
                for suffix in self.rng.sample("abcdefghjk", self.rng.choice((0, 1, 1, 2, 3)))
            ]
            records.append(
                {
                    "id": f"{word.lower()}-{i}",
                    "name": name,
                    "aliases": aliases,
                    "shared_names": [],
                    "category": self.rng.choice(_CATEGORIES),
                    "origin": origin,
                    "citations": self.citations(1, 4),
                    "note": self.text(60, 240) if self.rng.random() < 0.86 else None,
                }
            )
            origins.append(origin)
        # Pairs of neighbours share a family name that, alone, is ambiguous.
        for i in range(0, self.n - 1, 50):
            shared = f"{records[i]['name'].rsplit('-', 1)[0]} {i} family"
            records[i]["shared_names"].append(shared)
            records[i + 1]["shared_names"].append(shared)
        return records, origins

    def derivations(self, systems: list[dict[str, Any]], origins: list[str]) -> list[Any]:
        records: list[dict[str, Any]] = []
        family: list[int] = []
        roots: list[int] = []
        for i, origin in enumerate(origins):
            if origin in ("dprk", "china") and family:
                parent = self.rng.choice(family[-3:])
                relation = self.rng.choice(_RELATIONS)
                if origins[parent] in ("dprk", "china") and self.rng.random() < 0.5:
                    relation = "variant"
                records.append(self.edge(systems, i, parent, relation))
                if roots and self.rng.random() < 0.1:
                    other = self.rng.choice(roots[-200:])
                    if other != parent:
                        records.append(self.edge(systems, i, other, "design_influence"))
                family.append(i)
            else:
                if family:
                    roots.append(family[0])
                family = [i]
        return records

    def edge(self, systems: list[dict[str, Any]], child: int, parent: int, relation: str) -> Any:
        return {
            "id": f"{systems[child]['id']}--{systems[parent]['id']}",
            "child": systems[child]["id"],
            "parent": systems[parent]["id"],
            "relation": relation,
            "confidence": self.rng.choice(_CONFIDENCES),
            "citations": self.citations(1, 3),
            "note": self.text(60, 240) if self.rng.random() < 0.75 else None,
        }

    def transfers(self, systems: list[dict[str, Any]]) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        for i in range(self.n * 7 // 10):
            named = self.rng.random() < 0.9
            system = self.rng.choice(systems) if named else None
            start = self.rng.randint(1945, 2024)
            end = None if self.rng.random() < 0.05 else min(2025, start + self.rng.randint(0, 20))
            qualifier = self.rng.choice(_QUALIFIERS)
            value = None if qualifier == "unspecified" else self.rng.randint(1, 2000)
            supplier = self.rng.choice(_FOREIGN)
            records.append(
                {
                    "id": f"transfer-{i}",
                    "item": f"{system['name']} {self.rng.choice(_UNITS)}" if system else "aid",
                    "system": system["id"] if system else None,
                    "supplier": supplier,
                    "recipient": "dprk",
                    "kind": self.rng.choice(_KINDS),
                    "period": {
                        "start": start,
                        "end": end,
                        "approximate": self.rng.random() < 0.3,
                        "as_printed": f"from {start}" if self.rng.random() < 0.5 else None,
                    },
                    "quantity": {
                        "value": value,
                        "qualifier": qualifier,
                        "unit": self.rng.choice(_UNITS),
                        "as_printed": None if value is None else f"about {value}",
                    },
                    "confidence": self.rng.choice(_CONFIDENCES),
                    "citations": self.citations(1, 3),
                    "note": self.text(60, 240) if self.rng.random() < 0.95 else None,
                }
            )
        return records

    def eras(self) -> list[dict[str, Any]]:
        return [
            {
                "id": era_id,
                "name": name,
                "start": start,
                "end": end,
                "approximate": False,
                "summary": self.text(100, 300),
                "citations": self.citations(3, 8),
            }
            for era_id, name, start, end in _ERAS
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
                "note": self.text(20, 80) if self.rng.random() < 0.36 else None,
            }
            for source in self.sources
        ]

    def tombstones(self, systems: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "id": f"withdrawn-{i}",
                "successor": self.rng.choice(systems)["id"] if i % 2 else None,
                "reason": "merged into another record",
                "since": "9.0.0",
            }
            for i in range(self.n // 1000)
        ]


def write_dataset(
    root: Path, n_systems: int, *, version: str = VERSION, seed: int = 0
) -> dict[str, bytes]:
    """Write a synthetic dataset version with ``n_systems`` systems to ``root / version``.

    Returns:
        The bytes written, by file name, so that references can parse exactly the same bytes.
    """
    if n_systems < 2:
        raise ValueError("a synthetic dataset needs at least two systems")
    writer = _Writer(n_systems, seed)
    systems, origins = writer.systems()
    trees = {
        "sources.json": ("Sources.", writer.source_records()),
        "systems.json": ("Systems.", systems),
        "derivations.json": ("Lineage edges.", writer.derivations(systems, origins)),
        "transfers.json": ("Transfers.", writer.transfers(systems)),
        "eras.json": ("Eras.", writer.eras()),
        "tombstones.json": ("Tombstones.", writer.tombstones(systems)),
    }
    folder = root / version
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, bytes] = {}
    for name, (holds, records) in trees.items():
        tree = {"meta": _meta(version, holds), "records": records}
        raw = json.dumps(tree, ensure_ascii=False, indent=2).encode("utf-8")
        (folder / name).write_bytes(raw)
        written[name] = raw
    return written
