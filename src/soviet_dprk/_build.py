"""Records from verified data: plain constructors, no checks.

A released dataset version was validated by `soviet_dprk._validate` when it was released, and
its bytes are verified against the registry before they come here (see `soviet_dprk._load`), so
what this module is given is known to be valid: it only turns parsed JSON into records. The
validator builds its records through cattrs instead; ``tests/test_validate.py`` checks that both
give equal records for every shipped version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ._dataset import Dataset
from ._model import (
    Category,
    Citation,
    Confidence,
    Country,
    Derivation,
    Era,
    Evidence,
    Period,
    Qualifier,
    Quantity,
    Records,
    Relation,
    Source,
    SourceKind,
    Stage,
    System,
    Table,
    Tombstone,
    Transfer,
    TransferKind,
)
from ._query import Index

__all__ = ["dataset", "records"]

#: A parsed data file: its ``meta`` object and its list of ``records``.
Tree = Mapping[str, Any]

# Each vocabulary's members by value: a dict lookup costs a tenth of calling the enum.
_CATEGORY: Final = {m.value: m for m in Category}
_CONFIDENCE: Final = {m.value: m for m in Confidence}
_COUNTRY: Final = {m.value: m for m in Country}
_KIND: Final = {m.value: m for m in TransferKind}
_QUALIFIER: Final = {m.value: m for m in Qualifier}
_RELATION: Final = {m.value: m for m in Relation}
_EVIDENCE: Final = {m.value: m for m in Evidence}
_SOURCE_KIND: Final = {m.value: m for m in SourceKind}
_STAGE: Final = {m.value: m for m in Stage}
_TABLE: Final = {m.value: m for m in Table}


def _citations(raw: list[dict[str, Any]]) -> tuple[Citation, ...]:
    evidence = _EVIDENCE.__getitem__
    return tuple(
        [
            Citation(
                source=c["source"],
                quote=c["quote"],
                translation=c.get("translation"),
                supports=tuple(map(evidence, c.get("supports", ()))),
            )
            for c in raw
        ]
    )


def _source(raw: dict[str, Any]) -> Source:
    kind = raw.get("kind")
    return Source(**{**raw, "kind": None if kind is None else _SOURCE_KIND[kind]})


def _tombstone(raw: dict[str, Any]) -> Tombstone:
    return Tombstone(**{**raw, "record": _TABLE[raw.get("record", "system")]})


def _system(raw: dict[str, Any]) -> System:
    return System(
        id=raw["id"],
        name=raw["name"],
        aliases=tuple(raw.get("aliases", ())),
        shared_names=tuple(raw.get("shared_names", ())),
        category=_CATEGORY[raw["category"]],
        origin=_COUNTRY[raw["origin"]],
        citations=_citations(raw["citations"]),
        note=raw.get("note"),
    )


def _derivation(raw: dict[str, Any], systems: Mapping[str, System]) -> Derivation:
    return Derivation(
        id=raw["id"],
        child=systems[raw["child"]],
        parent=systems[raw["parent"]],
        relation=_RELATION[raw["relation"]],
        confidence=_CONFIDENCE[raw["confidence"]],
        citations=_citations(raw["citations"]),
        note=raw.get("note"),
        depth=raw.get("depth", 1),
    )


def _transfer(raw: dict[str, Any], systems: Mapping[str, System]) -> Transfer:
    period, quantity = raw["period"], raw["quantity"]
    stage = raw.get("stage")
    return Transfer(
        id=raw["id"],
        deal=raw.get("deal", raw["id"]),
        stage=None if stage is None else _STAGE[stage],
        item=raw["item"],
        system=None if raw["system"] is None else systems[raw["system"]],
        supplier=_COUNTRY[raw["supplier"]],
        recipient=_COUNTRY[raw["recipient"]],
        kind=_KIND[raw["kind"]],
        period=Period(
            start=period.get("start"),
            end=period["end"],
            approximate=period.get("approximate", False),
            as_printed=period.get("as_printed"),
        ),
        quantity=Quantity(
            value=quantity["value"],
            qualifier=_QUALIFIER[quantity["qualifier"]],
            unit=quantity["unit"],
            as_printed=quantity["as_printed"],
        ),
        confidence=_CONFIDENCE[raw["confidence"]],
        citations=_citations(raw["citations"]),
        note=raw.get("note"),
    )


def _era(raw: dict[str, Any]) -> Era:
    return Era(
        id=raw["id"],
        name=raw["name"],
        start=raw["start"],
        end=raw["end"],
        approximate=raw.get("approximate", False),
        summary=raw["summary"],
        citations=_citations(raw["citations"]),
    )


def records(trees: Mapping[str, Tree]) -> Records:
    """Build the records of a verified version from its parsed files, by file name."""
    systems = tuple(_system(r) for r in trees["systems.json"]["records"])
    by_id = {s.id: s for s in systems}
    return Records(
        sources=tuple(_source(r) for r in trees["sources.json"]["records"]),
        systems=systems,
        derivations=tuple(_derivation(r, by_id) for r in trees["derivations.json"]["records"]),
        transfers=tuple(_transfer(r, by_id) for r in trees["transfers.json"]["records"]),
        eras=tuple(_era(r) for r in trees["eras.json"]["records"]),
        tombstones=tuple(_tombstone(r) for r in trees["tombstones.json"]["records"]),
    )


def dataset(version: str, digest: str, found: Records, *, released: bool) -> Dataset:
    """The `Dataset` of a version's records, with the index its queries use."""
    return Dataset(
        version=version,
        digest=digest,
        released=released,
        systems=found.systems,
        derivations=found.derivations,
        transfers=found.transfers,
        eras=found.eras,
        sources=found.sources,
        tombstones=found.tombstones,
        index=Index(
            found.systems, found.derivations, found.transfers, found.eras, found.tombstones
        ),
    )
