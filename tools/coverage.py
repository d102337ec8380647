"""Measure a dataset version against the reference pages its curators listed.

Usage (from the project's root):  python tools/coverage.py VERSION [SHEETS ...] [--markdown]

SHEETS (default: ``curation/<V>`` for every version V from 2.1.0 up to VERSION, so that a version
is measured against the reference pages of the versions before it too) hold the readers'
``add-<area>.json`` worksheets, whose
``reference_systems`` list every designation that a reference page prints, exactly as printed,
with the system it denotes, and whose ``reference_transfers`` list the dated transfers that
those pages give, with the claim that holds each. This script decides nothing about the facts;
it asks the dataset:

- a designation **resolves** when ``Dataset.system`` returns the system it denotes, or raises
  `AmbiguousNameError` naming it (a shared name); designations are counted once each, by the
  library's own name folding, per category; where the printed words hold several
  designations, or a designation and a common noun ("KS-19 대공포"), ``reference-names.json``
  in SHEETS says which designations they hold (each with its reason), and each must resolve;
- a reference transfer is **present** when the claim named for it exists in the version with
  the same system, supplier and recipient. Where a sheet named a claim that was later merged or
  never joined, ``reference-links.json`` in SHEETS may name the held claim instead (each link
  with its reason); a link counts only if that claim cites the reference page with a quote that
  holds the printed words or is part of them, has the same supplier and recipient, and names the
  same system or none;
- an entry that its second reader found is no reference designation (``reference-drops.json``
  in SHEETS, each with its reason) is not counted;
- a designation whose reader named no system (none denoted it then) counts against the version
  until ``reference-targets.json`` in SHEETS names the system a later version added for it.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import soviet_dprk as sd
from soviet_dprk._names import normalize
from soviet_dprk._validate import _squash


def _resolves(data: sd.Dataset, name: str | list[str], target: str | None) -> bool:
    if not target:
        return False
    if isinstance(name, list):  # several designations printed together: each must resolve
        return all(_resolves(data, part, target) for part in name)
    try:
        return data.system(name).id == target
    except sd.AmbiguousNameError as exc:
        names = {s.name for s in data.systems if s.id == target}
        return bool(names & set(exc.candidates))
    except sd.UnknownNameError:
        return False


def _transfer_key(entry: dict[str, Any]) -> tuple[str, ...]:
    """One reference transfer: one flow (system, supplier, recipient) in one page's words."""
    return tuple(
        str(entry.get(field)) for field in ("page", "words", "system", "supplier", "recipient")
    )


def _entries(folders: list[Path], name: str) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Each entry of the side file ``name`` (a JSON list) in each of ``folders`` that has one."""
    for path in (folder / name for folder in folders):
        if path.exists():
            for entry in json.loads(path.read_text(encoding="utf-8")):
                yield path, entry


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def default_sheets(version: str) -> list[Path]:
    """The curation folders of every version from 2.1.0 (the first with reference lists) on."""
    folders = [p for p in Path("curation").iterdir() if p.is_dir() and p.name[:1].isdigit()]
    return sorted(
        (p for p in folders if _version("2.1.0") <= _version(p.name) <= _version(version)),
        key=lambda p: _version(p.name),
    )


def measure(version: str, folders: list[Path]) -> dict[str, Any]:
    data = sd.load(version)
    systems: dict[str, dict[str, Any]] = {}
    transfers: dict[tuple[str, ...], dict[str, Any]] = {}
    pages: dict[str, str] = {}
    for path in [p for sheets in folders for p in sorted(sheets.glob("add-*.json"))]:
        sheet = json.loads(path.read_text(encoding="utf-8"))
        for page in sheet.get("reference_pages", []):
            pages.setdefault(page["url"], page.get("title") or page["url"])
        for entry in sheet.get("reference_systems", []):
            systems.setdefault(normalize(entry["name"]), entry)
        for entry in sheet.get("reference_transfers", []):
            transfers.setdefault(_transfer_key(entry), entry)
    # An entry that its second reader found is no reference designation (its words are not on
    # the page, the page is no reference page, or it names no system in DPRK service) is left
    # out (``reference-drops.json``, each with its reason and the reading that found it).
    for drops, drop in _entries(folders, "reference-drops.json"):
        entry = systems.get(normalize(drop["name"]))
        if entry is None or entry.get("page") != drop["page"]:
            raise SystemExit(f"{drops}: no reference entry {drop['name']!r} on {drop['page']}")
        del systems[normalize(drop["name"])]
    # A designation that its reader could not resolve (no record denoted it yet) may be given
    # the system that a later version added for it (``reference-targets.json``, each with its
    # reason); a target a reader set is never changed.
    for targets, target in _entries(folders, "reference-targets.json"):
        entry = systems.get(normalize(target["name"]))
        if entry is None or entry.get("resolves_to"):
            raise SystemExit(f"{targets}: no unresolved reference entry {target['name']!r}")
        systems[normalize(target["name"])] = {**entry, "resolves_to": target["resolves_to"]}
    # Printed words that hold several designations, or a designation and a common noun, are
    # read as the designations they hold (each split with its reason in reference-names.json).
    designations = {
        e["printed"]: e["designations"] for _, e in _entries(folders, "reference-names.json")
    }
    by_id = {t.id: t for t in data.transfers}
    # A claim withdrawn as a repeat of another is present as that other claim.
    for _, edit in _entries(folders, "corrections.json"):
        if edit.get("withdraw") and edit.get("same_as") in by_id:
            by_id[edit["record"]] = by_id[edit["same_as"]]
    urls = {s.id: s.url for s in data.sources}
    linked: set[tuple[str, ...]] = set()
    for links, link in _entries(folders, "reference-links.json"):
        key = _transfer_key(link)
        claim = by_id.get(link["transfer"])
        if key not in transfers or claim is None:
            raise SystemExit(f"{links}: no reference entry or no claim {link['transfer']!r}")
        words = _squash(link["words"])
        quotes = [_squash(c.quote) for c in claim.citations if urls[c.source] == link["page"]]
        if not any(words in quote or quote in words for quote in quotes):
            raise SystemExit(f"{links}: {claim.id} does not quote {link['words'][:60]!r}")
        if claim.system is not None and claim.system.id != link["system"]:
            raise SystemExit(f"{links}: {claim.id} names another system")
        transfers[key] = {**transfers[key], "transfer": claim.id}
        linked.add(key)
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missing: dict[str, list[str]] = defaultdict(list)
    for entry in systems.values():
        row = per_category[entry.get("category") or "uncategorised"]
        row[0] += 1
        name = designations.get(entry["name"], entry["name"])
        if _resolves(data, name, entry.get("resolves_to")):
            row[1] += 1
        else:
            missing[entry.get("category") or "uncategorised"].append(entry["name"])
    present = 0
    absent: list[str] = []
    for key, entry in transfers.items():
        claim = by_id.get(entry.get("transfer") or "")
        if claim is not None and (
            ((claim.system.id if claim.system else None) == entry.get("system") or key in linked)
            and claim.supplier.value == entry.get("supplier")
            and claim.recipient.value == entry.get("recipient")
        ):
            present += 1
        else:
            absent.append(
                f"{entry.get('system')} {entry.get('supplier')}->{entry.get('recipient')} "
                f"{entry.get('years')}"
            )
    return {
        "version": version,
        "pages": pages,
        "systems": {k: tuple(v) for k, v in sorted(per_category.items())},
        "missing": {k: sorted(v) for k, v in sorted(missing.items())},
        "transfers": (len(transfers), present),
        "absent": sorted(absent),
    }


def markdown(result: dict[str, Any]) -> str:
    total = sum(n for n, _ in result["systems"].values())
    hit = sum(r for _, r in result["systems"].values())
    lines = [
        f"Designations that the reference pages print: {total}; resolving as printed: {hit} "
        f"({hit / total:.1%})."
        if total
        else "No reference designations.",
        "",
        "| category | designations | resolve | share | not resolving |",
        "| --- | --- | --- | --- | --- |",
    ]
    for category, (n, r) in result["systems"].items():
        gaps = ", ".join(result["missing"].get(category, [])) or "-"
        lines.append(f"| {category} | {n} | {r} | {r / n:.0%} | {gaps} |")
    n, p = result["transfers"]
    lines += [
        "",
        f"Dated transfers that the reference pages give: {n}; present: {p} ({p / n:.1%})."
        if n
        else "No reference transfers.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    if not args:
        print(__doc__)
        return 2
    version = args[0]
    folders = [Path(a) for a in args[1:]] or default_sheets(version)
    result = measure(version, folders)
    if "--markdown" in argv:
        print(markdown(result), end="")
    else:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
