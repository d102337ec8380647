"""The answers users rely on: dataset 1.0.0's known-answer table and the query contracts."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import soviet_dprk as sd
from soviet_dprk import Acquisition, Confidence, Country, Qualifier, Relation, TransferKind

V1 = sd.load("1.0.0")


@pytest.mark.parametrize(
    ("name", "acquisition", "roots", "countries"),
    [
        ("Type 58", Acquisition.LICENSED_PRODUCTION, ("AK-47",), (Country.USSR,)),
        ("type-68", Acquisition.LICENSED_PRODUCTION, ("AKM",), (Country.USSR,)),
        ("Type 88", Acquisition.INFLUENCED, ("AK-74",), (Country.USSR,)),
        ("Chonma-ho", Acquisition.LICENSED_PRODUCTION, ("T-62",), (Country.USSR,)),
        (
            "Pokpung-ho",
            Acquisition.INFLUENCED,
            ("T-62", "T-72", "T-90"),
            (Country.USSR, Country.RUSSIA),
        ),
        ("T-55", Acquisition.DELIVERED, ("T-55",), (Country.USSR,)),
        ("MiG-29", Acquisition.DELIVERED, ("MiG-29",), (Country.USSR,)),
        ("S-75", Acquisition.DELIVERED, ("S-75",), (Country.USSR,)),
    ],
)
def test_origin_known_answers(
    name: str, acquisition: Acquisition, roots: tuple[str, ...], countries: tuple[Country, ...]
) -> None:
    origin = V1.origin_of(name)
    assert acquisition == origin.acquisition
    assert roots == tuple(r.name for r in origin.roots)
    assert countries == origin.countries
    assert origin.citations


@pytest.mark.parametrize("version", sd.versions())
def test_an_answer_is_inferred_exactly_where_no_claim_supports_it(version: str) -> None:
    """Walk every system: inferred where nothing is recorded, else as firm as its claims."""
    data = sd.load(version)
    to_dprk = {t.system.id for t in data.transfers if t.system and t.recipient is Country.DPRK}
    parents = {d.child.id for d in data.derivations}
    for system in data.systems:
        origin = data.origin_of(system.id)
        if system.origin is not Country.DPRK:
            supported = system.id in to_dprk
        else:
            supported = origin.acquisition is not Acquisition.INDIGENOUS
            assert supported <= (system.id in parents), system.id
        assert supported == (origin.confidence is not Confidence.INFERRED), system.id
        if supported:  # a stated answer always has a cited claim behind it
            claims = [*origin.transfers, *origin.lineage]
            assert claims, system.id
            assert origin.confidence.rank >= min(c.confidence.rank for c in claims)


def test_a_foreign_system_with_no_recorded_delivery_is_inferred() -> None:
    origin = sd.load("1.1.0").origin_of("Type 59")
    assert (Acquisition.DELIVERED, Confidence.INFERRED) == (origin.acquisition, origin.confidence)
    assert () == origin.transfers


def test_a_dprk_design_with_no_recorded_lineage_is_inferred_indigenous() -> None:
    origin = sd.load("1.1.0").origin_of("Songun-ho")
    assert (Acquisition.INDIGENOUS, Confidence.INFERRED) == (origin.acquisition, origin.confidence)


def test_type_58_is_built_under_the_ak_47_licence() -> None:
    origin = V1.origin_of("Type 58")
    assert Confidence.STATED == origin.confidence
    assert ("type-58--ak-47",) == tuple(d.id for d in origin.lineage)


def test_derived_from_type_88_is_the_ak_74() -> None:
    (edge,) = V1.derived_from("Type 88")
    assert ("AK-74", Relation.MODELED_AFTER, 1) == (edge.parent.name, edge.relation, edge.depth)


def test_pokpung_ho_keeps_the_t_90_claim_reported() -> None:
    edges = {d.parent.name: d.confidence for d in V1.derived_from("Pokpung-ho")}
    assert {
        "T-62": Confidence.STATED,
        "T-72": Confidence.STATED,
        "T-90": Confidence.REPORTED,
    } == edges
    assert Confidence.REPORTED == V1.origin_of("Pokpung-ho").confidence


def test_t_55_delivered_in_more_than_a_thousand() -> None:
    origin = V1.origin_of("T-55")
    (delivery,) = origin.transfers
    assert (Country.USSR, TransferKind.DELIVERY) == (delivery.supplier, delivery.kind)
    assert (1000, Qualifier.MORE_THAN, "over one thousand") == (
        delivery.quantity.value,
        delivery.quantity.qualifier,
        delivery.quantity.as_printed,
    )


def test_by_era_1950_holds_the_founding_shipments() -> None:
    items = {t.id: t for t in V1.by_era(1950)}
    assert {
        "soviet-military-aid-1949-1952",
        "t-34-initial-shipments",
        "small-firearms-initial-shipments",
        "mortars-initial-shipments",
        "il-10-initial-shipments",
        "yak-9-initial-shipments",
        "howitzers-initial-shipments",
        "soviet-military-personnel-1950-1953",
    } == set(items)
    assert 37 == items["t-34-initial-shipments"].quantity.value
    assert 200_000_000 == items["soviet-military-aid-1949-1952"].quantity.value
    personnel = items["soviet-military-personnel-1950-1953"].quantity
    assert (None, "40,00") == (personnel.value, personnel.as_printed)


def test_by_era_orders_by_start_year() -> None:
    starts = [t.period.start for t in V1.by_era("resumed-transfers")]
    assert starts == sorted(starts)
    assert {"t-55-1965-1985", "t-62-production-licence"} == {
        t.id for t in V1.by_era("resumed-transfers")
    }


def test_by_era_accepts_an_era_record_an_id_and_a_name() -> None:
    era = V1.era("founding-build-up")
    assert V1.by_era(era) == V1.by_era("founding-build-up") == V1.by_era(era.name)


def test_the_pall_holds_1960() -> None:
    assert ["khrushchev-pall"] == [e.id for e in V1.eras_at(1960)]
    assert 1960 in V1.era("khrushchev-pall")


def test_a_year_outside_every_era_returns_its_transfers_or_nothing() -> None:
    assert () == V1.eras_at(1990)
    assert () == V1.by_era(1990)
    assert () == V1.by_era(1800)


def test_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(sd.UnknownNameError) as info:
        V1.origin_of("Pokpong-ho")
    assert ("Pokpung-ho",) == info.value.suggestions[:1]
    assert "'Pokpong-ho'" in str(info.value)
    assert "Pokpung-ho" in str(info.value)


def test_unknown_name_is_a_lookup_error() -> None:
    with pytest.raises(LookupError, match="Leopard 2"):
        V1.origin_of("Leopard 2")


@pytest.mark.parametrize("bad", [None, 58, b"Type 58", ["Type 58"]])
def test_non_string_names_raise_type_error(bad: object) -> None:
    expected = rf"^a system name must be a str, not {type(bad).__name__}$"
    with pytest.raises(TypeError, match=expected):
        V1.system(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [True, 1950.0, None, b"1950"])
def test_bad_era_keys_raise_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match=rf"^a year must be an int, not {type(bad).__name__}$"):
        V1.by_era(bad)  # type: ignore[arg-type]


def test_unknown_era() -> None:
    with pytest.raises(sd.UnknownEraError, match="khrushchev-pall"):
        V1.era("khruschev pall")


def test_an_unknown_era_suggests_close_matches_not_every_era() -> None:
    data = sd.load()
    with pytest.raises(sd.UnknownEraError) as info:
        data.era("post-soviet rupturee")
    assert "post-soviet-rupture" in info.value.suggestions
    assert len(info.value.suggestions) < len(data.eras)
    with pytest.raises(sd.UnknownEraError) as info:
        data.era("zzzz")
    assert () == info.value.suggestions


@pytest.mark.parametrize("empty", ["", "   ", "-", "’"])
def test_empty_names_are_unknown(empty: str) -> None:
    with pytest.raises(sd.UnknownNameError):
        V1.system(empty)


def test_transitive_lineage_has_depth_and_no_repeats() -> None:
    edges = V1.derived_from("Pokpung-ho", transitive=True)
    assert len({d.id for d in edges}) == len(edges)
    assert all(d.depth >= 1 for d in edges)


def test_derivatives_reverse_derived_from() -> None:
    for edge in V1.derivations:
        assert edge in V1.derivatives_of(edge.parent.id)
        assert edge in V1.derived_from(edge.child.id)


def test_records_are_immutable() -> None:
    t58 = V1.system("Type 58")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        t58.name = "AK"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        t58.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        V1.version = "9.9.9"  # type: ignore[misc]
    assert isinstance(V1.systems, tuple)


def test_module_level_functions_use_the_default_dataset() -> None:
    assert sd.origin_of("Type 58") == sd.load().origin_of("Type 58")
    assert sd.derived_from("Type 88") == sd.load().derived_from("Type 88")
    assert sd.derivatives_of("AK-47") == sd.load().derivatives_of("AK-47")
    assert sd.by_era(1950) == sd.load().by_era(1950)
    assert sd.system("Type 58") is sd.load().system("Type 58")
    assert sd.era("chinese-role") == sd.load().era("chinese-role")
    assert sd.eras_at(1970) == sd.load().eras_at(1970)


def _outcome(call: Callable[[], object]) -> tuple[str, object]:
    try:
        return ("value", call())
    except Exception as exc:  # the same error, with the same message, is the same outcome
        return (type(exc).__name__, str(exc))


NAMES = st.one_of(
    st.sampled_from([n for s in sd.load().systems for n in (s.id, s.name, *s.aliases)]),
    st.text(max_size=12),
    st.integers(),
    st.none(),
)


@given(name=NAMES, transitive=st.booleans(), year=st.one_of(st.integers(1900, 2030), st.text()))
def test_the_module_level_twins_answer_as_the_methods_do(
    name: object, transitive: bool, year: object
) -> None:
    data = sd.load()
    pairs: list[tuple[Callable[[], object], Callable[[], object]]] = [
        (lambda: sd.system(name), lambda: data.system(name)),  # type: ignore[arg-type]
        (lambda: sd.origin_of(name), lambda: data.origin_of(name)),  # type: ignore[arg-type]
        (
            lambda: sd.derived_from(name, transitive=transitive),  # type: ignore[arg-type]
            lambda: data.derived_from(name, transitive=transitive),  # type: ignore[arg-type]
        ),
        (
            lambda: sd.derivatives_of(name, transitive=transitive),  # type: ignore[arg-type]
            lambda: data.derivatives_of(name, transitive=transitive),  # type: ignore[arg-type]
        ),
        (lambda: sd.by_era(year), lambda: data.by_era(year)),  # type: ignore[arg-type]
    ]
    for module_level, method in pairs:
        assert _outcome(module_level) == _outcome(method)


V2 = sd.load("2.0.0")


def test_root_designs_are_the_tops_of_the_lineage_paths() -> None:
    chonma = V2.origin_of("Chonma-ho")
    assert (["t-62"], ["t-54"]) == (
        [r.id for r in chonma.roots],
        [r.id for r in chonma.root_designs],
    )
    # A foreign design with no recorded lineage is its own root design.
    assert ("t-34",) == tuple(r.id for r in V2.origin_of("T-34").root_designs)


def test_a_licence_built_design_brings_its_roots_licences_and_kits() -> None:
    origin = V2.origin_of("Type 58")
    assert {"ak-47-ussr-dprk-1958-kits", "ak-47-ussr-dprk-1958-technology"} == {
        t.id for t in origin.transfers
    }
    assert all(t.recipient is Country.DPRK for t in origin.transfers)
    # A design only influenced by the T-62 does not bring the T-62's licence; the licence-built
    # Chonma-ho does.
    assert "t-62-production-licence" in {t.id for t in V2.origin_of("Chonma-ho").transfers}
    assert "t-62-production-licence" not in {t.id for t in V2.origin_of("Pokpung-ho").transfers}


def test_an_answer_cites_its_lineage_or_else_the_system() -> None:
    origin = V2.origin_of("Type 58")
    edges = {c for d in origin.lineage for c in d.citations}
    assert origin.citations
    assert set(origin.citations) <= edges
    assert V2.system("Songun-ho").citations == V2.origin_of("Songun-ho").citations


@pytest.mark.parametrize(
    ("name", "acquisition"),
    [
        ("Chonma-ho V", Acquisition.LICENSED_PRODUCTION),  # variant of variants of the Chonma-ho
        ("VTT-323", Acquisition.INFLUENCED),  # a variant of a foreign design
        ("Sang-O II-class submarine", Acquisition.INDIGENOUS),  # of a DPRK design with no lineage
    ],
)
def test_a_variant_takes_its_dprk_parents_acquisition(name: str, acquisition: Acquisition) -> None:
    assert acquisition is V2.origin_of(name).acquisition


def test_every_record_cites_an_existing_source() -> None:
    source_ids = {s.id for s in V1.sources}
    records: tuple[sd.System | sd.Derivation | sd.Transfer | sd.Era, ...]
    records = (*V1.systems, *V1.derivations, *V1.transfers, *V1.eras)
    for record in records:
        assert record.citations, record.id
        for citation in record.citations:
            assert citation.source in source_ids
            assert 0 < len(citation.quote.strip()) <= 400


def test_the_founding_document_calls_bombers_fighters_and_the_data_says_so() -> None:
    assert sd.Category.BOMBER == V1.system("Il-28").category
    assert sd.Category.ATTACK_AIRCRAFT == V1.system("Su-25").category
    assert sd.Category.ATTACK_AIRCRAFT == V1.system("Il-10").category
    for name in ("Il-28", "Su-25", "Il-10"):
        assert "fighter" in (V1.system(name).note or "")


# -- lineage walks are linear and need no deep stack -----------------------------------------


def _graph(edges: list[tuple[str, str]], foreign: set[str]) -> sd.Dataset:
    """A dataset of the given lineage only: DPRK designs, and foreign ones named in ``foreign``."""
    from soviet_dprk import _build, _model

    cite = (sd.Citation(source="s", quote="q"),)
    ids = dict.fromkeys(i for pair in edges for i in pair)
    systems = {
        i: sd.System(
            id=i,
            name=i.upper(),
            category=sd.Category.TANK,
            origin=sd.Country.USSR if i in foreign else sd.Country.DPRK,
            citations=cite,
        )
        for i in ids
    }
    derivations = tuple(
        sd.Derivation(
            id=f"{child}--{parent}",
            child=systems[child],
            parent=systems[parent],
            relation=sd.Relation.VARIANT,
            confidence=sd.Confidence.STATED,
            citations=cite,
        )
        for child, parent in edges
    )
    records = _model.Records(
        sources=(),
        systems=tuple(systems.values()),
        derivations=derivations,
        transfers=(),
        eras=(),
        tombstones=(),
    )
    return _build.dataset("0.0.0", "sha256:test", records, released=False)


def test_stacked_diamonds_are_walked_once() -> None:
    # 60 diamonds stacked: 2**60 paths from the top to the root, 240 edges.
    edges = []
    for level in range(60):
        top, bottom = f"d{level}", f"d{level + 1}"
        edges += [
            (top, f"l{level}"),
            (top, f"r{level}"),
            (f"l{level}", bottom),
            (f"r{level}", bottom),
        ]
    edges.append(("d60", "root"))
    data = _graph(edges, {"root"})
    origin = data.origin_of("d0")
    assert ["root"] == [r.id for r in origin.roots]
    assert sd.Acquisition.INFLUENCED == origin.acquisition
    assert 241 == len(origin.lineage)
    assert 241 == len(data.derived_from("d0", transitive=True))
    assert 241 == len(data.derivatives_of("root", transitive=True))


def test_a_chain_of_5000_designs_needs_no_deep_stack() -> None:
    edges = [(f"c{i}", f"c{i + 1}") for i in range(5000)] + [("c5000", "root")]
    data = _graph(edges, {"root"})
    origin = data.origin_of("c0")
    assert ["root"] == [r.id for r in origin.roots]
    assert sd.Acquisition.INFLUENCED == origin.acquisition
    assert 5001 == len(origin.lineage)
    assert 5001 == origin.lineage[-1].depth
