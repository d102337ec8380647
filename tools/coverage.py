"""Measure a dataset version against the reference pages its curators listed.

Usage (from the project's root):  python tools/coverage.py VERSION [SHEETS] [--markdown]

SHEETS (default ``curation/<VERSION>``) holds the readers' ``add-<area>.json`` worksheets, whose
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
  the same system, supplier and recipient.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import soviet_dprk as sd
from soviet_dprk._names import normalize


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


def measure(version: str, sheets: Path) -> dict[str, Any]:
    data = sd.load(version)
    systems: dict[str, dict[str, Any]] = {}
    transfers: dict[tuple[str, str], dict[str, Any]] = {}
    pages: dict[str, str] = {}
    for path in sorted(sheets.glob("add-*.json")):
        sheet = json.loads(path.read_text(encoding="utf-8"))
        for page in sheet.get("reference_pages", []):
            pages.setdefault(page["url"], page.get("title") or page["url"])
        for entry in sheet.get("reference_systems", []):
            systems.setdefault(normalize(entry["name"]), entry)
        for entry in sheet.get("reference_transfers", []):
            transfers.setdefault((entry["page"], entry["words"]), entry)
    # Printed words that hold several designations, or a designation and a common noun, are
    # read as the designations they hold (each split with its reason in reference-names.json).
    split = sheets / "reference-names.json"
    designations = {
        e["printed"]: e["designations"]
        for e in (json.loads(split.read_text(encoding="utf-8")) if split.exists() else [])
    }
    by_id = {t.id: t for t in data.transfers}
    # A claim withdrawn as a repeat of another is present as that other claim.
    edits = sheets / "corrections.json"
    for edit in json.loads(edits.read_text(encoding="utf-8")) if edits.exists() else []:
        if edit.get("withdraw") and edit.get("same_as") in by_id:
            by_id[edit["record"]] = by_id[edit["same_as"]]
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
    for entry in transfers.values():
        claim = by_id.get(entry.get("transfer") or "")
        if claim is not None and (
            (claim.system.id if claim.system else None) == entry.get("system")
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
    sheets = Path(args[1]) if len(args) > 1 else Path("curation") / version
    result = measure(version, sheets)
    if "--markdown" in argv:
        print(markdown(result), end="")
    else:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
