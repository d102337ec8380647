"""List a new dataset version's corrections of an old one, one line each, as Markdown.

Usage (from the project's root):  python tools/corrections.py OLD NEW

For the CHANGELOG's data section: every change of a structured field (what a record was, and
what it is now), every record added, and every record withdrawn with its tombstone's reason.
Citations, notes and source metadata are summarised by count, not listed; ``soviet-dprk diff
OLD NEW`` shows those field by field.
"""

from __future__ import annotations

import sys
from typing import Any

from soviet_dprk import _load
from soviet_dprk._export import to_records

#: The structured fields whose every change is listed, per table.
FIELDS = {
    "systems": ("name", "aliases", "shared_names", "category", "origin"),
    "derivations": ("child", "parent", "relation", "confidence"),
    "transfers": ("system", "supplier", "recipient", "kind", "period", "quantity", "confidence"),
    "eras": ("name", "start", "end", "approximate"),
    "sources": ("url",),
}


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        parts = [f"{k} {_shown(v)}" for k, v in value.items() if v not in (None, False)]
        return "(" + ", ".join(parts) + ")" if parts else "none"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]" if value else "none"
    return "none" if value is None else str(value)


def _change(field: str, old: Any, new: Any) -> str:
    if isinstance(old, list) and isinstance(new, list):
        added = [v for v in new if v not in old]
        removed = [v for v in old if v not in new]
        words = []
        if added:
            words.append("added " + ", ".join(f"`{v}`" for v in added))
        if removed:
            words.append("removed " + ", ".join(f"`{v}`" for v in removed))
        return f"{field} " + "; ".join(words)
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [k for k in new if old.get(k) != new.get(k)]
        return "; ".join(f"{field}.{k} {_shown(old.get(k))} → {_shown(new.get(k))}" for k in keys)
    return f"{field} {_shown(old)} → {_shown(new)}"


def corrections(old_version: str, new_version: str) -> list[str]:
    root = _load.data_root()
    old = to_records(_load.load_from(root, old_version))
    new = to_records(_load.load_from(root, new_version))
    reasons = {(t["record"], t["id"]): t for t in new["tombstones"]}
    lines: list[str] = []
    for table, fields in FIELDS.items():
        before = {r["id"]: r for r in old[table]}
        after = {r["id"]: r for r in new[table]}
        record = table.removesuffix("s")
        for rid in before:
            if rid not in after:
                tomb = reasons.get((record, rid))
                why = tomb["reason"] if tomb else "withdrawn"
                to = f" (now `{tomb['successor']}`)" if tomb and tomb["successor"] else ""
                lines.append(f"- {record} `{rid}` withdrawn{to}: {why}")
                continue
            changes = [
                _change(f, before[rid].get(f), after[rid].get(f))
                for f in fields
                if before[rid].get(f) != after[rid].get(f)
            ]
            if changes:
                lines.append(f"- {record} `{rid}`: " + "; ".join(changes))
        for rid in after:
            if rid not in before and table != "sources":
                lines.append(f"- {record} `{rid}` added")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    print("\n".join(corrections(argv[1], argv[2])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
