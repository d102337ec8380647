"""Module-level queries: each acts on the default dataset (see `load`).

Each `Dataset` query method only hands its arguments to the dataset's index; the module-level
twins call the index themselves, so that a module-level hit costs one call frame less (and
about what the same call on a pinned `Dataset` costs). ``tests/test_query.py`` checks that
each twin answers as its method does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal, overload

from ._dataset import default as _default

if TYPE_CHECKING:
    from ._dataset import Dataset
    from ._find import Years
    from ._model import (
        Category,
        Confidence,
        Country,
        Deal,
        Derivation,
        Era,
        Origin,
        System,
        Transfer,
        TransferKind,
    )
    from ._results import Results

__all__ = [
    "DATASET_VERSION",
    "by_era",
    "derivatives_of",
    "derived_from",
    "era",
    "eras_at",
    "find_transfers",
    "load",
    "origin_of",
    "system",
    "versions",
]

#: The newest dataset version shipped with this release of the package.
DATASET_VERSION: Final = "2.4.0"


def load(version: str | None = None) -> Dataset:
    """Return a shipped dataset version, loading and validating it on first use.

    Loading is lazy (importing the package reads no data), cached per version and safe
    under threads.

    Args:
        version: A version such as ``"1.0.0"``. ``None`` means the version named by the
            environment variable ``SOVIET_DPRK_DATASET_VERSION`` when it is set, else the
            newest shipped version (`DATASET_VERSION`).

    Raises:
        UnknownVersionError: No such version is shipped (the message lists those that are).
        DatasetError: The shipped data is missing or invalid.
        TypeError: ``version`` is neither a str nor ``None``.

    >>> load("1.0.0").version
    '1.0.0'
    """
    if version is None and _default:
        return _default[0]
    from ._load import load as _load

    return _load(version)


def _first() -> Dataset:
    """The default dataset, loaded now: the module-level queries call this once."""
    from ._load import default

    return default()


def versions() -> tuple[str, ...]:
    """Return the dataset versions shipped with this installation, oldest first.

    >>> versions()[0]
    '1.0.0'
    """
    from ._load import versions as _versions

    return _versions()


def system(name: str) -> System:
    """Return the system that ``name`` denotes in the default dataset.

    See `Dataset.system`.

    >>> system("CHONMA HO").id
    'chonma-ho'
    """
    return (_default[0] if _default else _first())._index.system(name)


def origin_of(name: str) -> Origin:
    """Return where a system comes from and how the DPRK got it, in the default dataset.

    See `Dataset.origin_of`.

    >>> origin = origin_of("T-55")
    >>> origin.acquisition.value, origin.transfers[0].quantity.as_printed
    ('delivered', 'over one thousand')
    """
    return (_default[0] if _default else _first())._index.origin_of(name)


def derived_from(name: str, *, transitive: bool = False) -> Results[Derivation]:
    """Return the lineage edges from a system to its parents, in the default dataset.

    See `Dataset.derived_from`.

    >>> [(d.parent.name, d.relation.value) for d in derived_from("Type 88")]
    [('AK-74', 'modeled_after'), ('AK-74', 'copy')]
    """
    return (_default[0] if _default else _first())._index.derived_from(name, transitive)


def derivatives_of(name: str, *, transitive: bool = False) -> Results[Derivation]:
    """Return the lineage edges from a system to its derivatives, in the default dataset.

    See `Dataset.derivatives_of`.

    >>> sorted({d.child.name for d in derivatives_of("AK-47")})
    ['AKM', 'Type 56 assault rifle', 'Type 58', 'Type 68']
    """
    return (_default[0] if _default else _first())._index.derivatives_of(name, transitive)


def by_era(era: Era | str | int) -> Results[Transfer]:
    """Return the transfers overlapping an era or a year, in the default dataset.

    See `Dataset.by_era`.

    >>> [t.quantity.as_printed for t in by_era(1950) if t.system and t.system.id == "t-34"]
    ['37', 'some 250']
    """
    return (_default[0] if _default else _first())._index.by_era(era)


@overload
def find_transfers(
    *,
    supplier: Country | str | None = ...,
    recipient: Country | str | None = ...,
    kind: TransferKind | str | None = ...,
    system: System | str | None = ...,
    category: Category | str | None = ...,
    years: Years | None = ...,
    min_confidence: Confidence | str | None = ...,
    deals: Literal[False] = ...,
) -> Results[Transfer]: ...


@overload
def find_transfers(
    *,
    supplier: Country | str | None = ...,
    recipient: Country | str | None = ...,
    kind: TransferKind | str | None = ...,
    system: System | str | None = ...,
    category: Category | str | None = ...,
    years: Years | None = ...,
    min_confidence: Confidence | str | None = ...,
    deals: Literal[True],
) -> Results[Deal]: ...


def find_transfers(
    *,
    supplier: Country | str | None = None,
    recipient: Country | str | None = None,
    kind: TransferKind | str | None = None,
    system: System | str | None = None,
    category: Category | str | None = None,
    years: Years | None = None,
    min_confidence: Confidence | str | None = None,
    deals: bool = False,
) -> Results[Transfer] | Results[Deal]:
    """Return the transfer claims (or deals) that match every filter, in the default dataset.

    See `Dataset.find_transfers`.

    >>> len(find_transfers(supplier="USSR", recipient="North Korea", years="1960-1989")) > 0
    True
    """
    from ._find import find

    data = _default[0] if _default else _first()
    return find(
        data._index,
        supplier=supplier,
        recipient=recipient,
        kind=kind,
        system=system,
        category=category,
        years=years,
        min_confidence=min_confidence,
        deals=deals,
    )


def era(key: str) -> Era:
    """Return the era with this id or name, in the default dataset.

    See `Dataset.era`.

    >>> era("khrushchev-pall").end
    1964
    """
    return (_default[0] if _default else _first()).era(key)


def eras_at(year: int) -> tuple[Era, ...]:
    """Return the eras that include a year, in the default dataset (empty when none does).

    See `Dataset.eras_at`.

    >>> [e.id for e in eras_at(1950)]
    ['founding-build-up']
    """
    return (_default[0] if _default else _first()).eras_at(year)
