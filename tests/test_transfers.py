"""Asking about transfers: filters, deals, and results that show themselves."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import soviet_dprk as sd
from soviet_dprk import _tidy
from soviet_dprk._find import years

DATA = sd.load("1.2.0")


def test_ussr_to_dprk_1960_1989_is_every_such_claim_overlapping_those_years() -> None:
    found = DATA.find_transfers(supplier="ussr", recipient="dprk", years="1960-1989")
    expected = [
        t
        for t in DATA.transfers
        if t.supplier is sd.Country.USSR
        and t.recipient is sd.Country.DPRK
        and t.period.start <= 1989
        and (t.period.end is None or t.period.end >= 1960)
    ]
    assert found
    assert sorted(t.id for t in expected) == sorted(t.id for t in found)


@pytest.mark.parametrize(
    "supplier", [sd.Country.USSR, "ussr", "USSR", "SUN", "Soviet Union", "soviet-union", "sun"]
)
def test_a_party_by_member_value_label_code_or_name(supplier: object) -> None:
    assert DATA.find_transfers(supplier=sd.Country.USSR) == DATA.find_transfers(
        supplier=supplier  # type: ignore[arg-type]
    )


def test_dprk_to_russia_since_2023() -> None:
    found = DATA.find_transfers(supplier="North Korea", recipient="RUS", years="2023-")
    assert found
    assert all(t.recipient is sd.Country.RUSSIA for t in found)
    assert all(t.period.end is None or t.period.end >= 2023 for t in found)


@pytest.mark.parametrize(
    ("field", "value", "suggestion"),
    [
        ("supplier", "Sovet Union", "USSR"),
        ("recipient", "Irann", "Iran"),
        ("kind", "licnce", "licence"),
        ("category", "figher", "fighter"),
        ("min_confidence", "reportd", "reported"),
    ],
)
def test_unknown_values_suggest_close_ones(field: str, value: str, suggestion: str) -> None:
    with pytest.raises(sd.UnknownValueError) as info:
        DATA.find_transfers(**{field: value})  # type: ignore[arg-type]
    assert isinstance(info.value, LookupError)
    assert (field, value) == (info.value.field, info.value.value)
    assert suggestion in info.value.suggestions
    assert repr(value) in str(info.value)


def test_an_unknown_system_is_the_name_error() -> None:
    with pytest.raises(sd.UnknownNameError):
        DATA.find_transfers(system="Mig-2999")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("supplier", 7),
        ("kind", 1.0),
        ("years", True),
        ("years", 1960.0),
        ("years", (True, 1970)),
        ("years", (1960.0, 1970)),
        ("years", ("1960", 1970)),
        ("years", (1960, False)),
        ("years", (1960, 1970.0)),
        ("years", (1960,)),
        ("deals", "yes"),
    ],
)
def test_wrong_types_raise_type_error(field: str, value: object) -> None:
    with pytest.raises(TypeError):
        DATA.find_transfers(**{field: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", list(sd.TransferKind))
def test_the_kind_filter_keeps_exactly_that_kind(kind: sd.TransferKind) -> None:
    data = sd.load("2.0.0")
    found = data.find_transfers(kind=kind)
    assert {t.id for t in found} == {t.id for t in data.transfers if t.kind is kind}


@pytest.mark.parametrize("bad", ["196", "1960s-", "from 1960", "1989-1960", "sixties"])
def test_malformed_years_raise_value_error(bad: str) -> None:
    with pytest.raises(ValueError, match="years"):
        DATA.find_transfers(years=bad)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("1960", (1960, 1960)),
        ("1960s", (1960, 1969)),
        ("1960-1989", (1960, 1989)),
        ("1960\u20131989", (1960, 1989)),
        ("2023-", (2023, None)),
        ((1960, 1989), (1960, 1989)),
        ((2023, None), (2023, None)),
        (1950, (1950, 1950)),
    ],
)
def test_years_filters(text: object, span: tuple[int, int | None]) -> None:
    assert span == years(text)


@given(start=st.integers(1900, 2100), length=st.integers(0, 60))
def test_a_years_range_keeps_exactly_the_overlapping_claims(start: int, length: int) -> None:
    end = start + length
    found = {t.id for t in DATA.find_transfers(years=(start, end))}
    assert found == {
        t.id
        for t in DATA.transfers
        if t.period.start <= end and (t.period.end is None or t.period.end >= start)
    }


def test_min_confidence_keeps_the_firmer_claims() -> None:
    kept = DATA.find_transfers(min_confidence="reported")
    assert {t.confidence for t in kept} <= {sd.Confidence.STATED, sd.Confidence.REPORTED}
    assert len(kept) == sum(t.confidence.rank <= 1 for t in DATA.transfers)


def test_system_and_category_filters() -> None:
    assert {t.system.id for t in DATA.find_transfers(system="MiG-29") if t.system} == {"mig-29"}
    fighters = DATA.find_transfers(category="fighter")
    assert fighters
    assert all(t.system and t.system.category is sd.Category.FIGHTER for t in fighters)


def test_deals_give_one_row_a_flow_with_every_claim() -> None:
    claims = DATA.find_transfers(supplier="ussr")
    deals = DATA.find_transfers(supplier="ussr", deals=True)
    assert {d.id for d in deals} == {t.deal for t in claims}
    assert all(isinstance(d, sd.Deal) for d in deals)
    every = {t.id for d in deals for t in d.claims}
    assert {t.id for t in claims} <= every
    assert len(DATA.deals) == len({t.deal for t in DATA.transfers})


def test_the_module_level_twin_uses_the_default_dataset() -> None:
    assert sd.find_transfers(kind="licence") == sd.load().find_transfers(kind="licence")
    deals = sd.find_transfers(kind="licence", deals=True)
    assert deals == sd.load().find_transfers(kind="licence", deals=True)


def test_by_era_takes_a_year_as_a_string() -> None:
    assert DATA.by_era(1950) == DATA.by_era("1950")
    assert sd.by_era(1950) == sd.by_era("1950")


# -- results that show themselves ----------------------------------------------------------


def test_queries_return_results_that_are_still_tuples() -> None:
    for result in (
        DATA.by_era(1950),
        DATA.derived_from("Type 58"),
        DATA.derivatives_of("AK-47", transitive=True),
        DATA.search("type"),
        DATA.find_transfers(supplier="china"),
        DATA.deals,
    ):
        assert isinstance(result, sd.Results)
        assert isinstance(result, tuple)
        assert tuple(result) == result
        assert "<table>" in result._repr_html_()


def test_every_record_has_an_html_view_that_escapes() -> None:
    transfer = DATA.transfers[0]
    for record in (
        transfer,
        DATA.derivations[0],
        DATA.sources[0],
        DATA.systems[0],
        transfer.citations[0],
        DATA.deals[0],
    ):
        html = record._repr_html_()
        assert html.startswith("<strong>")
        assert "<script" not in html
    import attrs

    evil = attrs.evolve(transfer, item="<script>alert(1)</script>")
    assert "<script>" not in evil._repr_html_()
    assert "&lt;script&gt;" in evil._repr_html_()


def test_results_to_pandas_is_tidy() -> None:
    pd = pytest.importorskip("pandas")
    frame = DATA.find_transfers(supplier="ussr").to_pandas()
    assert "Int64" == str(frame["start"].dtype)
    assert isinstance(frame["confidence"].dtype, pd.CategoricalDtype)
    assert {"SUN"} == set(frame["supplier_iso3"])
    assert frame["system"].notna().any()
    empty = DATA.find_transfers(supplier="cuba").to_pandas(sd.Transfer)
    assert list(_tidy.COLUMNS[sd.Transfer]) == list(empty.columns)


@pytest.mark.parametrize("kind", list(_tidy.COLUMNS))
def test_the_declared_columns_are_the_rows_columns(kind: type) -> None:
    record = {
        sd.System: DATA.systems[0],
        sd.Derivation: DATA.derivations[0],
        sd.Transfer: DATA.transfers[0],
        sd.Deal: DATA.deals[0],
        sd.Era: DATA.eras[0],
        sd.Source: DATA.sources[0],
        sd.Citation: DATA.systems[0].citations[0],
    }[kind]
    assert _tidy.COLUMNS[kind] == tuple(_tidy.rows([record])[0])
