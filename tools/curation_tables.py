"""Write what a dataset version holds as two tables for curators: systems, and edges with claims.

Usage (from the project's root):  python tools/curation_tables.py VERSION OUTDIR

Writes ``OUTDIR/existing-systems.tsv`` (id, name, category, origin, aliases, shared names) and
``OUTDIR/existing-lineage-transfers.tsv`` (``D`` lines: derivations; ``T`` lines: transfer
claims with their deals), read from the shipped files of VERSION. Readers use them to avoid
adding what the version already holds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _read(folder: Path, name: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads((folder / f"{name}.json").read_text("utf-8"))[
        "records"
    ]
    return records


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    folder = Path("src/soviet_dprk/data") / argv[1]
    out = Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    lines = ["id\tname\tcategory\torigin\taliases\tshared_names"]
    for s in _read(folder, "systems"):
        aliases = " | ".join(s["aliases"])
        shared = " | ".join(s["shared_names"])
        lines.append(f"{s['id']}\t{s['name']}\t{s['category']}\t{s['origin']}\t{aliases}\t{shared}")
    (out / "existing-systems.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    lines = ["# derivations: id child parent relation confidence"]
    for d in _read(folder, "derivations"):
        lines.append(
            "\t".join(["D", d["id"], d["child"], d["parent"], d["relation"], d["confidence"]])
        )
    lines.append("# transfers: id deal stage system supplier recipient kind start end quantity")
    for t in _read(folder, "transfers"):
        period, quantity = t["period"], t["quantity"] or {}
        fields = [
            t["id"],
            t["deal"],
            t["stage"],
            t["system"] or "-",
            t["supplier"],
            t["recipient"],
            t["kind"],
            period.get("start"),
            period.get("end"),
            quantity.get("as_printed"),
        ]
        lines.append("\t".join(["T", *("-" if f is None else str(f) for f in fields)]))
    (out / "existing-lineage-transfers.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
