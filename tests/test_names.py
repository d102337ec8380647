"""Name resolution: every spelling a user might paste reaches the same system."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import soviet_dprk as sd
from soviet_dprk._names import MAX_SUGGESTED_KEY, normalize

DATA = sd.load()
LABELS = sorted({(label, s.id) for s in DATA.systems for label in (s.name, s.id, *s.aliases)})
DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", " ", ""]
APOSTROPHES = ["'", "\u2018", "\u2019", "\u02bc", ""]
# Latin letters and the Cyrillic letters that look like them.
LOOKALIKES = {
    "A": "А",
    "B": "В",
    "E": "Е",
    "K": "К",
    "M": "М",
    "H": "Н",
    "O": "О",
    "P": "Р",
    "C": "С",
    "T": "Т",
    "X": "Х",
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "x": "х",
    "y": "у",
}


@pytest.mark.parametrize(
    "spelling", ["Chonma-ho", "Ch'ŏnma-ho", "chonmaho", "CHONMA HO", "Ch’ŏnma–ho", "  chonma ho  "]
)
def test_spellings_of_chonma_ho(spelling: str) -> None:
    assert "chonma-ho" == DATA.system(spelling).id


@pytest.mark.parametrize(("spelling", "expected"), [("Т-34", "t-34"), ("ТYРЕ 58", "type-58")])
def test_cyrillic_lookalikes(spelling: str, expected: str) -> None:
    assert expected == DATA.system(spelling).id


@st.composite
def respelled(draw: st.DrawFn) -> tuple[str, str]:
    label, system_id = draw(st.sampled_from(LABELS))
    out = []
    for ch in label:
        if ch in "-– ":
            out.append(draw(st.sampled_from(DASHES)))
        elif ch in "'’":
            out.append(draw(st.sampled_from(APOSTROPHES)))
        else:
            if draw(st.booleans()):
                ch = ch.swapcase()
            if ch in LOOKALIKES and draw(st.booleans()):
                ch = LOOKALIKES[ch]
            out.append(ch)
        if draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from([" ", "-", "\u00a0", "\u0301"])))
    return "".join(out), system_id


@given(respelled())
def test_any_respelling_of_an_alias_resolves_to_its_system(case: tuple[str, str]) -> None:
    spelling, system_id = case
    assert system_id == DATA.system(spelling).id


@given(st.text(max_size=40))
@settings(max_examples=300)
def test_no_string_raises_anything_but_documented_errors(text: str) -> None:
    for query in (DATA.system, DATA.origin_of, DATA.derived_from, DATA.derivatives_of):
        with contextlib.suppress(sd.UnknownNameError, sd.AmbiguousNameError):
            query(text)
    with contextlib.suppress(sd.UnknownEraError):
        DATA.by_era(text)


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


def test_huge_names_get_no_suggestions_and_a_short_message() -> None:
    name = "T" * 1_000_000
    with pytest.raises(sd.UnknownNameError) as info:
        DATA.system(name)
    assert () == info.value.suggestions
    assert len(str(info.value)) < 200
    assert len(normalize(name)) > MAX_SUGGESTED_KEY


def test_unknown_name_error_attributes() -> None:
    with pytest.raises(sd.UnknownNameError) as info:
        DATA.system("Type 85")
    assert "Type 85" == info.value.name
    assert "Type 88" in info.value.suggestions


def test_a_shared_name_alone_is_ambiguous() -> None:
    data = sd.load("1.1.0")
    with pytest.raises(sd.AmbiguousNameError) as info:
        data.system("Koksan")
    assert {"M-1978 Koksan", "M-1989 Koksan"} == set(info.value.candidates)
    assert isinstance(info.value, LookupError)
    assert "m-1989-koksan" == data.system("M-1989 Koksan").id
