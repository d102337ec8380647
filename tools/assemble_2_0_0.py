"""Build dataset 2.0.0 from 1.2.0 and the second readers' worksheets in curation/2.0.0/.

Usage (from the project's root):  python tools/assemble_2_0_0.py [--check]

Each worksheet (``curation/2.0.0/<area>.json``, shape in ``curation/2.0.0/BRIEF.md``) holds the
records its reader re-read, in the 2.0.0 shape, the sources they added and the ids they
withdrew. This script only joins them; it decides nothing about the facts:

- sources: the sources worksheet's records, then every reader's new sources; a new source whose
  URL is already a source's becomes that source (its citations are re-pointed), and a source
  withdrawn as a duplicate is re-pointed to its successor everywhere;
- systems, derivations, transfers, eras: the readers' records, in the order of 1.2.0, then
  records the readers added;
- sources that nothing cites any more are left out and get a tombstone;
- a ``supports`` value that the record's file does not allow (a derivation's quote read as
  ``origin``) is dropped, and ``context`` stands for it where nothing else is left.

It stops, listing them, if a 1.2.0 record was neither re-read nor withdrawn. With ``--check``
it writes nothing and only reports. The version written is unregistered: it loads by name,
through the validator, until ``tools/release_dataset.py 2.0.0`` registers it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from soviet_dprk import _validate

OLD = Path("src/soviet_dprk/data/1.2.0")
NEW = Path("src/soviet_dprk/data/2.0.0")
SHEETS = Path("curation/2.0.0")
VERSION = "2.0.0"
CITED = ("systems", "derivations", "transfers", "eras")
HOLDS = {
    "sources": "Sources: the documents the dataset quotes, each with its kind, language and date.",
    "systems": "Systems: equipment designations.",
    "derivations": "Derivations: lineage edges, child derived from parent.",
    "transfers": "Transfers: claims of what moved from supplier to recipient, when and how "
    "much; the claims of one flow share a deal.",
    "eras": "Eras: periods of the DPRK's arms relations.",
    "tombstones": "Tombstones: withdrawn ids and their successors.",
}
SCOPE = (
    "Dataset 1.2.0 re-read claim by claim by a second reader and brought into the 2.0.0 model: "
    "every structured field says no more than its quotes, every non-English quote has the "
    "curators' translation, every quote says what it is evidence of, every source has its kind, "
    "language and real title, and the claims of one flow share a deal. Quotes were read through "
    "the project's search tool."
)
LICENCE = (
    "Data: CC-BY-4.0. Quotes are short excerpts of the cited sources, which keep their own "
    "copyright."
)


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def old(name: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = read(OLD / f"{name}.json")["records"]
    return records


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    sheets = {p.stem: read(p) for p in sorted(SHEETS.glob("*.json")) if p.stem != "assignments"}
    problems: list[str] = []
    tombstones: list[dict[str, Any]] = []

    # -- sources
    sources: dict[str, dict[str, Any]] = {}
    redirect: dict[str, str] = {}
    for record in sheets.get("sources", {}).get("records", []):
        sources[record["id"]] = record
    by_url = {s["url"].rstrip("/"): s["id"] for s in sources.values() if s.get("url")}
    for area, sheet in sheets.items():
        for record in sheet.get("new_sources", []):
            url = (record.get("url") or "").rstrip("/")
            if url and url in by_url:
                redirect[record["id"]] = by_url[url]
                continue
            if record["id"] in sources:
                if sources[record["id"]] != record:
                    problems.append(f"{area}: new source id {record['id']!r} is taken")
                continue
            sources[record["id"]] = record
            if url:
                by_url[url] = record["id"]

    # -- records, in 1.2.0 order, then additions
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in CITED:
        read_back: dict[str, dict[str, Any]] = {}
        key = "eras" if name == "eras" else "records"
        for area, sheet in sheets.items():
            if area.startswith(name) or (name == "eras" and "eras" in sheet):
                for record in sheet.get(key, []):
                    read_back[record["id"]] = record
        withdrawn = set()
        for sheet in sheets.values():
            for tomb in sheet.get("tombstones", []):
                if tomb.get("record", "system") == name.removesuffix("s"):
                    withdrawn.add(tomb["id"])
        order = [r["id"] for r in old(name)]
        missing = [i for i in order if i not in read_back and i not in withdrawn]
        if missing:
            problems.append(f"{name}: {len(missing)} not re-read: {', '.join(missing[:8])}...")
        kept = [read_back[i] for i in order if i in read_back]
        kept += [r for i, r in read_back.items() if i not in order]
        tables[name] = kept

    # A period that gives only its latest year ("by 1952") has no start: the key is left out,
    # as check_claims.py reads a period without "start" as one it cannot place.
    for record in tables["transfers"]:
        if record["period"].get("start", 0) is None:
            del record["period"]["start"]

    # -- new sources must have a title of their own
    for sid, record in sources.items():
        if not record.get("title"):
            problems.append(f"source {sid}: no title")

    # -- tombstones (sources' duplicates re-point citations)
    for sheet in sheets.values():
        for tomb in sheet.get("tombstones", []):
            entry = {
                "id": tomb["id"],
                "successor": tomb.get("successor"),
                "reason": tomb["reason"],
                "since": VERSION,
                "record": tomb.get("record", "system"),
            }
            tombstones.append(entry)
            if entry["record"] == "source" and entry["successor"]:
                redirect[entry["id"]] = entry["successor"]

    # -- citations: re-point, and keep only the evidence each file allows
    cited: set[str] = set()
    for name in CITED:
        allowed = {e.value for e in _validate._EVIDENCE[f"{name}.json"]}
        for record in tables[name]:
            for citation in record["citations"]:
                citation["source"] = redirect.get(citation["source"], citation["source"])
                cited.add(citation["source"])
                supports = [e for e in citation.get("supports", []) if e in allowed]
                citation["supports"] = supports or ["context"]
                if citation["source"] not in sources:
                    problems.append(f"{name}:{record['id']} cites unknown {citation['source']!r}")

    uncited = [s for s in sources if s not in cited]
    for sid in uncited:
        tombstones.append(
            {
                "id": sid,
                "successor": None,
                "reason": "No claim of 2.0.0 cites it any more.",
                "since": VERSION,
                "record": "source",
            }
        )
    tables["sources"] = [s for s in sources.values() if s["id"] in cited]
    tables["tombstones"] = tombstones

    for line in problems:
        print(line)
    counts = ", ".join(f"{len(tables[n])} {n}" for n in ("sources", *CITED, "tombstones"))
    print(f"{'would write' if check_only else 'wrote'} {NEW}: {counts}")
    if check_only:
        return 1 if problems else 0
    if problems:
        print("not written: the problems above come first")
        return 1
    NEW.mkdir(exist_ok=True)
    for name in ("sources", *CITED, "tombstones"):
        meta = {
            "dataset": "soviet_dprk",
            "version": VERSION,
            "holds": HOLDS[name],
            "scope": SCOPE,
            "licence": LICENCE,
        }
        text = json.dumps({"meta": meta, "records": tables[name]}, ensure_ascii=False, indent=2)
        (NEW / f"{name}.json").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
