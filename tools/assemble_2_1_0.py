"""Build dataset 2.1.0 from 2.0.0 and the worksheets in curation/2.1.0/.

Usage (from the project's root):  python tools/assemble_2_1_0.py [--check]

2.1.0 is 2.0.0 with its weak citations (mirrors, blogs, forums, user-edited wikis) replaced by
stronger ones where the corpus holds them. This script only joins the worksheets; it decides
nothing about the facts:

- each reader's answer (``weak-<n>.json``, shape in ``curation/2.1.0/BRIEF.md``) whose status
  is ``replaced`` or ``partly`` adds its citations to the task's record, after the record's own
  citations, unless the record already holds the same source and quote; its second reader's
  verdict (``review-<n>.json``) must be ``confirmed``, or the answer is left out;
- a reader's new source whose URL is already a source's becomes that source;
- then, on every record, a weak citation is dropped when the record's other, non-weak
  citations cover it (``tools/weak_citations.py`` says what covers means): they support every
  field that it supports and quote every name and printed figure that it quotes;
- ``corrections.json`` edits fields of named records (each edit with its reason);
- sources that nothing cites any more are left out with a tombstone, whose successor is the one
  source that replaced them where there is one; 2.0.0's tombstones are kept.

With ``--check`` it writes nothing and only reports. The version written is unregistered: it
loads by name, through the validator, until ``tools/release_dataset.py 2.1.0`` registers it.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from weak_citations import WEAK, covered  # noqa: E402

OLD = Path("src/soviet_dprk/data/2.0.0")
NEW = Path("src/soviet_dprk/data/2.1.0")
SHEETS = Path("curation/2.1.0")
VERSION = "2.1.0"
CITED = ("systems", "derivations", "transfers", "eras")
TABLES = ("sources", *CITED, "tombstones")
SCOPE = (
    "Dataset 2.0.0 with stronger sources: each weak citation (a mirror, blog, forum or "
    "user-edited wiki) was looked for in a stronger source, which a second reader checked "
    "against its page; weak citations that a stronger citation on the same record now covers "
    "were dropped. Quotes were read through the project's search tool."
)


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    problems: list[str] = []
    old = {name: read(OLD / f"{name}.json") for name in TABLES}
    tables: dict[str, list[dict[str, Any]]] = {n: old[n]["records"] for n in TABLES}
    sources = {s["id"]: s for s in tables["sources"]}
    by_url = {s["url"].rstrip("/"): s["id"] for s in sources.values() if s.get("url")}
    records = {(name, r["id"]): r for name in CITED for r in tables[name]}

    tasks = {t["task"]: t for p in sorted(SHEETS.glob("tasks-*.json")) for t in read(p)}
    answers = [a for p in sorted(SHEETS.glob("weak-*.json")) for a in read(p)["answers"]]
    verdicts: dict[tuple[str, int], str] = {}
    for path in sorted(SHEETS.glob("review-*.json")):
        for v in read(path)["verdicts"]:
            verdicts[(v["task"], v["citation"])] = v["verdict"]

    # -- new sources (one per URL)
    redirect: dict[str, str] = {}
    for path in sorted(SHEETS.glob("weak-*.json")):
        for source in read(path).get("new_sources", []):
            url = (source.get("url") or "").rstrip("/")
            if url in by_url:
                redirect[source["id"]] = by_url[url]
            elif source["id"] in sources:
                problems.append(f"{path.name}: new source id {source['id']!r} is taken")
            else:
                sources[source["id"]] = source
                by_url[url] = source["id"]

    # -- the readers' citations, where the second reader confirmed them
    replaced_by: dict[str, set[str]] = defaultdict(set)
    added = rejected = 0
    for answer in answers:
        if answer["status"] not in ("replaced", "partly"):
            continue
        task = tasks[answer["task"]]
        record = records[(task["file"], task["record"])]
        for number, citation in enumerate(answer["citations"]):
            if verdicts.get((answer["task"], number)) != "confirmed":
                rejected += 1
                continue
            citation = dict(citation)
            citation["source"] = redirect.get(citation["source"], citation["source"])
            if citation["source"] not in sources:
                problems.append(f"{answer['task']}: unknown source {citation['source']!r}")
                continue
            if sources[citation["source"]]["kind"] in WEAK:
                problems.append(f"{answer['task']}: {citation['source']!r} is weak")
                continue
            held = {(c["source"], c["quote"]) for c in record["citations"]}
            if (citation["source"], citation["quote"]) not in held:
                record["citations"].append(citation)
                added += 1
            replaced_by[task["source"]].add(citation["source"])

    # -- drop the weak citations that the others now cover
    dropped = 0
    for (name, _), record in records.items():
        keep = []
        for citation in record["citations"]:
            strong = [c for c in record["citations"] if sources[c["source"]]["kind"] not in WEAK]
            if sources[citation["source"]]["kind"] in WEAK and covered(record, citation, strong):
                dropped += 1
                continue
            keep.append(citation)
        record["citations"] = keep

    # -- corrections of fields
    corrections = read(SHEETS / "corrections.json") if (SHEETS / "corrections.json").exists() else []
    for edit in corrections:
        record = records.get((edit["file"], edit["record"]))
        if record is None:
            problems.append(f"correction: no record {edit['file']}:{edit['record']}")
            continue
        for field, value in edit["set"].items():
            if field not in record:
                problems.append(f"correction: {edit['record']} has no field {field!r}")
            record[field] = value

    # -- sources nothing cites any more
    cited = {c["source"] for name in CITED for r in tables[name] for c in r["citations"]}
    for sid in [s for s in sources if s not in cited]:
        successors = replaced_by.get(sid, set())
        successor = next(iter(successors)) if len(successors) == 1 else None
        reason = (
            f"A weak source ({sources[sid]['kind']}); its claims are cited to stronger "
            "sources in 2.1.0, and no claim cites it any more."
        )
        tables["tombstones"].append(
            {"id": sid, "successor": successor, "reason": reason, "since": VERSION,
             "record": "source"}
        )
    tables["sources"] = [s for s in sources.values() if s["id"] in cited]

    for line in problems:
        print(line)
    total = sum(len(r["citations"]) for name in CITED for r in tables[name])
    weak = sum(
        sources[c["source"]]["kind"] in WEAK for n in CITED for r in tables[n] for c in r["citations"]
    )
    print(
        f"citations added {added} (left out, not confirmed: {rejected}), weak dropped {dropped}; "
        f"weak {weak} of {total} ({weak / total:.1%})"
    )
    counts = ", ".join(f"{len(tables[n])} {n}" for n in TABLES)
    print(f"{'would write' if check_only else 'wrote'} {NEW}: {counts}")
    if check_only or problems:
        if problems and not check_only:
            print("not written: the problems above come first")
        return 1 if problems else 0
    NEW.mkdir(exist_ok=True)
    for name in TABLES:
        meta = dict(old[name]["meta"], version=VERSION, scope=SCOPE)
        text = json.dumps({"meta": meta, "records": tables[name]}, ensure_ascii=False, indent=2)
        (NEW / f"{name}.json").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
