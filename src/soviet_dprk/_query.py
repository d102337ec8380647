"""The answers: name resolution, lineage walks, origins and era overlaps over an `Index`."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

import attrs

from ._errors import AmbiguousNameError, UnknownEraError, UnknownNameError
from ._model import (
    Acquisition,
    Citation,
    Confidence,
    Country,
    Deal,
    Derivation,
    Era,
    Origin,
    Relation,
    System,
    Tombstone,
    Transfer,
    TransferKind,
)
from ._names import Suggester, normalize, suggest
from ._results import Results

__all__ = ["Index"]

_EMPTY: Results[Derivation] = Results()


_CHILD_ID: Callable[[Derivation], str] = operator.attrgetter("child.id")
_PARENT_ID: Callable[[Derivation], str] = operator.attrgetter("parent.id")
#: Transfers are kept in order of their start year, then id (a key computed in C).
_by_start: Callable[[Transfer], tuple[int, str]] = operator.attrgetter("period.first", "id")


# The strongest direct relation decides how a DPRK design was acquired.
_ACQUISITION_BY_RELATION = {
    Relation.LICENSED_PRODUCTION: Acquisition.LICENSED_PRODUCTION,
    Relation.COPY: Acquisition.COPIED,
    Relation.MODELED_AFTER: Acquisition.INFLUENCED,
    Relation.DESIGN_INFLUENCE: Acquisition.INFLUENCED,
    Relation.COMPONENT: Acquisition.COMPONENT,
}
# A design built under licence or copied shows the licences, kits or technology of its roots.
_ROOT_KINDS = frozenset({TransferKind.LICENCE, TransferKind.TECHNOLOGY, TransferKind.KITS})
_BUILT_FROM_ROOTS = frozenset({Acquisition.LICENSED_PRODUCTION, Acquisition.COPIED})


def _check_name(name: object) -> str:
    if not isinstance(name, str):
        raise TypeError(f"a system name must be a str, not {type(name).__name__}")
    return name


def _group(
    pairs: Iterable[tuple[str, Derivation]],
) -> Mapping[str, Results[Derivation]]:
    grouped: dict[str, list[Derivation]] = {}
    for key, edge in pairs:
        grouped.setdefault(key, []).append(edge)
    return MappingProxyType({k: Results(v) for k, v in grouped.items()})


def _weakest(confidences: Iterable[Confidence]) -> Confidence:
    return max(confidences, key=lambda c: c.rank, default=Confidence.STATED)


def _unique_citations(groups: Iterable[tuple[Citation, ...]]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(c for group in groups for c in group))


class _Answers:
    """Answers computed on first request and then kept, so that asking again costs a dict hit.

    Each kept answer is immutable, and there is at most one per system (origins, transitive
    lineage), per era and per year in the data's span (transfers by era), so the tables stay
    smaller than the dataset. Two threads asking at once may both compute an answer; they
    compute equal ones and either may be kept.
    """

    __slots__ = ("ancestors", "deals", "descendants", "origins", "overlaps", "suggest")

    def __init__(self) -> None:
        self.origins: dict[str, Origin] = {}
        self.ancestors: dict[str, Results[Derivation]] = {}
        self.descendants: dict[str, Results[Derivation]] = {}
        self.overlaps: dict[tuple[int, int | None], Results[Transfer]] = {}
        self.suggest: Suggester | None = None
        self.deals: Mapping[str, Deal] | None = None


#: What a name key resolves to: one system, or the several that share the name.
Holders = System | tuple[System, ...]


def name_keys(
    systems: Iterable[System],
) -> tuple[dict[str, Holders], dict[str, str]]:
    """The name keys of the systems: unique keys to their system, shared names to every holder.

    Returns:
        The keys, and the label each shared-name key is displayed as.
    """
    keys: dict[str, Holders] = {}
    shared: dict[str, list[System]] = {}
    labels: dict[str, str] = {}
    for system in systems:
        for label in (system.name, system.id, *system.aliases):
            keys[normalize(label)] = system
        for label in system.shared_names:
            key = normalize(label)
            holders = shared.setdefault(key, [])
            if system not in holders:  # two of its shared names may fold to one key
                holders.append(system)
            labels.setdefault(key, label)
    for key, holders in shared.items():
        keys.setdefault(key, tuple(holders))
    return keys, labels


class Index:
    """Read-only lookup tables over one dataset's validated records."""

    __slots__ = (
        "_answers",
        "_by_era_key",
        "_children",
        "_eras",
        "_keys",
        "_parents",
        "_shared_labels",
        "_span",
        "_tombstones",
        "_transfers",
        "_transfers_by_system",
        "systems_by_id",
    )

    def __init__(
        self,
        systems: tuple[System, ...],
        derivations: tuple[Derivation, ...],
        transfers: tuple[Transfer, ...],
        eras: tuple[Era, ...],
        tombstones: tuple[Tombstone, ...],
        *,
        keys: tuple[dict[str, Holders], dict[str, str]] | None = None,
        systems_by_id: dict[str, System] | None = None,
    ) -> None:
        """Build the tables; the loader passes the ``keys`` and ids it built while validating."""
        if systems_by_id is None:
            systems_by_id = {s.id: s for s in systems}
        # The loader hands over tables it keeps no reference to: they are wrapped, not copied.
        self.systems_by_id: Mapping[str, System] = MappingProxyType(systems_by_id)
        name_table, shared_labels = keys if keys is not None else name_keys(systems)
        self._keys: Mapping[str, Holders] = MappingProxyType(name_table)
        self._shared_labels: Mapping[str, str] = MappingProxyType(shared_labels)
        self._tombstones: Mapping[str, Tombstone] = MappingProxyType(
            {normalize(t.id): t for t in tombstones}
        )
        self._parents = _group(zip(map(_CHILD_ID, derivations), derivations, strict=True))
        self._children = _group(zip(map(_PARENT_ID, derivations), derivations, strict=True))
        self._transfers = tuple(sorted(transfers, key=_by_start))
        by_system: dict[str, list[Transfer]] = {}
        for transfer in self._transfers:
            if transfer.system is not None:
                by_system.setdefault(transfer.system.id, []).append(transfer)
        self._transfers_by_system: Mapping[str, tuple[Transfer, ...]] = MappingProxyType(
            {k: tuple(v) for k, v in by_system.items()}
        )
        # Years outside [first start, last year named] all have the answer of its ends.
        years = [t.period.first for t in transfers]
        years.extend(t.period.end for t in transfers if t.period.end is not None)
        self._span = (min(years, default=0) - 1, max(years, default=0) + 1)
        self._eras = eras
        era_keys: dict[str, Era] = {}
        for era in eras:
            era_keys[normalize(era.id)] = era
            era_keys.setdefault(normalize(era.name), era)
        self._by_era_key: Mapping[str, Era] = MappingProxyType(era_keys)
        self._answers = _Answers()

    # -- names ---------------------------------------------------------------------------

    def system(self, name: str) -> System:
        if name.__class__ is not str:
            _check_name(name)
        key = normalize(name)
        hit = self._keys.get(key)
        if hit is not None:
            if hit.__class__ is not tuple:
                return hit  # type: ignore[return-value]
            if len(hit) == 1:
                return hit[0]
            raise AmbiguousNameError(name, [s.name for s in hit])
        tombstone = self._tombstones.get(key)
        if tombstone is not None:
            if tombstone.successor is not None:
                return self.systems_by_id[tombstone.successor]
            raise UnknownNameError(
                name,
                detail=f" (withdrawn in dataset {tombstone.since}: {tombstone.reason})",
            )
        raise UnknownNameError(name, self._suggester()(key))

    def _suggester(self) -> Suggester:
        suggester = self._answers.suggest
        if suggester is None:
            shared = self._shared_labels
            names = {
                key: shared[key] if holders.__class__ is tuple else holders.name  # type: ignore[union-attr]
                for key, holders in self._keys.items()
            }
            suggester = self._answers.suggest = Suggester(MappingProxyType(names))
        return suggester

    # -- lineage -------------------------------------------------------------------------

    def derived_from(self, name: str, transitive: bool) -> Results[Derivation]:
        system = self.system(name)
        if not transitive:
            return self._parents.get(system.id, _EMPTY)
        kept = self._answers.ancestors
        found = kept.get(system.id)
        if found is None:
            found = kept[system.id] = self._ancestors(system)
        return found

    def derivatives_of(self, name: str, transitive: bool) -> Results[Derivation]:
        system = self.system(name)
        if not transitive:
            return self._children.get(system.id, _EMPTY)
        kept = self._answers.descendants
        found = kept.get(system.id)
        if found is None:
            found = kept[system.id] = self._walk(system, self._children, _child, True)
        return found

    def _ancestors(self, system: System) -> Results[Derivation]:
        return self._walk(system, self._parents, _parent, True)

    @staticmethod
    def _walk(
        start: System,
        edges: Mapping[str, Results[Derivation]],
        step: Callable[[Derivation], System],
        transitive: bool,
    ) -> Results[Derivation]:
        found: list[Derivation] = []
        seen_edges: set[str] = set()
        visited = {start.id}
        frontier = [start]
        depth = 1
        while frontier:
            following: list[System] = []
            for system in frontier:
                for edge in edges.get(system.id, _EMPTY):
                    if edge.id in seen_edges:
                        continue
                    seen_edges.add(edge.id)
                    found.append(edge if depth == 1 else attrs.evolve(edge, depth=depth))
                    nxt = step(edge)
                    if nxt.id not in visited:
                        visited.add(nxt.id)
                        following.append(nxt)
            if not transitive:
                break
            frontier = following
            depth += 1
        return Results(found)

    # -- origins -------------------------------------------------------------------------

    def origin_of(self, name: str) -> Origin:
        system = self.system(name)
        kept = self._answers.origins
        found = kept.get(system.id)
        if found is None:
            found = kept[system.id] = self._origin(system)
        return found

    def _origin(self, system: System) -> Origin:
        lineage = self.derived_from(system.id, True)
        root_designs = tuple(
            dict.fromkeys(d.parent for d in lineage if not self._parents.get(d.parent.id))
        )
        own = tuple(
            t for t in self._transfers_by_system.get(system.id, ()) if t.recipient is Country.DPRK
        )
        if system.origin is not Country.DPRK:
            # Delivered is inferred from the origin alone unless a transfer to the DPRK says so.
            return Origin(
                system=system,
                acquisition=Acquisition.DELIVERED,
                roots=(system,),
                countries=(system.origin,),
                confidence=_weakest(t.confidence for t in own) if own else Confidence.INFERRED,
                citations=_unique_citations([system.citations, *(t.citations for t in own)]),
                lineage=lineage,
                root_designs=root_designs or (system,),
                transfers=own,
            )
        roots, path_edges = self._find_roots(system)
        acquisition = self._acquisition(system)
        root_transfers = tuple(
            t
            for root in roots.values()
            for t in self._transfers_by_system.get(root.id, ())
            if t.recipient is Country.DPRK
            and t.kind in _ROOT_KINDS
            and acquisition in _BUILT_FROM_ROOTS
        )
        # No recorded lineage is no evidence of an indigenous design: that answer is inferred.
        return Origin(
            system=system,
            acquisition=acquisition,
            roots=tuple(roots.values()),
            countries=tuple(dict.fromkeys(r.origin for r in roots.values())),
            confidence=Confidence.INFERRED
            if acquisition is Acquisition.INDIGENOUS
            else _weakest(d.confidence for d in path_edges.values()),
            citations=_unique_citations(d.citations for d in path_edges.values())
            or system.citations,
            lineage=lineage,
            root_designs=root_designs,
            transfers=(*own, *root_transfers),
        )

    def _find_roots(self, system: System) -> tuple[dict[str, System], dict[str, Derivation]]:
        """The foreign designs nearest to a DPRK design on each lineage path, and the edges of
        those paths, in depth-first order of discovery.

        Each DPRK design is walked once, with a stack of its own: linear in the edges however
        many paths share them, and no deeper in Python's stack however long the chain.
        """
        roots: dict[str, System] = {}
        path_edges: dict[str, Derivation] = {}
        walked = {system.id}
        stack = [iter(self._parents.get(system.id, _EMPTY))]
        while stack:
            edge = next(stack[-1], None)
            if edge is None:
                stack.pop()
                continue
            parent = edge.parent
            path_edges.setdefault(edge.id, edge)
            if parent.origin is not Country.DPRK:
                roots.setdefault(parent.id, parent)
            elif parent.id not in walked:
                walked.add(parent.id)
                stack.append(iter(self._parents.get(parent.id, _EMPTY)))
        return roots, path_edges

    def _acquisition(self, system: System) -> Acquisition:
        """The strongest direct relation; a variant of a DPRK design takes that design's."""
        visited = {system.id}
        while True:
            edges = self._parents.get(system.id, _EMPTY)
            for relation, acquisition in _ACQUISITION_BY_RELATION.items():
                if any(e.relation is relation for e in edges):
                    return acquisition
            for edge in edges:  # only variants remain
                if edge.parent.origin is not Country.DPRK:
                    return Acquisition.INFLUENCED
                if edge.parent.id not in visited:
                    system = edge.parent
                    visited.add(system.id)
                    break
            else:
                return Acquisition.INDIGENOUS

    # -- transfers and deals ---------------------------------------------------------------

    @property
    def transfers(self) -> tuple[Transfer, ...]:
        """Every transfer claim, ordered by start year, then id."""
        return self._transfers

    def deals(self) -> Mapping[str, Deal]:
        """Every deal by id, in the order of its first claim."""
        found = self._answers.deals
        if found is None:
            claims: dict[str, list[Transfer]] = {}
            for transfer in self._transfers:
                claims.setdefault(transfer.deal, []).append(transfer)
            found = MappingProxyType({k: Deal(id=k, claims=tuple(v)) for k, v in claims.items()})
            self._answers.deals = found
        return found

    def deal(self, deal_id: str) -> Deal:
        return self.deals()[deal_id]

    # -- eras ----------------------------------------------------------------------------

    def era(self, key: str) -> Era:
        if not isinstance(key, str):
            raise TypeError(f"an era id must be a str, not {type(key).__name__}")
        found = self._by_era_key.get(normalize(key))
        if found is None:
            # Close matches by id or name, shown as ids; `soviet-dprk eras` lists them all.
            keys = {k: e.id for k, e in self._by_era_key.items()}
            raise UnknownEraError(key, suggest(normalize(key), keys))
        return found

    def eras_at(self, year: int) -> tuple[Era, ...]:
        _check_year(year)
        return tuple(e for e in self._eras if year in e)

    def by_era(self, era: Era | str | int) -> Results[Transfer]:
        start: int
        end: int | None
        if era.__class__ is int:
            start = end = era
        elif isinstance(era, Era):
            start, end = era.start, era.end
        elif isinstance(era, str):
            text = era.strip()
            if text.isdigit() and len(text) == 4 and normalize(text) not in self._by_era_key:
                start = end = int(text)  # a year given as a string, as the CLI takes it
            else:
                found = self.era(era)
                start, end = found.start, found.end
        else:
            _check_year(era)
            start = end = era
        # Before the first year the data names, every year has the same answer (none), and
        # after the last the same one (the open-ended transfers): clamped to that span, the
        # kept answers stay few. Years and the dataset's own eras are kept; other spans not.
        keep = start == end or any(e.start == start and e.end == end for e in self._eras)
        low, high = self._span
        start = min(max(start, low), high)
        if end is not None:
            end = min(max(end, low), high)
        kept = self._answers.overlaps
        answer = kept.get((start, end))
        if answer is None:
            answer = Results(t for t in self._transfers if t.period.overlaps(start, end))
            if keep:
                kept[(start, end)] = answer
        return answer


def _parent(edge: Derivation) -> System:
    return edge.parent


def _child(edge: Derivation) -> System:
    return edge.child


def _check_year(year: object) -> None:
    if not isinstance(year, int) or isinstance(year, bool):
        raise TypeError(f"a year must be an int, not {type(year).__name__}")
