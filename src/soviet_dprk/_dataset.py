"""`Dataset`: one loaded, validated dataset version and the questions it answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, overload

import attrs

from ._model import (
    Category,
    Confidence,
    Country,
    Deal,
    Derivation,
    Era,
    Origin,
    Source,
    System,
    Tombstone,
    Transfer,
    TransferKind,
)
from ._results import Results

if TYPE_CHECKING:  # none is needed to import the package: they stay off its import time
    from pathlib import Path

    from ._find import Years
    from ._query import Index

__all__ = ["Dataset"]


@attrs.frozen(kw_only=True, repr=False)
class Dataset:
    """One dataset version: its records and the queries over them.

    Get one with `soviet_dprk.load`; every module-level query function calls the same method
    on the default dataset.

    Attributes:
        version: The dataset version (``"1.0.0"``), numbered apart from the package.
        digest: ``"sha256:"`` and the hex SHA-256 of the version's lines in the package's
            ``data/SHA256SUMS`` registry (``"<sha256 of file>  <version>/<file name>"``, one
            line a file, in registry order), so ``sha256sum -c`` checks the files themselves.
        released: ``True`` for a released version, whose files matched the registry when they
            were loaded; ``False`` for a version that is not registered (one being edited, or
            a copy), which was validated instead and which only loads when it is named.
        systems, derivations, transfers, eras, sources, tombstones: The records, in file order.
    """

    version: str
    digest: str
    released: bool = True
    systems: tuple[System, ...]
    derivations: tuple[Derivation, ...]
    transfers: tuple[Transfer, ...]
    eras: tuple[Era, ...]
    sources: tuple[Source, ...]
    tombstones: tuple[Tombstone, ...] = ()
    _index: Index = attrs.field(repr=False, eq=False, alias="index")

    def __repr__(self) -> str:
        status = "" if self.released else " (unreleased: validated, not in the registry)"
        return (
            f"<Dataset {self.version}{status}: {len(self.systems)} systems, "
            f"{len(self.derivations)} lineage edges, {len(self.transfers)} transfers, "
            f"{self.digest[:19]}...>"
        )

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        """Pickle a released version as its version and digest; it loads again on unpickling.

        Raises:
            TypeError: The version is not released, so nothing could load it back.
        """
        if not self.released:
            raise TypeError(
                f"dataset {self.version} is not released and cannot be pickled: "
                "pickle its records instead"
            )
        from ._load import restore

        return restore, (self.version, self.digest)

    def system(self, name: str) -> System:
        """Return the system that ``name`` denotes.

        Names match regardless of case, spaces, hyphens, dashes, apostrophes and diacritics,
        through ids and aliases.

        Raises:
            UnknownNameError: No system goes by that name (with close matches attached).
            AmbiguousNameError: The name denotes several systems.
            TypeError: ``name`` is not a str.

        >>> from soviet_dprk import load
        >>> load("1.0.0").system("chonmaho").name
        'Chonma-ho'
        """
        return self._index.system(name)

    def origin_of(self, name: str) -> Origin:
        """Return where a system comes from and how the DPRK got it.

        Raises the same errors as `system`.

        >>> from soviet_dprk import load
        >>> origin = load("1.0.0").origin_of("Type 58")
        >>> origin.acquisition.value, [r.name for r in origin.roots]
        ('licensed_production', ['AK-47'])
        """
        return self._index.origin_of(name)

    def derived_from(self, name: str, *, transitive: bool = False) -> Results[Derivation]:
        """Return the lineage edges from a system to its parents, nearest first.

        With ``transitive=True`` the parents' parents follow, each edge once, with ``depth``
        counting the steps. A system without parents gives an empty tuple.
        Raises the same errors as `system`.

        >>> from soviet_dprk import load
        >>> [(d.parent.name, d.confidence.value) for d in load("1.0.0").derived_from("Type 88")]
        [('AK-74', 'stated')]
        """
        return self._index.derived_from(name, transitive)

    def derivatives_of(self, name: str, *, transitive: bool = False) -> Results[Derivation]:
        """Return the lineage edges from a system to the designs derived from it, nearest first.

        The reverse of `derived_from`; a system nothing derives from gives an empty tuple.

        >>> from soviet_dprk import load
        >>> [d.child.name for d in load("1.0.0").derivatives_of("AKM")]
        ['Type 68']
        """
        return self._index.derivatives_of(name, transitive)

    def by_era(self, era: Era | str | int) -> Results[Transfer]:
        """Return the transfers whose years overlap an era, ordered by start year.

        Args:
            era: An `Era`, an era id or name, or a year (an int, or four digits as a str).
                A year selects the transfers under way
                in that year, whether or not an era covers it (a year outside every era can
                still have transfers; when none overlap, the result is empty).

        Raises:
            UnknownEraError: ``era`` is a str that names no era.
            TypeError: ``era`` is none of the accepted types (a bool is not a year).

        >>> from soviet_dprk import load
        >>> [t.quantity.as_printed for t in load("1.0.0").by_era(1950) if t.system is None]
        [None, None, 'tens of thousands', '200 million', '40,00']
        """
        return self._index.by_era(era)

    @property
    def deals(self) -> Results[Deal]:
        """Every deal: one flow each, with every claim made about it, ordered by first claim.

        Count flows by deals, never by transfers: sources tell one flow in several claims.
        In versions before 2.0.0, which record no deals, each transfer is its own deal.
        """
        return Results(self._index.deals().values())

    @overload
    def find_transfers(
        self,
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
        self,
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
        self,
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
        """Return the transfer claims that match every filter given, ordered by start year.

        Args:
            supplier, recipient: A `Country`, its value (``"ussr"``), its label (``"USSR"``),
                its ISO 3166 code (``"SUN"``, ``"PRK"``) or a common name (``"Soviet Union"``,
                ``"North Korea"``), in any case.
            kind: A `TransferKind` or its value (``"licence"``).
            system: A `System` or a system name: that system's transfers only.
            category: A `Category` or its value (``"fighter"``).
            years: A year, a ``(start, end)`` pair (``end`` ``None`` for open-ended), an
                `Era`, or a string: ``"1960"``, ``"1960s"``, ``"1960-1989"``, ``"2023-"``.
                A claim matches when its years overlap these.
            min_confidence: The weakest `Confidence` kept (``"reported"`` keeps stated and
                reported claims).
            deals: Return one `Deal` a flow, with all its claims and estimates, for every
                deal that a matching claim belongs to.

        Raises:
            UnknownValueError: A supplier, recipient, kind, category or confidence that the
                vocabulary does not hold (with close matches attached).
            UnknownNameError, AmbiguousNameError: As `system`, for ``system``.
            TypeError: A filter of the wrong type.
            ValueError: A ``years`` string that is no year, decade or range.

        >>> from soviet_dprk import load
        >>> [t.item for t in load("1.0.0").find_transfers(supplier="Soviet Union", years="1960s")]
        ['T-55 main battle tanks', 'T-62 production licence']
        """
        from ._find import find

        return find(
            self._index,
            supplier=supplier,
            recipient=recipient,
            kind=kind,
            system=system,
            category=category,
            years=years,
            min_confidence=min_confidence,
            deals=deals,
        )

    def era(self, key: str) -> Era:
        """Return the era with this id or name.

        Raises:
            UnknownEraError: No era has that id or name.
            TypeError: ``key`` is not a str.

        >>> from soviet_dprk import load
        >>> load("1.0.0").era("khrushchev-pall").start
        1953
        """
        return self._index.era(key)

    def eras_at(self, year: int) -> tuple[Era, ...]:
        """Return the eras that include ``year`` (empty when none does).

        Raises:
            TypeError: ``year`` is not an int (a bool is not a year).

        >>> from soviet_dprk import load
        >>> [e.id for e in load("1.0.0").eras_at(1960)]
        ['khrushchev-pall']
        """
        return self._index.eras_at(year)

    def source(self, source_id: str) -> Source:
        """Return the source record with this id.

        Raises:
            KeyError: No source has that id.

        >>> from soviet_dprk import load
        >>> load("1.0.0").source("episkopos-2019").publisher
        'The National Interest'
        """
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def search(self, text: str, *, limit: int = 10) -> Results[System]:
        """Return the systems whose names or aliases match ``text``, best first.

        Exact names rank first, then names starting with the text, names containing it and
        close misspellings. Nothing matching gives an empty tuple.

        Raises:
            TypeError: ``text`` is not a str, or ``limit`` is not an int (a bool is not).
            ValueError: ``limit`` is less than 1.

        >>> from soviet_dprk import load
        >>> [s.name for s in load("1.0.0").search("type")]
        ['Type 58', 'Type 68', 'Type 88']
        """
        from ._search import search

        return search(self.systems, text, limit)

    # -- exports (see soviet_dprk._export) ------------------------------------------------------

    def to_records(self) -> dict[str, Any]:
        """Return the whole dataset as plain, JSON-ready dicts, one list per record type.

        Systems that other records point at appear as their ids.

        >>> from soviet_dprk import load
        >>> load("1.0.0").to_records()["derivations"][0]["parent"]
        'ak-47'
        """
        from ._export import to_records

        return to_records(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return `to_records` as a JSON document."""
        from ._export import to_json

        return to_json(self, indent=indent)

    def to_csv(
        self, folder: str | Path, *, force: bool = False, excel_safe: bool = False
    ) -> dict[str, Path]:
        """Write one CSV file a table into ``folder`` and return their paths by table name.

        Missing values are empty fields, never a string such as ``NA``; every other cell is
        the data's own text, as R, DuckDB and pandas expect.

        Args:
            folder: The folder to write. It is written whole: a temporary folder beside it is
                filled and moved into place, so a failed export leaves nothing behind and an
                earlier export there is replaced with no stale files.
            force: Also replace a non-empty folder that holds no earlier export of ours, and
                everything in it.
            excel_safe: Prefix with ``'`` every cell that begins with ``=``, ``+``, ``-``,
                ``@``, a tab or a carriage return, so that a spreadsheet (Excel, LibreOffice)
                shows it as text instead of running it as a formula. Use it for files that
                will be opened in a spreadsheet; leave it off for R, DuckDB or pandas.

        Raises:
            ExportError: ``folder`` is a symbolic link or a file, or a non-empty folder that
                holds no earlier export and ``force`` is false.
        """
        from ._export import to_csv

        return to_csv(self, folder, force=force, excel_safe=excel_safe)

    def to_datapackage(
        self, folder: str | Path, *, force: bool = False, excel_safe: bool = False
    ) -> Path:
        """Write the CSV tables and a Frictionless ``datapackage.json``; return its path.

        Written whole, with the same ``force`` and ``excel_safe`` as `to_csv`.
        """
        from ._export import to_datapackage

        return to_datapackage(self, folder, force=force, excel_safe=excel_safe)

    @overload
    def to_pandas(self, table: None = None) -> dict[str, Any]: ...

    @overload
    def to_pandas(self, table: str) -> Any: ...

    def to_pandas(self, table: str | None = None) -> Any:
        """Return one tidy DataFrame for a question, or the normalised tables by name.

        Needs ``soviet-dprk[pandas]``.

        Args:
            table: ``"transfers"``, ``"deals"``, ``"systems"``, ``"derivations"``, ``"eras"``
                or ``"sources"``: one tidy frame, one row a record, with names, categories,
                parties and their ISO codes, ``Int64`` years, categorical vocabularies and
                source ids (see `Results.to_pandas`). ``None`` (the default): the eight
                normalised tables of the CSV export, by name, to join yourself.

        Raises:
            ValueError: ``table`` is no such table.
            TypeError: ``table`` is not a str.
        """
        from ._export import to_pandas

        return to_pandas(self, table)

    def to_networkx(self) -> Any:
        """Return the lineage as a ``networkx.MultiDiGraph`` (needs ``soviet-dprk[networkx]``)."""
        from ._export import to_networkx

        return to_networkx(self)

    def to_dot(self, name: str | None = None) -> str:
        """Return Graphviz DOT text of one system's lineage, or of the whole dataset.

        >>> from soviet_dprk import load
        >>> print(load("1.0.0").to_dot("Type 88").splitlines()[-2])
          "ak-74" -> "type-88" [label="modeled after", style=dashed, color="black"];
        """
        from ._export import to_dot

        return to_dot(self, name)

    def to_mermaid(self, name: str | None = None) -> str:
        """Return Mermaid flowchart text of one system's lineage, or of the whole dataset.

        >>> from soviet_dprk import load
        >>> print(load("1.0.0").to_mermaid("Type 88").splitlines()[-1])
          n_ak_74 -->|modeled after| n_type_88
        """
        from ._export import to_mermaid

        return to_mermaid(self, name)

    def cite(self, style: str = "text") -> str:
        """Return how to cite the library and this dataset version (``"text"`` or ``"bibtex"``).

        Raises:
            ValueError: ``style`` is neither.
        """
        from importlib.metadata import version

        from ._export import cite

        return cite(self, version("soviet-dprk"), style)

    def _repr_html_(self) -> str:
        from ._html import dataset_html

        return dataset_html(self)


#: The default dataset once it is loaded (see `soviet_dprk._load.default`): one list, read by the
#: module-level queries without importing the loader, so that a hit costs one look-up more than
#: the same call on a pinned `Dataset`.
default: list[Dataset] = []
