"""The rules of dataset 2.0.0: every structured claim says exactly what its quotes say.

Each test starts from a small draft that meets every rule, breaks one thing, and checks that
the validator names the file, the record and the field; and that 1.x versions, released
before these rules, are not held to them.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import soviet_dprk as sd
from soviet_dprk import _load
from soviet_dprk._model import UNSAFE_START

V = "2.0.0"
Tree = dict[str, Any]


def cite(source: str, quote: str, *supports: str, translation: str | None = None) -> Tree:
    return {"source": source, "quote": quote, "translation": translation, "supports": [*supports]}


def source(sid: str, url: str, language: str = "en", kind: str = "press") -> Tree:
    return {
        "id": sid,
        "title": f"A page about {sid}",
        "publisher": "A Publisher",
        "author": None,
        "kind": kind,
        "language": language,
        "year": 2019,
        "date": "2019-05",
        "url": url,
        "retrieved": None,
        "copy_of": None,
        "note": None,
    }


def transfer(tid: str, start: int, end: int, printed: str, number: int) -> Tree:
    return {
        "id": tid,
        "deal": "t-34-ussr-dprk",
        "stage": "delivered",
        "item": "T-34 tanks",
        "system": "t-34",
        "supplier": "ussr",
        "recipient": "dprk",
        "kind": "delivery",
        "period": {"start": start, "end": end, "approximate": False, "as_printed": printed},
        "quantity": {
            "value": number,
            "qualifier": "exact",
            "unit": "tanks",
            "as_printed": str(number),
        },
        "confidence": "stated",
        "citations": [
            cite("press", f"The USSR sent {number} T-34 tanks {printed}.", "transfer", "period")
        ],
        "note": None,
    }


DRAFT: dict[str, list[Tree]] = {
    "sources.json": [
        source("press", "https://example.org/a"),
        source("korean", "https://example.org/b", "ko"),
    ],
    "systems.json": [
        {
            "id": system_id,
            "name": name,
            "aliases": [],
            "shared_names": [],
            "category": category,
            "origin": origin,
            "citations": [cite("press", f"The {name} is a {category} of the {origin}.", "name")],
            "note": None,
        }
        for system_id, name, category, origin in (
            ("ak-47", "AK-47", "small_arm", "ussr"),
            ("type-58", "Type 58", "small_arm", "dprk"),
            ("t-34", "T-34", "tank", "ussr"),
        )
    ],
    "derivations.json": [
        {
            "id": "type-58--ak-47",
            "child": "type-58",
            "parent": "ak-47",
            "relation": "licensed_production",
            "confidence": "stated",
            "citations": [
                cite(
                    "korean",
                    "58식 보총은 AK-47의 면허 생산형이다.",
                    "relation",
                    translation="The Type 58 rifle is a licence-built AK-47.",
                )
            ],
            "note": None,
        }
    ],
    "transfers.json": [
        transfer("t-34-a", 1949, 1952, "between 1949 and 1952", 37),
        transfer("t-34-b", 1948, 1950, "by 1950", 379),
    ],
    "eras.json": [
        {
            "id": "founding",
            "name": "Founding",
            "start": 1945,
            "end": 1953,
            "approximate": False,
            "summary": "The founding years.",
            "citations": [
                cite("press", "The DPRK emerged in 1948 and fought until 1953.", "period")
            ],
        }
    ],
    "tombstones.json": [],
}


def write(root: Path, files: dict[str, list[Tree]], version: str = V) -> Path:
    folder = root / version
    folder.mkdir(parents=True)
    for name, records in files.items():
        tree = {"meta": {"version": version}, "records": records}
        (folder / name).write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    return root


def broken(tmp_path: Path, change: Callable[[dict[str, list[Tree]]], object]) -> Path:
    files = copy.deepcopy(DRAFT)
    change(files)
    return write(tmp_path, files)


def expect(root: Path, file: str, rec: str, field: str, match: str) -> None:
    with pytest.raises(sd.DatasetError, match=match) as info:
        _load.load_from(root, V)
    assert (f"{V}/{file}", rec, field) == (info.value.file, info.value.record, info.value.field)


def test_the_draft_meets_every_rule(tmp_path: Path) -> None:
    data = _load.load_from(write(tmp_path, DRAFT), V)
    assert not data.released
    citation = data.derivations[0].citations[0]
    assert "The Type 58 rifle is a licence-built AK-47." == citation.translation
    assert (sd.Evidence.RELATION,) == citation.supports
    assert {"t-34-ussr-dprk"} == {t.deal for t in data.transfers}
    assert {sd.Stage.DELIVERED} == {t.stage for t in data.transfers}
    assert sd.SourceKind.PRESS is data.source("press").kind


def records(files: dict[str, list[Tree]], name: str) -> list[Tree]:
    return files[f"{name}.json"]


BREAKS: list[tuple[str, Callable[[dict[str, list[Tree]]], object], str, str, str, str]] = [
    (
        "a period not in the quotes",
        lambda f: records(f, "transfers")[0]["period"].update(as_printed="date 2024-10-28"),
        "transfers.json",
        "t-34-a",
        "period.as_printed",
        "appears in none",
    ),
    (
        "a period printed nowhere",
        lambda f: records(f, "transfers")[0]["period"].update(as_printed=None),
        "transfers.json",
        "t-34-a",
        "period.as_printed",
        "required",
    ),
    (
        "a number not in the quotes",
        lambda f: records(f, "transfers")[1]["quantity"].update(as_printed="380"),
        "transfers.json",
        "t-34-b",
        "quantity.as_printed",
        "appears in none",
    ),
    (
        "a bare date as a quote",
        lambda f: records(f, "eras")[0]["citations"].append(cite("press", "21 May 1965", "period")),
        "eras.json",
        "founding",
        "citations",
        "page metadata",
    ),
    (
        "a page header as a quote",
        lambda f: records(f, "eras")[0]["citations"][0].update(quote="date 2025-04-27 Russia's"),
        "eras.json",
        "founding",
        "citations",
        "page metadata",
    ),
    (
        "a URL as a title",
        lambda f: records(f, "sources")[0].update(title="https://example.org/a"),
        "sources.json",
        "press",
        "title",
        "never a URL",
    ),
    (
        "a title that holds a URL",
        lambda f: records(f, "sources")[0].update(title="See https://example.org/x"),
        "sources.json",
        "press",
        "title",
        "never a URL",
    ),
    (
        "a quote in French with no translation",
        lambda f: records(f, "sources")[0].update(language="fr"),
        "systems.json",
        "ak-47",
        "citations.translation",
        "not in English",
    ),
    (
        "a formula in a printed period",
        lambda f: (
            records(f, "transfers")[0]["period"].update(as_printed="=between 1949 and 1952"),
            records(f, "transfers")[0]["citations"][0].update(
                quote="The USSR sent 37 T-34 tanks =between 1949 and 1952."
            ),
        ),
        "transfers.json",
        "t-34-a",
        "period.as_printed",
        "formula",
    ),
    (
        "two sources of one URL",
        lambda f: records(f, "sources")[1].update(url="https://example.org/a/"),
        "sources.json",
        "korean",
        "url",
        "one source per URL",
    ),
    (
        "a source of no kind",
        lambda f: records(f, "sources")[0].update(kind=None),
        "sources.json",
        "press",
        "kind",
        "what kind",
    ),
    (
        "a date in another year",
        lambda f: records(f, "sources")[0].update(date="2018-05-01"),
        "sources.json",
        "press",
        "year",
        "year of the date",
    ),
    (
        "a mirror that names nothing",
        lambda f: records(f, "sources")[0].update(kind="mirror"),
        "sources.json",
        "press",
        "copy_of",
        "names the work",
    ),
    (
        "a party coded other",
        lambda f: records(f, "transfers")[0].update(supplier="other"),
        "transfers.json",
        "t-34-a",
        "supplier",
        "other",
    ),
    (
        "an untranslated quote",
        lambda f: records(f, "derivations")[0]["citations"][0].update(translation=None),
        "derivations.json",
        "type-58--ak-47",
        "citations.translation",
        "translation",
    ),
    (
        "a quote that is evidence of nothing",
        lambda f: records(f, "systems")[0]["citations"][0].update(supports=[]),
        "systems.json",
        "ak-47",
        "citations.supports",
        "evidence of",
    ),
    (
        "an edge's quote as evidence of a quantity",
        lambda f: records(f, "derivations")[0]["citations"][0].update(supports=["quantity"]),
        "derivations.json",
        "type-58--ak-47",
        "citations.supports",
        "quantity",
    ),
    (
        "a duplicate edge",
        lambda f: records(f, "derivations").append(
            {**records(f, "derivations")[0], "id": "type-58--ak-47--again"}
        ),
        "derivations.json",
        "type-58--ak-47--again",
        "relation",
        "duplicate edge",
    ),
    (
        "two readings of one pair, one stated",
        lambda f: records(f, "derivations").append(
            {**records(f, "derivations")[0], "id": "type-58--ak-47--copy", "relation": "copy"}
        ),
        "derivations.json",
        "type-58--ak-47",
        "confidence",
        "disputed",
    ),
    (
        "overlapping claims in two deals",
        lambda f: records(f, "transfers")[1].update(deal="another-deal"),
        "transfers.json",
        "t-34-a",
        "deal",
        "overlaps",
    ),
    (
        "a deal of two suppliers",
        lambda f: records(f, "transfers")[1].update(supplier="china"),
        "transfers.json",
        "t-34-b",
        "deal",
        "different goods or parties",
    ),
    (
        "a deal's numbers in two units",
        lambda f: records(f, "transfers")[1]["quantity"].update(unit="vehicles"),
        "transfers.json",
        "t-34-b",
        "quantity.unit",
        "share a unit",
    ),
    (
        "a claim of no stage",
        lambda f: records(f, "transfers")[0].update(stage=None),
        "transfers.json",
        "t-34-a",
        "stage",
        "agreed or delivered",
    ),
    (
        "a stated edge on a blog alone",
        lambda f: records(f, "sources")[1].update(kind="blog"),
        "derivations.json",
        "type-58--ak-47",
        "confidence",
        "weak sources",
    ),
    (
        "an inferred record",
        lambda f: records(f, "derivations")[0].update(confidence="inferred"),
        "derivations.json",
        "type-58--ak-47",
        "confidence",
        "answers only",
    ),
]


@pytest.mark.parametrize(
    ("change", "file", "rec", "field", "match"),
    [case[1:] for case in BREAKS],
    ids=[case[0] for case in BREAKS],
)
def test_each_rule_names_what_breaks_it(
    tmp_path: Path,
    change: Callable[[dict[str, list[Tree]]], object],
    file: str,
    rec: str,
    field: str,
    match: str,
) -> None:
    expect(broken(tmp_path, change), file, rec, field, match)


def test_disagreeing_edges_pass_when_all_are_disputed(tmp_path: Path) -> None:
    def both_disputed(files: dict[str, list[Tree]]) -> None:
        edges = records(files, "derivations")
        edges.append({**edges[0], "id": "type-58--ak-47--copy", "relation": "copy"})
        for edge in edges:
            edge["confidence"] = "disputed"

    data = _load.load_from(broken(tmp_path, both_disputed), V)
    assert 2 == len(data.derived_from("Type 58"))


def test_overlapping_claims_pass_when_all_are_disputed(tmp_path: Path) -> None:
    def disputed(files: dict[str, list[Tree]]) -> None:
        for claim, deal in zip(records(files, "transfers"), ("one", "two"), strict=True):
            claim.update(deal=deal, confidence="disputed")

    assert 2 == len(_load.load_from(broken(tmp_path, disputed), V).transfers)


def test_printed_figures_may_differ_in_quote_marks_dashes_and_spacing(tmp_path: Path) -> None:
    def typeset(files: dict[str, list[Tree]]) -> None:
        claim = records(files, "transfers")[0]
        claim["citations"][0]["quote"] = "Sent 37 T-34s in the\u00a0years 1949\u20131952."
        claim["period"]["as_printed"] = "years  1949-1952"

    assert _load.load_from(broken(tmp_path, typeset), V).transfers


def test_printed_figures_may_not_differ_in_case(tmp_path: Path) -> None:
    def recased(files: dict[str, list[Tree]]) -> None:
        records(files, "transfers")[0]["period"]["as_printed"] = "Between 1949 and 1952"

    expect(broken(tmp_path, recased), "transfers.json", "t-34-a", "period.as_printed", "none")


@settings(max_examples=60, deadline=None)
@given(
    start=st.sampled_from(UNSAFE_START),
    rest=st.text(max_size=20),
    where=st.sampled_from(("name", "note", "aliases")),
)
def test_no_text_field_begins_as_a_formula(
    tmp_path_factory: pytest.TempPathFactory, start: str, rest: str, where: str
) -> None:
    text = start + "HYPERLINK" + rest

    def inject(files: dict[str, list[Tree]]) -> None:
        system = records(files, "systems")[2]
        system[where] = [text] if where == "aliases" else text

    root = broken(tmp_path_factory.mktemp("formula"), inject)
    with pytest.raises(sd.DatasetError, match="formula") as info:
        _load.load_from(root, V)
    assert ("t-34", where) == (info.value.record, info.value.field)


@pytest.mark.parametrize(
    ("name", "record", "field"),
    [
        ("sources.json", "press", "title"),
        ("derivations.json", "type-58--ak-47", "note"),
        ("transfers.json", "t-34-a", "item"),
        ("eras.json", "founding", "summary"),
        ("tombstones.json", "la-9", "reason"),
    ],
)
def test_a_formula_is_reported_in_the_file_and_record_that_hold_it(
    tmp_path: Path, name: str, record: str, field: str
) -> None:
    def inject(files: dict[str, list[Tree]]) -> None:
        if name == "tombstones.json":
            files[name].append(
                {"id": "la-9", "successor": None, "reason": "", "since": V, "record": "system"}
            )
        next(r for r in files[name] if r["id"] == record)[field] = "=HYPERLINK(1)"

    expect(broken(tmp_path, inject), name, record, field, "formula")


def test_versions_before_2_are_not_held_to_the_new_rules(tmp_path: Path) -> None:
    files = copy.deepcopy(DRAFT)
    records(files, "transfers")[0].update(supplier="other")
    records(files, "sources")[0].update(title="https://example.org/a")
    write(tmp_path, files, "1.99.0")
    data = _load.load_from(tmp_path, "1.99.0")
    assert sd.Country.OTHER is data.transfers[0].supplier
