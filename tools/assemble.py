"""Build a dataset version from the version before it and the worksheets in curation/<VERSION>/.

Usage (from the project's root):  python tools/assemble.py VERSION [--check]

``BUILDS`` below names, for each version this script builds, the version it starts from and the
scope its files state. The script only joins the worksheets; it decides nothing about the facts:

- each reader's answer (``weak-<n>.json``, shape in ``curation/2.1.0/BRIEF.md``) whose status
  is ``replaced`` or ``partly`` adds its citations to the task's record, after the record's own
  citations, unless the record already holds the same source and quote; its second reader's
  verdict (``review-<n>.json``) must be ``confirmed``, or the answer is left out; the lead's
  ``fixes.json`` may cut what one such citation supports, word its translation, or accept it
  (``accept``) with the fix its second reader named, which may be ``aliases``: spellings its
  quote prints that become aliases of the systems they name, on that quote;
- the expansion worksheets (``add-<area>.json``) add systems, aliases, lineage edges and
  transfer claims that their second readers confirmed (see `expand`);
- a reader's new source whose URL is already a source's becomes that source;
- then, on every record, a weak citation is dropped when the record's other, non-weak
  citations cover it (``tools/weak_citations.py`` says what covers means): they support every
  field that it supports and quote every name and printed figure that it quotes; from 2.3.0,
  a weak citation that the record's other citations of any kind cover goes as well (it adds
  nothing), one at a time, so that weak citations that repeat each other never all go;
- ``corrections.json`` edits fields of named records, cuts what one named citation supports
  (an empty list drops it), or withdraws an added claim that repeats another
  (``"withdraw": true`` with ``same_as``), each with its reason;
- sources that nothing cites any more are left out with a tombstone, whose successor is the one
  source that replaced them where there is one; earlier tombstones are kept.

With ``--check`` it writes nothing and only reports. A registered (released) version is never
written: the script rebuilds it and says whether the build is byte for byte the released files.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from weak_citations import WEAK, covered

import soviet_dprk as sd
from soviet_dprk import _load

DATA = Path("src/soviet_dprk/data")
CITED = ("systems", "derivations", "transfers", "eras")
TABLES = ("sources", *CITED, "tombstones")
#: version -> (the version it is built from, the scope its files state)
BUILDS = {
    "2.1.0": (
        "2.0.0",
        (
            "Dataset 2.0.0 with stronger sources: each weak citation (a mirror, blog, forum "
            "or user-edited wiki) was looked for in a stronger source, which a second reader "
            "checked against its page; weak citations that a stronger citation on the same "
            "record now covers were dropped. Quotes were read through the project's search tool."
        ),
    ),
    "2.2.0": (
        "2.1.0",
        (
            "Dataset 2.1.0 with more systems, designations, lineage edges and dated transfers, "
            "each written by one reader and checked against its page by a second, and with the "
            "fixes that later second readings named. Quotes were read through the project's "
            "search tool."
        ),
    ),
    "2.3.0": (
        "2.2.0",
        (
            "Dataset 2.2.0 with more systems, lineage edges and dated transfers, each written by "
            "one reader and checked against its page by a second, and with the fixes that later "
            "second readings named. Quotes were read through the project's search tool."
        ),
    ),
    "2.4.0": (
        "2.3.0",
        (
            "Dataset 2.3.0 with more systems, designations, lineage edges and dated transfers, "
            "each written by one reader and checked against its page by a second, and with the "
            "fixes that later second readings named. Quotes were read through the project's "
            "search tool."
        ),
    ),
}
OLD = NEW = SHEETS = Path()
VERSION = SCOPE = ""


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _repoint(citations: list[dict[str, Any]], redirect: dict[str, str]) -> list[dict[str, Any]]:
    return [dict(c, source=redirect.get(c["source"], c["source"])) for c in citations]


def _add_aliases(
    records: dict[tuple[str, str], dict[str, Any]],
    system_id: str,
    aliases: list[str],
    citation: dict[str, Any],
    problems: list[str],
) -> None:
    """Add ``aliases`` to a system, each printed in ``citation``'s quote, which it then cites."""
    system = records.get(("systems", system_id))
    if system is None:
        problems.append(f"fixes.json: no system {system_id!r} for aliases {aliases}")
        return
    for alias in aliases:
        if alias not in citation["quote"]:
            problems.append(f"fixes.json: alias {alias!r} is not in the quote it cites")
        elif alias != system["name"] and alias not in system["aliases"] + system["shared_names"]:
            system["aliases"].append(alias)
    named = dict(citation, supports=["name"])
    if (named["source"], named["quote"]) not in {
        (c["source"], c["quote"]) for c in system["citations"]
    }:
        system["citations"].append(named)


def expand(
    tables: dict[str, list[dict[str, Any]]],
    records: dict[tuple[str, str], dict[str, Any]],
    sources: dict[str, dict[str, Any]],
    redirect: dict[str, str],
    problems: list[str],
) -> None:
    """Join the expansion worksheets (``add-<area>.json``, shape in ``EXPAND.md``).

    A record joins only with its second reader's ``confirmed`` verdict
    (``review-add-<area>.json``); a verdict may carry ``supports`` fixes for named citations.
    A ``wrong`` verdict whose fix needs no search joins with the lead's decision (``lead.json``),
    which sets only the fields the second reader named; ``lead.json`` may also drop (``"drop":
    true``) a confirmed record that a reading left with nothing to stand on, or hold one back
    (``"hold": true``) for a later version: a confirmed claim on one citation that waits for a
    second, each with its reason.
    A derivation or transfer whose system did not join stays out, and so does an exact repeat
    of a claim already held. Claims of one system between the same parties whose periods
    overlap are put in one deal: an existing deal where the group has one.
    """
    verdicts: dict[tuple[str, str, str], dict[str, Any]] = {}
    # An area may be read more than once (``review-add-<area>--<label>.json``): a record joins
    # when a reading confirmed it and no reading found it wrong; every reading's cuts apply.
    for path in sorted(SHEETS.glob("review-add-*.json")):
        area = path.stem.removeprefix("review-add-").partition("--")[0]
        for v in read(path)["verdicts"]:
            key = (area, v["kind"], v["record"])
            verdicts[key] = _merge(verdicts[key], v) if key in verdicts else v

    lead = read(SHEETS / "lead.json")["verdicts"] if (SHEETS / "lead.json").exists() else []
    decided = {(d["sheet"], d["kind"], d["record"]): d["set"] for d in lead if "set" in d}
    # A confirmed record that another reading's verdict leaves with nothing to stand on (a
    # foreign system whose only link to the DPRK was an edge found wrong) is dropped.
    # A confirmed claim on one citation may be held back until a second citation is found.
    left_out = {
        (d["sheet"], d["kind"], d["record"]) for d in lead if d.get("drop") or d.get("hold")
    }

    def accepted(area: str, kind: str, rid: str, record: dict[str, Any]) -> dict[str, Any] | None:
        verdict = verdicts.get((area, kind, rid))
        fix = decided.get((area, kind, rid))
        if (area, kind, rid) in left_out:
            return None
        if verdict is None or (verdict["verdict"] != "confirmed" and fix is None):
            return None
        # ``replaces`` names the earlier sheet's record that this one redoes: sheet metadata.
        record = {k: v for k, v in {**record, **(fix or {})}.items() if k != "replaces"}
        record["citations"] = _repoint(record["citations"], redirect)
        for number, supports in verdict.get("supports", {}).items():
            record["citations"][int(number)]["supports"] = supports
        record["citations"] = [c for c in record["citations"] if c["supports"]]
        for c in record["citations"]:
            if c["source"] not in sources:
                problems.append(f"add-{area}: {rid} cites unknown {c['source']!r}")
            elif sources[c["source"]]["kind"] in WEAK:
                problems.append(f"add-{area}: {rid} cites weak {c['source']!r}")
        return record if record["citations"] else None

    sheets = {p.stem.removeprefix("add-"): read(p) for p in sorted(SHEETS.glob("add-*.json"))}
    # Every verdict must name a record of its sheet (an alias addition by its index there).
    held: set[tuple[str, str, str]] = set()
    for area, sheet in sheets.items():
        held.update((area, "system", r["id"]) for r in sheet.get("systems", []))
        held.update(
            (area, "alias", f"{r['system']}#{n}")
            for n, r in enumerate(sheet.get("alias_additions", []))
        )
        held.update((area, "derivation", r["id"]) for r in sheet.get("derivations", []))
        held.update((area, "transfer", r["id"]) for r in sheet.get("transfers", []))
    for area, kind, record in sorted(set(verdicts) - held):
        if kind != "reference":
            problems.append(f"review-add-{area}: no {kind} {record!r} to judge")
    systems = {r["id"] for r in tables["systems"]}
    for area, sheet in sheets.items():
        for system in sheet.get("systems", []):
            # A record found wrong may come back fixed under its id (add-fixes*.json).
            system = accepted(area, "system", system["id"], system)
            if system is None:
                continue
            if system["id"] in systems:
                problems.append(f"add-{area}: system {system['id']!r} exists")
                continue
            tables["systems"].append(system)
            records[("systems", system["id"])] = system
            systems.add(system["id"])
    for area, sheet in sheets.items():
        for number, addition in enumerate(sheet.get("alias_additions", [])):
            rid = f"{addition['system']}#{number}"
            addition = accepted(area, "alias", rid, addition)
            target = records.get(("systems", addition["system"])) if addition else None
            if addition is None or target is None:
                continue
            shared = [
                n for n in addition.get("shared_names", []) if n not in target["shared_names"]
            ]
            target["shared_names"] += shared
            target["aliases"] = [a for a in target["aliases"] if a not in target["shared_names"]]
            target["aliases"] += [
                a
                for a in addition.get("aliases", [])
                if a not in target["aliases"] and a != target["name"] and a not in shared
            ]
            held = {(c["source"], c["quote"]) for c in target["citations"]}
            target["citations"] += [
                c for c in addition["citations"] if (c["source"], c["quote"]) not in held
            ]
    for name, kind in (("derivations", "derivation"), ("transfers", "transfer")):
        ids = {r["id"] for r in tables[name]}
        for area, sheet in sheets.items():
            for record in sheet.get(name, []):
                refs = [record.get(k) for k in ("child", "parent", "system") if record.get(k)]
                if any(ref not in systems for ref in refs):
                    continue
                record = accepted(area, kind, record["id"], record)
                if record is None:
                    continue
                if record["id"] in ids:
                    # Two readers may bring the same claim; a repeat of it is left out.
                    if not _repeats(record, tables[name]):
                        problems.append(f"add-{area}: {kind} {record['id']!r} exists")
                    continue
                if _repeats(record, tables[name]):
                    continue
                tables[name].append(record)
                records[(name, record["id"])] = record
                ids.add(record["id"])
    _join_deals(tables["transfers"], {r["deal"] for r in read(OLD / "transfers.json")["records"]})


def _merge(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Two readings of one record: ``wrong`` wins over ``confirmed``, which wins over the rest."""
    rank = {"wrong": 0, "confirmed": 1}
    verdict = min(first["verdict"], second["verdict"], key=lambda v: rank.get(v, 2))
    return {
        **first,
        "verdict": verdict,
        "supports": {**first.get("supports", {}), **second.get("supports", {})},
    }


def _repeats(record: dict[str, Any], held: list[dict[str, Any]]) -> bool:
    """Whether ``held`` already has this claim: the same fields, and all of its quotes."""
    quotes = {(c["source"], c["quote"]) for c in record["citations"]}
    if "child" in record:
        keys: tuple[str, ...] = ("child", "parent", "relation")
    else:
        keys = ("system", "supplier", "recipient", "kind", "stage", "period", "quantity")
    return any(
        all(other.get(k) == record.get(k) for k in keys)
        and quotes <= {(c["source"], c["quote"]) for c in other["citations"]}
        for other in held
    )


def _join_deals(transfers: list[dict[str, Any]], existing: set[str]) -> None:
    """Give the overlapping claims of one system, supplier and recipient one deal."""

    def period(t: dict[str, Any]) -> sd.Period:
        return sd.Period(**{"start": None, **t["period"]})

    # A reader may put a claim in a deal of other goods or parties: it gets a deal of its own.
    first: dict[str, tuple[Any, ...]] = {}
    for t in transfers:
        key = (t["system"], t["supplier"], t["recipient"])
        if first.setdefault(t["deal"], key) != key:
            print(f"{t['id']!r} left deal {t['deal']!r}: other goods or parties")
            t["deal"] = t["id"]
    deal_of = {t["id"]: t["deal"] for t in transfers}
    flows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for t in transfers:
        if t["system"] is not None:
            flows[(t["system"], t["supplier"], t["recipient"])].append(t)
    for claims in flows.values():
        for i, a in enumerate(claims):
            for b in claims[i + 1 :]:
                other = period(b)
                overlap = period(a).overlaps(other.first, other.end)  # the validator's reading
                if overlap and deal_of[a["id"]] != deal_of[b["id"]]:
                    keep, lose = sorted(
                        (deal_of[a["id"]], deal_of[b["id"]]), key=lambda d: (d not in existing, d)
                    )
                    if lose in existing:
                        print(f"deals {keep!r} and {lose!r} joined: {b['id']!r} overlaps both")
                    for tid, deal in deal_of.items():
                        if deal == lose:
                            deal_of[tid] = keep
    for t in transfers:
        t["deal"] = deal_of[t["id"]]


def main(argv: list[str]) -> int:
    global OLD, NEW, SHEETS, VERSION, SCOPE
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 1 or args[0] not in BUILDS:
        print(f"usage: python tools/assemble.py VERSION [--check]; VERSION one of {list(BUILDS)}")
        return 2
    VERSION = args[0]
    base, SCOPE = BUILDS[VERSION]
    OLD, NEW, SHEETS = DATA / base, DATA / VERSION, Path("curation") / VERSION
    check_only = "--check" in argv
    # A released version is immutable: it is rebuilt in memory and compared with the files
    # that shipped, never written over.
    released = VERSION in _load.registry(_load.data_root())
    problems: list[str] = []
    old = {name: read(OLD / f"{name}.json") for name in TABLES}
    tables: dict[str, list[dict[str, Any]]] = {n: old[n]["records"] for n in TABLES}
    sources = {s["id"]: s for s in tables["sources"]}
    by_url = {s["url"].rstrip("/"): s["id"] for s in sources.values() if s.get("url")}
    records = {(name, r["id"]): r for name in CITED for r in tables[name]}

    tasks = {t["task"]: t for p in sorted(SHEETS.glob("tasks-*.json")) for t in read(p)}
    answers = [a for p in sorted(SHEETS.glob("weak-*.json")) for a in read(p)["answers"]]
    verdicts: dict[tuple[str, int], str] = {}
    reviews = [p for p in SHEETS.glob("review-*.json") if not p.name.startswith("review-add-")]
    for path in sorted(reviews):
        for v in read(path)["verdicts"]:
            verdicts[(v["task"], v["citation"])] = v["verdict"]
    fixes = read(SHEETS / "fixes.json") if (SHEETS / "fixes.json").exists() else {}
    fixed: dict[tuple[str, int], dict[str, Any]] = {}
    for fix in fixes.get("citations", []):
        fixed[(fix["task"], fix["citation"])] = fix
        if fix.get("accept"):
            verdicts[(fix["task"], fix["citation"])] = "confirmed"

    # -- new sources (one per URL)
    redirect: dict[str, str] = {}
    for path in sorted(SHEETS.glob("weak-*.json")) + sorted(SHEETS.glob("add-*.json")):
        for source in read(path).get("new_sources", []):
            url = (source.get("url") or "").rstrip("/")
            if url in by_url:
                redirect[source["id"]] = by_url[url]
            elif source["id"] in sources:
                problems.append(f"{path.name}: new source id {source['id']!r} is taken")
            else:
                sources[source["id"]] = source
                by_url[url] = source["id"]

    for fix in fixes.get("sources", []):
        sid = redirect.get(fix["id"], fix["id"])
        if sid not in sources:
            problems.append(f"fixes.json: no source {fix['id']!r}")
        else:
            sources[sid] = {**sources[sid], **fix["set"]}

    # -- the records the expansion readers added, where the second reader confirmed them (first,
    # so that a reader's task may add a citation to an added record too)
    expand(tables, records, sources, redirect, problems)

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
            fix = fixed.get((answer["task"], number), {})
            citation["supports"] = fix.get("supports", citation["supports"])
            citation["translation"] = fix.get("translation", citation["translation"])
            if not citation["supports"]:
                continue
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
            # The fix its second reader named may be a spelling that the quote prints and the
            # dataset lacks: it becomes an alias of the system it names, on this same quote.
            for system_id, aliases in fix.get("aliases", {}).items():
                _add_aliases(records, system_id, aliases, citation, problems)
            for weak in task.get("weak_citations", [task]):
                replaced_by[weak["source"]].add(citation["source"])
        if (
            answer.get("corrections")
            and verdicts.get((answer["task"], "correction")) == "confirmed"
        ):
            for field, value in answer["corrections"].items():
                record[field] = value

    # -- drop the weak citations that the others now cover
    dropped = 0
    for record in records.values():
        keep = []
        for citation in record["citations"]:
            strong = [c for c in record["citations"] if sources[c["source"]]["kind"] not in WEAK]
            if sources[citation["source"]]["kind"] in WEAK and covered(record, citation, strong):
                dropped += 1
                continue
            keep.append(citation)
        record["citations"] = keep
    if VERSION not in ("2.1.0", "2.2.0"):
        # From 2.3.0: a weak citation that adds nothing goes too. It is covered by the record's
        # other citations, of any kind: they support every field it supports and quote every
        # name and printed figure it quotes. One at a time, first in record order, so that two
        # weak citations that repeat each other never both go.
        for record in records.values():
            again = True
            while again:
                again = False
                for i, citation in enumerate(record["citations"]):
                    others = record["citations"][:i] + record["citations"][i + 1 :]
                    if sources[citation["source"]]["kind"] in WEAK and covered(
                        record, citation, others
                    ):
                        record["citations"] = others
                        dropped += 1
                        again = True
                        break

    # -- keep only the evidence each file allows (a system's quote read as "relation")
    from soviet_dprk import _validate

    for name in CITED:
        allowed = {e.value for e in _validate._EVIDENCE[f"{name}.json"]}
        for record in tables[name]:
            for citation in record["citations"]:
                kept = [e for e in citation["supports"] if e in allowed]
                citation["supports"] = kept or ["context"]

    # -- corrections of fields
    corrections = (
        read(SHEETS / "corrections.json") if (SHEETS / "corrections.json").exists() else []
    )
    for edit in corrections:
        record = records.get((edit["file"], edit["record"]))
        if record is None:
            problems.append(f"correction: no record {edit['file']}:{edit['record']}")
            continue
        if edit.get("withdraw"):
            # A repeat of another claim (``same_as``) that two readers brought under two ids.
            tables[edit["file"]].remove(record)
            del records[(edit["file"], edit["record"])]
            continue
        if "citation" in edit:
            # Cut what one citation supports (an empty list drops it), named by its source.
            hits = [c for c in record["citations"] if c["source"] == edit["citation"]]
            if len(hits) != 1:
                problems.append(
                    f"correction: {edit['record']} cites {edit['citation']!r} {len(hits)} times"
                )
                continue
            if edit["supports"]:
                hits[0]["supports"] = edit["supports"]
            else:
                record["citations"].remove(hits[0])
        for field, value in edit.get("set", {}).items():
            if field not in record:
                problems.append(f"correction: {edit['record']} has no field {field!r}")
            record[field] = value

    # -- one written form: a period with no start year has no "start" key, as in 2.0.0
    for transfer in tables["transfers"]:
        if "start" in transfer["period"] and transfer["period"]["start"] is None:
            transfer["period"] = {k: v for k, v in transfer["period"].items() if k != "start"}

    # -- sources nothing cites any more
    cited = {c["source"] for name in CITED for r in tables[name] for c in r["citations"]}
    shipped = {s["id"] for s in old["sources"]["records"]}
    # A new source that no confirmed record cites was never released: it is left out.
    for sid in [s for s in sources if s not in cited and s in shipped]:
        successors = replaced_by.get(sid, set())
        successor = next(iter(successors)) if len(successors) == 1 else None
        reason = (
            f"A weak source ({sources[sid]['kind']}); its claims are cited to stronger "
            f"sources in {VERSION}, and no claim cites it any more."
        )
        tables["tombstones"].append(
            {
                "id": sid,
                "successor": successor,
                "reason": reason,
                "since": VERSION,
                "record": "source",
            }
        )
    tables["sources"] = [s for s in sources.values() if s["id"] in cited]

    for line in problems:
        print(line)
    total = sum(len(r["citations"]) for name in CITED for r in tables[name])
    weak = sum(
        sources[c["source"]]["kind"] in WEAK
        for n in CITED
        for r in tables[n]
        for c in r["citations"]
    )
    print(
        f"citations added {added} (left out, not confirmed: {rejected}), weak dropped {dropped}; "
        f"weak {weak} of {total} ({weak / total:.1%})"
    )
    counts = ", ".join(f"{len(tables[n])} {n}" for n in TABLES)
    print(f"{'would write' if check_only or released else 'wrote'} {NEW}: {counts}")
    if check_only or problems:
        if problems and not check_only:
            print("not written: the problems above come first")
        return 1 if problems else 0
    texts = {}
    for name in TABLES:
        meta = dict(old[name]["meta"], version=VERSION, scope=SCOPE)
        text = json.dumps({"meta": meta, "records": tables[name]}, ensure_ascii=False, indent=2)
        texts[name] = text + "\n"
    if released:
        differ = [n for n in TABLES if (NEW / f"{n}.json").read_text("utf-8") != texts[n]]
        if differ:
            print(f"{VERSION} is released; this build differs from it in: {', '.join(differ)}")
            return 1
        print(f"{VERSION} is released; this build is byte for byte the released version")
        return 0
    NEW.mkdir(exist_ok=True)
    for name in TABLES:
        (NEW / f"{name}.json").write_text(texts[name], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
