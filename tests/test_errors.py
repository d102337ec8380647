"""The exception tree: what each error says, what it carries, and that it survives pickling."""

from __future__ import annotations

import pickle

import pytest

import soviet_dprk as sd

HUGE = "x" * 1_000_000

ERRORS = [
    sd.UnknownNameError("Pokpong-ho", ["Pokpung-ho"]),
    sd.UnknownNameError("La-9", detail=" (withdrawn in dataset 1.0.0: no source found)"),
    sd.AmbiguousNameError("M-1985", ["M-1985 MRL", "M-1985 howitzer"]),
    sd.UnknownVersionError("9.9.9", ["1.0.0", "1.2.0"]),
    sd.UnknownEraError("1870s", ["founding-build-up"]),
    sd.DatasetError("1.0.0/systems.json", "t-34", "origin", "not a country"),
    sd.IncompleteInstallationError("1.0.0/eras.json"),
    sd.IntegrityError("1.0.0/eras.json", "a" * 64, "b" * 64),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_pickles_and_comes_back_equal(error: sd.SovietDprkError) -> None:
    back = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert type(error) is type(back)
    assert str(error) == str(back)
    assert error.args == back.args
    assert vars(error) == vars(back)


@pytest.mark.parametrize(
    "error",
    [
        sd.UnknownNameError(HUGE),
        sd.AmbiguousNameError(HUGE, ["A", "B"]),
        sd.UnknownVersionError(HUGE, ["1.0.0"]),
        sd.UnknownEraError(HUGE),
    ],
    ids=lambda e: type(e).__name__,
)
def test_no_message_repeats_a_huge_input(error: sd.SovietDprkError) -> None:
    assert len(str(error)) < 200
    assert "xxx..." in str(error)


@pytest.mark.parametrize(
    ("asked", "opens", "closes"),
    [
        ("Ch'onma-ho " * 100_000, '"', '..."'),  # its repr is in double quotes
        ("\x00" * 1_000_000, "'", "...'"),  # each character four in its repr
        (["Type 58"] * 100_000, "[", "..."),  # not a str: no quote to close
    ],
)
def test_a_cut_input_is_quoted_as_its_repr_is(asked: object, opens: str, closes: str) -> None:
    shown = str(sd.UnknownEraError(asked)).removeprefix("unknown era ")
    assert len(shown) <= 80
    assert (opens, closes) == (shown[0], shown[-len(closes) :])


def test_a_repeated_candidate_is_listed_once() -> None:
    error = sd.AmbiguousNameError("M-1985", ["M-1985 MRL", "M-1985 MRL", "Other"])
    assert ("M-1985 MRL", "Other") == error.candidates
    assert 1 == str(error).count("M-1985 MRL")


@pytest.mark.parametrize("version", sd.versions())
def test_no_shared_name_lists_a_system_twice(version: str) -> None:
    data = sd.load(version)
    for system in data.systems:
        for label in system.shared_names:
            try:
                found = data.system(label)
            except sd.AmbiguousNameError as exc:
                candidates = exc.candidates
            else:  # a shared name that only this system holds in this version
                candidates = (found.name,)
                assert found is system
            assert len(set(candidates)) == len(candidates), label
    if version != "1.0.0":
        with pytest.raises(sd.AmbiguousNameError) as info:
            data.system("M-1985")
        assert len(set(info.value.candidates)) == len(info.value.candidates) >= 2


def test_the_lookup_errors_are_lookup_errors_and_the_data_errors_value_errors() -> None:
    for error in ERRORS:
        assert isinstance(error, sd.SovietDprkError)
        expected = ValueError if isinstance(error, sd.DatasetError) else LookupError
        assert isinstance(error, expected)


@pytest.mark.parametrize(
    ("limit", "raised"), [("3", TypeError), (True, TypeError), (0, ValueError), (-1, ValueError)]
)
def test_search_limits_raise_what_the_docstring_says(
    limit: object, raised: type[Exception]
) -> None:
    with pytest.raises(raised):
        sd.load().search("type", limit=limit)  # type: ignore[arg-type]
