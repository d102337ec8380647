"""The validator: every kind of bad data raises a `DatasetError` naming file, record and field.

Each test breaks an unregistered copy of a shipped version (the ``draft`` fixture), so that the
loader sends it through the validator, as it would a version being edited before release.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import soviet_dprk as sd
from soviet_dprk import _load

V = "1.0.0"
Tree = dict[str, Any]


def edit(root: Path, name: str, change: Callable[[Tree], object]) -> None:
    path = root / V / name
    tree = json.loads(path.read_text(encoding="utf-8"))
    change(tree)
    path.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")


def record(tree: Tree, record_id: str) -> Tree:
    return next(r for r in tree["records"] if r["id"] == record_id)


def expect(root: Path, file: str, rec: str | None, field: str | None) -> sd.DatasetError:
    with pytest.raises(sd.DatasetError) as info:
        _load.load_from(root, V)
    err = info.value
    assert (f"{V}/{file}", rec, field) == (err.file, err.record, err.field)
    assert file in str(err)
    if rec is not None:
        assert repr(rec) in str(err)
    return err


def test_truncated_json(draft: Path) -> None:
    path = draft / V / "systems.json"
    path.write_bytes(path.read_bytes()[:200])
    err = expect(draft, "systems.json", None, None)
    assert isinstance(err.__cause__, ValueError)


def test_not_utf8(draft: Path) -> None:
    (draft / V / "systems.json").write_bytes(b'{"meta": {}, "records": ["\xff"]}')
    expect(draft, "systems.json", None, None)


def test_missing_meta(draft: Path) -> None:
    edit(draft, "eras.json", lambda t: t.pop("meta"))
    expect(draft, "eras.json", None, None)


@pytest.mark.parametrize(
    ("file", "rec", "field", "value"),
    [
        ("systems.json", "t-34", "category", "spaceship"),
        ("systems.json", "t-34", "origin", "atlantis"),
        ("systems.json", "t-34", "aliases", "T34"),
        ("systems.json", "t-34", "name", 34),
        ("transfers.json", "t-34-initial-shipments", "kind", "gift"),
        ("transfers.json", "t-34-initial-shipments", "confidence", "certain"),
        ("derivations.json", "type-58--ak-47", "relation", "cousin"),
        ("eras.json", "founding-build-up", "start", "1948"),
        ("eras.json", "founding-build-up", "approximate", "no"),
        ("sources.json", "episkopos-2019", "year", True),
    ],
)
def test_wrong_types_and_unknown_enum_values(
    draft: Path, file: str, rec: str, field: str, value: object
) -> None:
    edit(draft, file, lambda t: record(t, rec).__setitem__(field, value))
    err = expect(draft, file, rec, field)
    assert err.__cause__ is not None
    assert "Traceback" not in str(err)


def test_nested_field_is_named(draft: Path) -> None:
    edit(
        draft,
        "transfers.json",
        lambda t: record(t, "t-34-initial-shipments")["quantity"].__setitem__("value", "37"),
    )
    expect(draft, "transfers.json", "t-34-initial-shipments", "quantity.value")


def test_unknown_key(draft: Path) -> None:
    edit(draft, "systems.json", lambda t: record(t, "t-34").__setitem__("colour", "green"))
    err = expect(draft, "systems.json", "t-34", "colour")
    assert "unknown field colour" in str(err)


def test_unknown_nested_key(draft: Path) -> None:
    edit(
        draft,
        "transfers.json",
        lambda t: record(t, "t-34-initial-shipments")["quantity"].__setitem__("colour", "green"),
    )
    expect(draft, "transfers.json", "t-34-initial-shipments", "quantity.colour")


def test_duplicate_id(draft: Path) -> None:
    edit(draft, "systems.json", lambda t: t["records"].append(dict(record(t, "t-34"))))
    expect(draft, "systems.json", "t-34", "id")


def test_dangling_reference(draft: Path) -> None:
    edit(
        draft,
        "derivations.json",
        lambda t: record(t, "type-58--ak-47").__setitem__("parent", "ak-48"),
    )
    err = expect(draft, "derivations.json", "type-58--ak-47", "parent")
    assert "ak-48" in str(err)


def test_a_system_deriving_from_itself(draft: Path) -> None:
    edit(draft, "derivations.json", lambda t: record(t, "type-58--ak-47").update(parent="type-58"))
    err = expect(draft, "derivations.json", "type-58--ak-47", "parent")
    assert "itself" in str(err)


def test_a_stored_edge_has_depth_1(draft: Path) -> None:
    edit(draft, "derivations.json", lambda t: record(t, "type-58--ak-47").update(depth=2))
    err = expect(draft, "derivations.json", "type-58--ak-47", "depth")
    assert "depth 1" in str(err)


def test_lineage_cycle(draft: Path) -> None:
    def cycle(tree: Tree) -> None:
        tree["records"].append(
            dict(
                record(tree, "type-58--ak-47"), id="ak-47--type-58", child="ak-47", parent="type-58"
            )
        )

    edit(draft, "derivations.json", cycle)
    err = expect(draft, "derivations.json", "ak-47--type-58", "parent")
    assert "cycle" in str(err)


def test_a_cycle_that_the_first_system_only_leads_to(draft: Path) -> None:
    # type-58 -> ak-47 <-> akm: the walk from type-58 enters the cycle without closing it there.
    def cycle(tree: Tree) -> None:
        edge = record(tree, "type-58--ak-47")
        tree["records"] += [
            dict(edge, id="ak-47--akm", child="ak-47", parent="akm"),
            dict(edge, id="akm--ak-47", child="akm", parent="ak-47"),
        ]

    edit(draft, "derivations.json", cycle)
    with pytest.raises(sd.DatasetError, match="cycle") as info:
        _load.load_from(draft, V)
    assert (f"{V}/derivations.json", "parent") == (info.value.file, info.value.field)
    assert info.value.record in {"ak-47--akm", "akm--ak-47"}


@pytest.mark.parametrize(("length", "ok"), [(400, True), (401, False)])
def test_a_quote_is_at_most_400_characters(draft: Path, length: int, ok: bool) -> None:
    quote = ("T-34 " * 100)[:length]
    edit(draft, "systems.json", lambda t: record(t, "t-34")["citations"][0].update(quote=quote))
    if ok:
        assert _load.load_from(draft, V).system("t-34").citations[0].quote == quote
    else:
        assert "400" in str(expect(draft, "systems.json", "t-34", "citations"))


@pytest.mark.parametrize("quote", ["", "   \n "])
def test_a_quote_is_not_empty(draft: Path, quote: str) -> None:
    edit(draft, "systems.json", lambda t: record(t, "t-34")["citations"][0].update(quote=quote))
    expect(draft, "systems.json", "t-34", "citations")


@pytest.mark.parametrize(("year", "ok"), [(1899, False), (1900, True), (2100, True), (2101, False)])
def test_years_lie_in_1900_to_2100(draft: Path, year: int, ok: bool) -> None:
    def move(tree: Tree) -> None:
        period = record(tree, "soviet-military-aid-1949-1952")["period"]
        period.update(start=year, end=year)

    edit(draft, "transfers.json", move)
    if ok:
        assert _load.load_from(draft, V).transfers[0].period.start == year
    else:
        err = expect(draft, "transfers.json", "soviet-military-aid-1949-1952", "period.start")
        assert str(year) in str(err)


@pytest.mark.parametrize(("value", "ok"), [(-1, False), (0, True)])
def test_a_quantity_is_not_negative(draft: Path, value: int, ok: bool) -> None:
    def count(tree: Tree) -> None:
        record(tree, "soviet-military-aid-1949-1952")["quantity"]["value"] = value

    edit(draft, "transfers.json", count)
    if ok:
        assert _load.load_from(draft, V).transfers[0].quantity.value == 0
    else:
        expect(draft, "transfers.json", "soviet-military-aid-1949-1952", "quantity.value")


def test_a_party_does_not_supply_itself(draft: Path) -> None:
    def itself(tree: Tree) -> None:
        record(tree, "soviet-military-aid-1949-1952")["recipient"] = "ussr"

    edit(draft, "transfers.json", itself)
    expect(draft, "transfers.json", "soviet-military-aid-1949-1952", "recipient")


def test_alias_claimed_by_two_systems(draft: Path) -> None:
    edit(draft, "systems.json", lambda t: record(t, "t-34").__setitem__("aliases", ["T 55"]))
    err = expect(draft, "systems.json", "t-55", "aliases")
    assert "t-34" in str(err)


def test_end_before_start(draft: Path) -> None:
    edit(
        draft,
        "transfers.json",
        lambda t: record(t, "t-55-1965-1985")["period"].__setitem__("end", 1960),
    )
    expect(draft, "transfers.json", "t-55-1965-1985", "period.end")


def test_era_end_before_start(draft: Path) -> None:
    edit(draft, "eras.json", lambda t: record(t, "khrushchev-pall").__setitem__("end", 1900))
    expect(draft, "eras.json", "khrushchev-pall", "end")


def test_citation_of_a_missing_source(draft: Path) -> None:
    edit(
        draft,
        "systems.json",
        lambda t: record(t, "t-34")["citations"][0].__setitem__("source", "nobody-2020"),
    )
    err = expect(draft, "systems.json", "t-34", "citations")
    assert "nobody-2020" in str(err)


def test_record_without_citations(draft: Path) -> None:
    edit(draft, "systems.json", lambda t: record(t, "t-34").__setitem__("citations", []))
    expect(draft, "systems.json", "t-34", "citations")


def test_tombstones_redirect_or_explain(draft: Path) -> None:
    def rename(tree: Tree) -> None:
        record(tree, "yak-9")["id"] = "yakovlev-yak-9"

    edit(draft, "systems.json", rename)
    edit(
        draft,
        "transfers.json",
        lambda t: record(t, "yak-9-initial-shipments").__setitem__("system", "yakovlev-yak-9"),
    )
    edit(
        draft,
        "tombstones.json",
        lambda t: t["records"].extend(
            [
                {"id": "yak-9", "successor": "yakovlev-yak-9", "reason": "renamed",
                 "since": "1.0.0"},
                {"id": "la-9", "successor": None, "reason": "no source found",
                 "since": "1.0.0"},
            ]
        ),
    )  # fmt: skip
    data = _load.load_from(draft, V)
    assert "yakovlev-yak-9" == data.system("yak-9").id
    with pytest.raises(sd.UnknownNameError, match=r"withdrawn in dataset 1\.0\.0: no source found"):
        data.system("La-9")


def test_a_tombstone_may_not_shadow_a_live_id(draft: Path) -> None:
    edit(
        draft,
        "tombstones.json",
        lambda t: t["records"].append(
            {"id": "t-34", "successor": None, "reason": "x", "since": "1.0.0"}
        ),
    )
    expect(draft, "tombstones.json", "t-34", "id")


def test_a_tombstone_successor_must_exist(draft: Path) -> None:
    edit(
        draft,
        "tombstones.json",
        lambda t: t["records"].append(
            {"id": "la-9", "successor": "la-11", "reason": "x", "since": "1.0.0"}
        ),
    )
    expect(draft, "tombstones.json", "la-9", "successor")


# -- one build for releases, one validator for the rest -----------------------------------------


def _trees(root: Path, version: str) -> dict[str, Any]:
    return {
        name: json.loads((root / version / name).read_text(encoding="utf-8"))
        for name in _load.FILES
    }


@pytest.mark.parametrize("version", sd.versions())
def test_the_verified_build_equals_the_validated_build(version: str, draft: Path) -> None:
    from soviet_dprk import _build, _validate

    trees = _trees(draft, version)
    assert _validate.validate(version, trees) == _build.records(trees)
    validated = _load.load_from(draft, version)
    assert not validated.released
    released = sd.load(version)
    for table in ("systems", "derivations", "transfers", "eras", "sources", "tombstones"):
        assert getattr(validated, table) == getattr(released, table), table
    assert validated.digest == released.digest


def test_rules_bind_from_their_version_on(monkeypatch: pytest.MonkeyPatch, draft: Path) -> None:
    from soviet_dprk import _validate

    def refuse(found: object, file: Callable[[str], Any]) -> None:
        raise file("eras.json").error(None, None, "a rule of 1.1.0")

    later = _validate.Rule("1.1.0", "A rule that came with 1.1.0.", refuse)
    monkeypatch.setattr(_validate, "RULES", (*_validate.RULES, later))
    assert _load.load_from(draft, "1.0.0").version == "1.0.0"
    with pytest.raises(sd.DatasetError, match=r"a rule of 1\.1\.0"):
        _load.load_from(draft, "1.1.0")


def test_every_rule_says_what_it_requires() -> None:
    from soviet_dprk import _validate

    assert all(rule.requires.endswith(".") for rule in _validate.RULES)
    assert all(_load._version_key(rule.since) >= (1, 0, 0) for rule in _validate.RULES)


# -- whatever breaks a draft, the validator raises a DatasetError or loads it ---------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3000)
    | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


def _places(tree: Any, path: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    found = []
    if isinstance(tree, dict):
        for key, value in tree.items():
            found.append((*path, key))
            found += _places(value, (*path, key))
        found.append((*path, "unknown-key"))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            found.append((*path, i))
            found += _places(value, (*path, i))
    return found


SHIPPED = {v: _trees(Path(str(_load.data_root())), v) for v in ("1.0.0", sd.versions()[-1])}
PLACES = {(v, n): _places(t, ()) for v, trees in SHIPPED.items() for n, t in trees.items()}


@st.composite
def broken(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A shipped version with one key or item anywhere removed or given another value."""
    version, name = draw(st.sampled_from(sorted(PLACES)))
    trees = json.loads(json.dumps(SHIPPED[version]))
    path = draw(st.sampled_from(PLACES[version, name]))
    parent = trees[name]
    for step in path[:-1]:
        parent = parent[step]
    key = path[-1]
    ids = [r["id"] for t in trees.values() for r in t["records"]]
    value = draw(JSON_VALUES | st.sampled_from(ids))
    if isinstance(parent, dict) and key in parent and draw(st.booleans()):
        del parent[key]
    else:
        parent[key] = value
    return version, trees


@settings(max_examples=400, deadline=None)
@given(broken())
def test_a_broken_draft_raises_only_dataset_errors(case: tuple[str, dict[str, Any]]) -> None:
    from soviet_dprk import _validate

    version, trees = case
    error: sd.DatasetError | None = None
    try:
        _validate.validate(version, trees)
    except sd.DatasetError as exc:
        error = exc
    if error is not None:
        assert error.file.startswith(f"{version}/")
        assert error.file in str(error)


# -- the validator's two converters: the plain one checks, the detailed one words -----------------

CLASSES = {
    "sources.json": sd.Source,
    "systems.json": sd.System,
    "derivations.json": sd.Derivation,
    "transfers.json": sd.Transfer,
    "eras.json": sd.Era,
    "tombstones.json": sd.Tombstone,
}


@st.composite
def broken_record(draw: st.DrawFn) -> tuple[str, str, Any]:
    """One record of a shipped file, with one key or item in it removed or given another value."""
    version = draw(st.sampled_from(sorted(SHIPPED)))
    name = draw(st.sampled_from([n for n in sorted(CLASSES) if SHIPPED[version][n]["records"]]))
    raw = json.loads(json.dumps(draw(st.sampled_from(SHIPPED[version][name]["records"]))))
    places = _places(raw, ())
    if draw(st.booleans()) and places:
        fields = [p for p in places if len(p) == 1]  # a record's own fields, half of the time
        path = draw(st.sampled_from(fields if draw(st.booleans()) else places))
        parent = raw
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and path[-1] in parent and draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(JSON_VALUES)
    return version, name, raw


@settings(max_examples=1500, deadline=None)
@given(broken_record())
def test_the_plain_converter_refuses_what_the_detailed_one_refuses(
    case: tuple[str, str, Any],
) -> None:
    """Records are checked by a converter without detailed validation, and only a refusal is
    worded by the detailed one: the two must accept, build and refuse the same records."""
    from soviet_dprk import _validate

    version, name, raw = case
    systems = {s.id: s for s in sd.load(version).systems}
    refs = {"derivations.json": ("child", "parent"), "transfers.json": ("system",)}.get(name, ())
    if refs and isinstance(raw, dict):
        ids = {f: raw.get(f) for f in refs}
        known = {f: systems[i] for f, i in ids.items() if isinstance(i, str) and i in systems}
        raw = {**raw, **known}
    outcomes = []
    for detailed in (False, True):
        converter = _validate._converter(systems_by_id=bool(refs), detailed=detailed)
        try:
            outcomes.append(converter.structure(raw, CLASSES[name]))
        except Exception:
            outcomes.append("refused")
    assert outcomes[0] == outcomes[1]


@given(st.text(), st.text(), st.text())
def test_text_found_as_it_is_is_found_squashed(before: str, text: str, after: str) -> None:
    """The printed-in-quotes rule skips squashing where the text is found as it is: sound only
    because squashing keeps a part of a text inside the squashed whole."""
    from soviet_dprk._validate import _squash

    assert _squash(text) in _squash(before + text + after)
