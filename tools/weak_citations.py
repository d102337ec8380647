"""List a dataset version's weak citations: which a stronger citation already covers, which not.

A weak citation (a source whose kind is weak: mirror, blog, forum, wiki, ...) is *covered* when
the record's other, non-weak citations support every field it supports, every name or alias it
quotes, and the record's printed period and quantity. Covered citations can be dropped without
losing a field's support; the others need a stronger source, or stay.

    python tools/weak_citations.py src/soviet_dprk/data/2.0.0 [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from soviet_dprk import SourceKind
from soviet_dprk._validate import _squash

WEAK = {kind.value for kind in SourceKind if kind.weak}
FILES = ("systems", "derivations", "transfers", "eras")


def _fold(text: str) -> str:
    """The validator's reading of printed words (quote marks, dashes, spaces), without case."""
    return _squash(text).casefold()


def _names(record: dict[str, Any]) -> list[str]:
    return [record["name"], *record.get("aliases", [])] if "name" in record else []


def _printed(record: dict[str, Any]) -> list[str]:
    out = []
    for key in ("period", "quantity"):
        value = record.get(key)
        if isinstance(value, dict) and value.get("as_printed"):
            out.append(value["as_printed"])
    return out


def covered(record: dict[str, Any], weak: dict[str, Any], strong: list[dict[str, Any]]) -> bool:
    """Whether the strong citations carry everything that the weak citation supports."""
    if not strong:
        return False
    tags = {tag for c in strong for tag in c["supports"]}
    if not set(weak["supports"]) <= tags:
        return False
    strong_text = [_fold(c["quote"]) for c in strong]
    weak_text = _fold(weak["quote"])
    for words in _names(record) + _printed(record):
        w = _fold(words)
        if w in weak_text and not any(w in s for s in strong_text):
            return False
    return True


def classify(folder: Path) -> list[dict[str, Any]]:
    sources = {
        s["id"]: s for s in json.loads((folder / "sources.json").read_text("utf-8"))["records"]
    }
    rows = []
    for name in FILES:
        for record in json.loads((folder / f"{name}.json").read_text("utf-8"))["records"]:
            cits = record["citations"]
            strong = [c for c in cits if sources[c["source"]]["kind"] not in WEAK]
            for index, c in enumerate(cits):
                source = sources[c["source"]]
                if source["kind"] not in WEAK:
                    continue
                rows.append(
                    {
                        "file": name,
                        "record": record["id"],
                        "index": index,
                        "source": c["source"],
                        "kind": source["kind"],
                        "url": source["url"],
                        "copy_of": source.get("copy_of"),
                        "quote": c["quote"],
                        "translation": c["translation"],
                        "supports": c["supports"],
                        "covered": covered(record, c, strong),
                        "strong_citations": len(strong),
                    }
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", type=Path, help="write the rows as JSON here")
    args = parser.parse_args(argv)
    rows = classify(args.folder)
    total = sum(
        len(r["citations"])
        for name in FILES
        for r in json.loads((args.folder / f"{name}.json").read_text("utf-8"))["records"]
    )
    n_cov = sum(r["covered"] for r in rows)
    print(
        f"{len(rows)} weak citations of {total} ({len(rows) / total:.1%}); "
        f"{n_cov} covered by stronger citations, {len(rows) - n_cov} not"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
