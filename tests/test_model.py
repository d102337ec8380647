"""The records and vocabularies: what a user may rely on in each class itself."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import soviet_dprk as sd
from soviet_dprk import _model

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


def test_records_holds_one_table_a_file_in_file_order() -> None:
    tables = [f.name for f in attrs.fields(_model.Records)]
    assert [name.removesuffix(".json") for name in _model.FILES] == tables


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
    assert [sd.Confidence.STATED, sd.Confidence.REPORTED, sd.Confidence.DISPUTED] == ranked


def test_every_country_has_a_label() -> None:
    assert all(country.label for country in sd.Country)
    assert "USSR" == sd.Country.USSR.label
    assert "DPRK" == sd.Country.DPRK.label


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
