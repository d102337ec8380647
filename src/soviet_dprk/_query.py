"""The answers: name resolution, lineage walks, origins and era overlaps over an `Index`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

import attrs

from ._errors import AmbiguousNameError, UnknownEraError, UnknownNameError
from ._model import (
    Acquisition,
    Citation,
    Confidence,
    Country,
    Derivation,
    Era,
    Origin,
    Relation,
    System,
    Tombstone,
    Transfer,
    TransferKind,
)
from ._names import normalize, suggest

__all__ = ["Index"]

_EMPTY: tuple[Derivation, ...] = ()

# The strongest direct relation decides how a DPRK design was acquired.
_ACQUISITION_BY_RELATION = {
    Relation.LICENSED_PRODUCTION: Acquisition.LICENSED_PRODUCTION,
    Relation.COPY: Acquisition.COPIED,
    Relation.MODELED_AFTER: Acquisition.INFLUENCED,
    Relation.DESIGN_INFLUENCE: Acquisition.INFLUENCED,
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
) -> Mapping[str, tuple[Derivation, ...]]:
    grouped: dict[str, list[Derivation]] = {}
    for key, edge in pairs:
        grouped.setdefault(key, []).append(edge)
    return MappingProxyType({k: tuple(v) for k, v in grouped.items()})


def _weakest(confidences: Iterable[Confidence]) -> Confidence:
    return max(confidences, key=lambda c: c.rank, default=Confidence.STATED)


def _unique_citations(groups: Iterable[tuple[Citation, ...]]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(c for group in groups for c in group))


class Index:
    """Read-only lookup tables over one dataset's validated records."""

    __slots__ = (
        "_by_era_key",
        "_children",
        "_eras",
        "_keys",
        "_names_by_key",
        "_parents",
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
    ) -> None:
        self.systems_by_id: Mapping[str, System] = MappingProxyType({s.id: s for s in systems})
        keys: dict[str, tuple[System, ...]] = {}
        names: dict[str, str] = {}
        for system in systems:
            for label in (system.name, system.id, *system.aliases):
                key = normalize(label)
                keys[key] = (system,)
                names.setdefault(key, system.name)
        shared: dict[str, list[System]] = {}
        for system in systems:
            for label in system.shared_names:
                key = normalize(label)
                shared.setdefault(key, []).append(system)
                names.setdefault(key, label)
        for key, holders in shared.items():
            keys.setdefault(key, tuple(holders))
        self._keys: Mapping[str, tuple[System, ...]] = MappingProxyType(keys)
        self._names_by_key: Mapping[str, str] = MappingProxyType(names)
        self._tombstones: Mapping[str, Tombstone] = MappingProxyType(
            {normalize(t.id): t for t in tombstones}
        )
        self._parents = _group((d.child.id, d) for d in derivations)
        self._children = _group((d.parent.id, d) for d in derivations)
        self._transfers = tuple(sorted(transfers, key=lambda t: (t.period.start, t.id)))
        by_system: dict[str, list[Transfer]] = {}
        for transfer in self._transfers:
            if transfer.system is not None:
                by_system.setdefault(transfer.system.id, []).append(transfer)
        self._transfers_by_system: Mapping[str, tuple[Transfer, ...]] = MappingProxyType(
            {k: tuple(v) for k, v in by_system.items()}
        )
        self._eras = eras
        era_keys: dict[str, Era] = {}
        for era in eras:
            era_keys[normalize(era.id)] = era
            era_keys.setdefault(normalize(era.name), era)
        self._by_era_key: Mapping[str, Era] = MappingProxyType(era_keys)

    # -- names ---------------------------------------------------------------------------

    def system(self, name: str) -> System:
        key = normalize(_check_name(name))
        hit = self._keys.get(key)
        if hit is not None:
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
        raise UnknownNameError(name, suggest(key, self._names_by_key))

    # -- lineage -------------------------------------------------------------------------

    def derived_from(self, name: str, transitive: bool) -> tuple[Derivation, ...]:
        return self._walk(self.system(name), self._parents, lambda d: d.parent, transitive)

    def derivatives_of(self, name: str, transitive: bool) -> tuple[Derivation, ...]:
        return self._walk(self.system(name), self._children, lambda d: d.child, transitive)

    @staticmethod
    def _walk(
        start: System,
        edges: Mapping[str, tuple[Derivation, ...]],
        step: Callable[[Derivation], System],
        transitive: bool,
    ) -> tuple[Derivation, ...]:
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
        return tuple(found)

    # -- origins -------------------------------------------------------------------------

    def origin_of(self, name: str) -> Origin:
        system = self.system(name)
        lineage = self._walk(system, self._parents, lambda d: d.parent, True)
        root_designs = tuple(
            dict.fromkeys(d.parent for d in lineage if not self._parents.get(d.parent.id))
        )
        own = tuple(
            t for t in self._transfers_by_system.get(system.id, ()) if t.recipient is Country.DPRK
        )
        if system.origin is not Country.DPRK:
            return Origin(
                system=system,
                acquisition=Acquisition.DELIVERED,
                roots=(system,),
                countries=(system.origin,),
                confidence=_weakest(t.confidence for t in own),
                citations=_unique_citations([system.citations, *(t.citations for t in own)]),
                lineage=lineage,
                root_designs=root_designs or (system,),
                transfers=own,
            )
        roots: dict[str, System] = {}
        path_edges: dict[str, Derivation] = {}
        self._find_roots(system, roots, path_edges, {system.id})
        acquisition = self._acquisition(system, {system.id})
        root_transfers = tuple(
            t
            for root in roots.values()
            for t in self._transfers_by_system.get(root.id, ())
            if t.recipient is Country.DPRK
            and t.kind in _ROOT_KINDS
            and acquisition in _BUILT_FROM_ROOTS
        )
        return Origin(
            system=system,
            acquisition=acquisition,
            roots=tuple(roots.values()),
            countries=tuple(dict.fromkeys(r.origin for r in roots.values())),
            confidence=_weakest(d.confidence for d in path_edges.values()),
            citations=_unique_citations(d.citations for d in path_edges.values())
            or system.citations,
            lineage=lineage,
            root_designs=root_designs,
            transfers=(*own, *root_transfers),
        )

    def _find_roots(
        self,
        system: System,
        roots: dict[str, System],
        path_edges: dict[str, Derivation],
        visiting: set[str],
    ) -> None:
        for edge in self._parents.get(system.id, _EMPTY):
            parent = edge.parent
            path_edges[edge.id] = edge
            if parent.origin is not Country.DPRK:
                roots.setdefault(parent.id, parent)
            elif parent.id not in visiting:
                self._find_roots(parent, roots, path_edges, visiting | {parent.id})

    def _acquisition(self, system: System, visiting: set[str]) -> Acquisition:
        edges = self._parents.get(system.id, _EMPTY)
        for relation, acquisition in _ACQUISITION_BY_RELATION.items():
            if any(e.relation is relation for e in edges):
                return acquisition
        for edge in edges:  # only variants of DPRK designs remain
            if edge.parent.origin is not Country.DPRK:
                return Acquisition.INFLUENCED
            if edge.parent.id not in visiting:
                return self._acquisition(edge.parent, visiting | {edge.parent.id})
        return Acquisition.INDIGENOUS

    # -- eras ----------------------------------------------------------------------------

    def era(self, key: str) -> Era:
        if not isinstance(key, str):
            raise TypeError(f"an era id must be a str, not {type(key).__name__}")
        found = self._by_era_key.get(normalize(key))
        if found is None:
            ids = {normalize(e.id): e.id for e in self._eras}
            raise UnknownEraError(key, suggest(normalize(key), ids) or tuple(ids.values()))
        return found

    def eras_at(self, year: int) -> tuple[Era, ...]:
        _check_year(year)
        return tuple(e for e in self._eras if year in e)

    def by_era(self, era: Era | str | int) -> tuple[Transfer, ...]:
        if isinstance(era, Era):
            start, end = era.start, era.end
        elif isinstance(era, str):
            found = self.era(era)
            start, end = found.start, found.end
        else:
            _check_year(era)
            start, end = era, era
        return tuple(
            t
            for t in self._transfers
            if (end is None or t.period.start <= end)
            and (t.period.end is None or t.period.end >= start)
        )


def _check_year(year: object) -> None:
    if not isinstance(year, int) or isinstance(year, bool):
        raise TypeError(f"a year must be an int, not {type(year).__name__}")
