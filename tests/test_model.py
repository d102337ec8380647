"""The records and vocabularies: what a user may rely on in each class itself."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import soviet_dprk as sd

RECORDS = [
    sd.Citation,
    sd.Source,
    sd.System,
    sd.Derivation,
    sd.Period,
    sd.Quantity,
    sd.Transfer,
    sd.Era,
    sd.Tombstone,
    sd.Origin,
]


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_records_are_frozen(cls: type) -> None:
    data = sd.load("1.0.0")
    samples = {
        sd.System: data.systems[0],
        sd.Derivation: data.derivations[0],
        sd.Transfer: data.transfers[0],
        sd.Period: data.transfers[0].period,
        sd.Quantity: data.transfers[0].quantity,
        sd.Era: data.eras[0],
        sd.Source: data.sources[0],
        sd.Citation: data.systems[0].citations[0],
        sd.Origin: data.origin_of("Type 58"),
        sd.Tombstone: sd.Tombstone(id="la-9", successor=None, reason="unsourced", since="1.0.0"),
    }
    record = samples[cls]
    first = attrs.fields(cls)[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(record, first, None)
    assert hash(record) == hash(attrs.evolve(record))


def test_confidence_ranks_firmest_first() -> None:
    ranked = sorted(sd.Confidence, key=lambda c: c.rank)
    assert [
        sd.Confidence.STATED,
        sd.Confidence.REPORTED,
        sd.Confidence.DISPUTED,
        sd.Confidence.INFERRED,
    ] == ranked


def test_every_country_has_a_label() -> None:
    assert all(country.label for country in sd.Country)
    assert "USSR" == sd.Country.USSR.label
    assert "DPRK" == sd.Country.DPRK.label
    assert len({c.label for c in sd.Country}) == len(sd.Country)


@pytest.mark.parametrize("country", [c for c in sd.Country if c.iso3 is not None])
def test_iso3_codes_are_iso_3166(country: sd.Country) -> None:
    pycountry = pytest.importorskip("pycountry")
    current = pycountry.countries.get(alpha_3=country.iso3)
    former = [h for h in pycountry.historic_countries if h.alpha_3 == country.iso3]
    assert current is not None or former, f"{country.iso3} is in neither ISO 3166-1 nor 3166-3"


def test_former_states_have_their_iso_3166_3_codes() -> None:
    assert ("SUN", "YUG", "CSK", "VDR") == tuple(
        c.iso3
        for c in (
            sd.Country.USSR,
            sd.Country.YUGOSLAVIA,
            sd.Country.CZECHOSLOVAKIA,
            sd.Country.NORTH_VIETNAM,
        )
    )
    assert "PRK" == sd.Country.DPRK.iso3


def test_the_russian_empire_is_a_former_state_without_an_iso_code() -> None:
    empire = sd.Country("russian_empire")
    assert (True, None, "Russian Empire") == (empire.is_state, empire.iso3, empire.label)
    assert empire not in (sd.Country.RUSSIA, sd.Country.USSR)


def test_armed_groups_are_parties_without_a_code() -> None:
    groups = {c for c in sd.Country if not c.is_state}
    assert {sd.Country.HEZBOLLAH, sd.Country.HAMAS, sd.Country.AFGHAN_MUJAHIDEEN} <= groups
    assert all(c.iso3 is None for c in groups)


def test_a_deal_counts_one_flow_and_keeps_each_claim() -> None:
    t34 = sd.System(
        id="t-34", name="T-34", category=sd.Category.TANK, origin=sd.Country.USSR, citations=()
    )

    def claim(
        tid: str, start: int, end: int | None, value: int | None, stage: sd.Stage
    ) -> sd.Transfer:
        return sd.Transfer(
            id=tid,
            deal="t-34-deal",
            stage=stage,
            item="T-34 tanks",
            system=t34,
            supplier=sd.Country.USSR,
            recipient=sd.Country.DPRK,
            kind=sd.TransferKind.DELIVERY,
            period=sd.Period(start=start, end=end),
            quantity=sd.Quantity(
                value=value, qualifier=sd.Qualifier.EXACT, unit="tanks", as_printed=None
            ),
            confidence=sd.Confidence.REPORTED if value == 379 else sd.Confidence.STATED,
            citations=(),
        )

    deal = sd.Deal(
        id="t-34-deal",
        claims=(
            claim("a", 1948, 1950, 379, sd.Stage.DELIVERED),
            claim("b", 1949, 1952, 37, sd.Stage.DELIVERED),
            claim("c", 1947, 1947, 500, sd.Stage.AGREED),
            claim("d", 1950, None, None, sd.Stage.DELIVERED),
        ),
    )
    assert (37, 379) == deal.estimates()
    assert "37 to 379 tanks" == deal.estimate()
    assert "500 tanks" == deal.estimate(sd.Stage.AGREED)
    over = attrs.evolve(
        deal.claims[0],
        quantity=sd.Quantity(
            value=1000, qualifier=sd.Qualifier.MORE_THAN, unit="tanks", as_printed=None
        ),
    )
    assert "37 to over 1,000 tanks" == attrs.evolve(deal, claims=(over, deal.claims[1])).estimate()
    assert sd.Deal(id="x", claims=(deal.claims[3],)).estimate() is None
    assert (500, 500) == deal.estimates(sd.Stage.AGREED)
    assert (1947, None) == (deal.start, deal.end)
    assert sd.Confidence.STATED is deal.confidence
    assert (t34, sd.Country.USSR, sd.Country.DPRK) == (deal.system, deal.supplier, deal.recipient)


def test_a_transfer_without_a_deal_is_its_own() -> None:
    transfer = sd.load("1.0.0").transfers[0]
    assert transfer.id == transfer.deal
    assert transfer.stage is None


@given(year=st.integers(1800, 2200), start=st.integers(1900, 2100), length=st.integers(0, 50))
def test_an_era_contains_the_years_from_its_start_to_its_end(
    year: int, start: int, length: int
) -> None:
    era = attrs.evolve(sd.load("1.0.0").eras[0], start=start, end=start + length)
    assert (year in era) == (start <= year <= start + length)
    ongoing = attrs.evolve(era, end=None)
    assert (year in ongoing) == (start <= year)


@pytest.mark.parametrize("year", [True, "1950", 1950.0, None])
def test_only_an_int_is_a_year_in_an_era(year: object) -> None:
    era = sd.load("1.0.0").era("founding-build-up")
    assert year not in era
