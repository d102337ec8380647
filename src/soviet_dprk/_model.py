"""The records of the dataset: frozen, slotted attrs classes and closed vocabularies as enums."""

from __future__ import annotations

import enum
from typing import Final

import attrs

__all__ = [
    "FILES",
    "Acquisition",
    "Category",
    "Citation",
    "Confidence",
    "Country",
    "Derivation",
    "Era",
    "Origin",
    "Period",
    "Qualifier",
    "Quantity",
    "Records",
    "Relation",
    "Source",
    "System",
    "Tombstone",
    "Transfer",
    "TransferKind",
]


#: The files every dataset version consists of, in load order (sources before the records
#: that cite them, systems before the edges and transfers that name them).
FILES: Final = (
    "sources.json",
    "systems.json",
    "derivations.json",
    "transfers.json",
    "eras.json",
    "tombstones.json",
)


def _names(value: object) -> str:
    """Show nested systems by name, so that a record's repr stays one readable line."""
    if isinstance(value, System):
        return f"<System {value.name}>"
    if isinstance(value, tuple):
        return "(" + ", ".join(_names(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


class Country(enum.Enum):
    """A country that designed, supplied or received equipment.

    The USSR and Russia are distinct: Russia designates designs and transfers after 1991.
    """

    USSR = "ussr"
    RUSSIA = "russia"
    CHINA = "china"
    DPRK = "dprk"
    CZECHOSLOVAKIA = "czechoslovakia"
    POLAND = "poland"
    EGYPT = "egypt"
    IRAN = "iran"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The country's short English name (``"USSR"``, ``"Russia"``, ``"DPRK"``)."""
        return _COUNTRY_LABELS[self]


_COUNTRY_LABELS = {
    Country.USSR: "USSR",
    Country.RUSSIA: "Russia",
    Country.CHINA: "China",
    Country.DPRK: "DPRK",
    Country.CZECHOSLOVAKIA: "Czechoslovakia",
    Country.POLAND: "Poland",
    Country.EGYPT: "Egypt",
    Country.IRAN: "Iran",
    Country.OTHER: "other",
}


class Category(enum.Enum):
    """What kind of equipment a system is."""

    TANK = "tank"
    LIGHT_TANK = "light_tank"
    ARMOURED_VEHICLE = "armoured_vehicle"
    SELF_PROPELLED_ARTILLERY = "self_propelled_artillery"
    HOWITZER = "howitzer"
    FIELD_GUN = "field_gun"
    MORTAR = "mortar"
    ROCKET_LAUNCHER = "rocket_launcher"
    ANTI_AIRCRAFT_GUN = "anti_aircraft_gun"
    SMALL_ARM = "small_arm"
    ANTI_TANK_WEAPON = "anti_tank_weapon"
    ANTI_TANK_MISSILE = "anti_tank_missile"
    MANPADS = "manpads"
    SURFACE_TO_AIR_MISSILE_SYSTEM = "surface_to_air_missile_system"
    FIGHTER = "fighter"
    ATTACK_AIRCRAFT = "attack_aircraft"
    BOMBER = "bomber"
    TRANSPORT_AIRCRAFT = "transport_aircraft"
    TRAINER_AIRCRAFT = "trainer_aircraft"
    HELICOPTER = "helicopter"
    BALLISTIC_MISSILE = "ballistic_missile"
    CRUISE_MISSILE = "cruise_missile"
    ANTI_SHIP_MISSILE = "anti_ship_missile"
    SUBMARINE = "submarine"
    SURFACE_SHIP = "surface_ship"


class Confidence(enum.Enum):
    """How firmly the cited sources make a claim.

    ``STATED``: the source says it flatly. ``REPORTED``: the source hedges ("reportedly",
    "thought to be"). ``DISPUTED``: sources disagree, and each claim is kept with its source.
    """

    STATED = "stated"
    REPORTED = "reported"
    DISPUTED = "disputed"

    @property
    def rank(self) -> int:
        """0 for the firmest (``STATED``), higher for weaker claims."""
        return _CONFIDENCE_RANK[self]


_CONFIDENCE_RANK = {
    Confidence.STATED: 0,
    Confidence.REPORTED: 1,
    Confidence.DISPUTED: 2,
}


class Relation(enum.Enum):
    """How a child design derives from its parent."""

    LICENSED_PRODUCTION = "licensed_production"
    COPY = "copy"
    MODELED_AFTER = "modeled_after"
    DESIGN_INFLUENCE = "design_influence"
    VARIANT = "variant"


class Acquisition(enum.Enum):
    """How the DPRK came to have a system, as `origin_of` answers it."""

    DELIVERED = "delivered"
    LICENSED_PRODUCTION = "licensed_production"
    COPIED = "copied"
    INFLUENCED = "influenced"
    INDIGENOUS = "indigenous"


class TransferKind(enum.Enum):
    """What moved in a transfer."""

    DELIVERY = "delivery"
    LICENCE = "licence"
    KITS = "kits"
    TECHNOLOGY = "technology"
    FUNDING = "funding"
    PERSONNEL = "personnel"


class Qualifier(enum.Enum):
    """How a source qualifies a number: exactly, about, more than, up to, or not at all."""

    EXACT = "exact"
    ABOUT = "about"
    MORE_THAN = "more_than"
    UP_TO = "up_to"
    UNSPECIFIED = "unspecified"


@attrs.frozen(kw_only=True, weakref_slot=False)
class Citation:
    """A source's id and a short verbatim quote from it that supports the claim."""

    source: str
    quote: str


@attrs.frozen(kw_only=True, weakref_slot=False)
class Source:
    """A document the dataset quotes.

    ``author``, ``year`` and ``url`` are ``None`` when the document does not show them.
    ``retrieved`` is the ISO date on which the quoted copy was read.
    """

    id: str
    title: str
    publisher: str
    author: str | None
    year: int | None
    url: str | None
    retrieved: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class System:
    """A piece of equipment under one designation.

    Attributes:
        id: Stable kebab-case identifier (``"t-62"``); never reused for another system.
        name: The commonest English designation (``"T-62"``).
        aliases: Other names that denote this system and no other.
        shared_names: Names that denote this system among others; a lookup by one of them
            alone raises `AmbiguousNameError`.
        category: What kind of equipment it is.
        origin: The country that designed or produced this designation.
        citations: Sources for the system and its classification.
        note: How the data reads its sources, where that needs saying.
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    shared_names: tuple[str, ...] = ()
    category: Category
    origin: Country
    citations: tuple[Citation, ...]
    note: str | None = None

    def _repr_html_(self) -> str:
        from ._html import system_html

        return system_html(self)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Derivation:
    """A lineage edge: ``child`` derives from ``parent`` by ``relation``.

    ``depth`` is 1 for a direct edge and counts the steps from the queried system when the
    edge is returned by a transitive query.
    """

    id: str
    child: System = attrs.field(repr=_names)
    parent: System = attrs.field(repr=_names)
    relation: Relation
    confidence: Confidence
    citations: tuple[Citation, ...]
    note: str | None = None
    depth: int = 1


@attrs.frozen(kw_only=True, weakref_slot=False)
class Period:
    """The years of a transfer, inclusive; ``end`` is ``None`` while it is ongoing.

    ``approximate`` is true when the source is vague ("mid-1960s"), and ``as_printed`` keeps
    the source's own words.
    """

    start: int
    end: int | None
    approximate: bool = False
    as_printed: str | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class Quantity:
    """How much moved: ``value`` is ``None`` when the source prints no usable number.

    ``as_printed`` is the figure exactly as the source prints it, typos included.
    """

    value: int | None
    qualifier: Qualifier
    unit: str
    as_printed: str | None


@attrs.frozen(kw_only=True, weakref_slot=False)
class Transfer:
    """Something that moved from a supplier to a recipient: equipment, a licence, money, people.

    ``system`` is ``None`` for goods the sources do not name as one system ("small firearms",
    money, personnel).
    """

    id: str
    item: str
    system: System | None = attrs.field(repr=_names)
    supplier: Country
    recipient: Country
    kind: TransferKind
    period: Period
    quantity: Quantity
    confidence: Confidence
    citations: tuple[Citation, ...]
    note: str | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class Era:
    """A period of the DPRK's arms relations; ``end`` is ``None`` for an ongoing era."""

    id: str
    name: str
    start: int
    end: int | None
    approximate: bool = False
    summary: str
    citations: tuple[Citation, ...]

    def __contains__(self, year: object) -> bool:
        if not isinstance(year, int) or isinstance(year, bool):
            return False
        return self.start <= year and (self.end is None or year <= self.end)

    def _repr_html_(self) -> str:
        from ._html import era_html

        return era_html(self)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Tombstone:
    """A system id withdrawn in a later dataset version, and its successor if it has one."""

    id: str
    successor: str | None
    reason: str
    since: str


@attrs.frozen(kw_only=True, weakref_slot=False)
class Origin:
    """Where a system comes from, as answered by `origin_of`.

    Attributes:
        system: The system asked about.
        acquisition: How the DPRK came to have it.
        roots: The nearest foreign designs on each lineage path; the system itself when it
            is foreign.
        countries: The countries of the roots, without repeats, in the order of the roots.
        confidence: The weakest confidence on the paths to the roots.
        citations: The citations behind the answer.
        lineage: Every ancestor edge, nearest first (the route through intermediaries).
        root_designs: The original designs at the top of each lineage path.
        transfers: Transfers to the DPRK of the system, and licences or technology of its roots.
    """

    system: System = attrs.field(repr=_names)
    acquisition: Acquisition
    roots: tuple[System, ...] = attrs.field(repr=_names)
    countries: tuple[Country, ...]
    confidence: Confidence
    citations: tuple[Citation, ...]
    lineage: tuple[Derivation, ...] = ()
    root_designs: tuple[System, ...] = attrs.field(default=(), repr=_names)
    transfers: tuple[Transfer, ...] = ()

    def _repr_html_(self) -> str:
        from ._html import origin_html

        return origin_html(self)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Records:
    """One dataset version's records, one tuple a file, in file order."""

    sources: tuple[Source, ...]
    systems: tuple[System, ...]
    derivations: tuple[Derivation, ...]
    transfers: tuple[Transfer, ...]
    eras: tuple[Era, ...]
    tombstones: tuple[Tombstone, ...]
