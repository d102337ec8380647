"""The records of the dataset: frozen, slotted attrs classes and closed vocabularies as enums."""

from __future__ import annotations

import enum
from typing import Any, Final, NamedTuple

import attrs

__all__ = [
    "FILES",
    "Acquisition",
    "Category",
    "Citation",
    "Confidence",
    "Country",
    "Deal",
    "Derivation",
    "Era",
    "Evidence",
    "Origin",
    "Period",
    "Qualifier",
    "Quantity",
    "Records",
    "Relation",
    "Source",
    "SourceKind",
    "Stage",
    "System",
    "Table",
    "Tombstone",
    "Transfer",
    "TransferKind",
    "UNSAFE_START",
    "plain",
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


#: What no text field of the data may begin with (from dataset 2.0.0), and what an
#: ``excel_safe`` export neutralises: a spreadsheet would run such a cell as a formula.
UNSAFE_START: Final = ("=", "+", "-", "@", "\t", "\r")


def _names(value: object) -> str:
    """Show nested systems by name, so that a record's repr stays one readable line."""
    if isinstance(value, System):
        return f"<System {value.name}>"
    if isinstance(value, tuple):
        return "(" + ", ".join(_names(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


def plain(value: Any) -> Any:
    """A record, or a tuple of records, as JSON-ready values: enums by value, tuples as lists."""
    if attrs.has(type(value)):
        return {
            f.name: plain(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if not f.name.startswith("_")
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    return value


class Country(enum.Enum):
    """A party that designed, supplied or received equipment: a state, or an armed group.

    The USSR and Russia are distinct: Russia designates designs and transfers after 1991.
    Former states keep their own members (`USSR`, `YUGOSLAVIA`, `CZECHOSLOVAKIA`,
    `NORTH_VIETNAM`, and, from dataset 2.4.0, `RUSSIAN_EMPIRE`, the designer of arms that the
    Korean People's Army still used in 1950). `OTHER` is kept only so that dataset versions
    before 2.0.0 load: from 2.0.0 on no record uses it.
    """

    USSR = "ussr"
    RUSSIA = "russia"
    CHINA = "china"
    DPRK = "dprk"
    CZECHOSLOVAKIA = "czechoslovakia"
    POLAND = "poland"
    EGYPT = "egypt"
    IRAN = "iran"
    SYRIA = "syria"
    LIBYA = "libya"
    YEMEN = "yemen"
    CUBA = "cuba"
    VIETNAM = "vietnam"
    NORTH_VIETNAM = "north_vietnam"
    PAKISTAN = "pakistan"
    MYANMAR = "myanmar"
    KAZAKHSTAN = "kazakhstan"
    AFGHANISTAN = "afghanistan"
    YUGOSLAVIA = "yugoslavia"
    USA = "usa"
    GERMANY = "germany"
    BELGIUM = "belgium"
    HEZBOLLAH = "hezbollah"
    HAMAS = "hamas"
    AFGHAN_MUJAHIDEEN = "afghan_mujahideen"
    RUSSIAN_EMPIRE = "russian_empire"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The party's short English name (``"USSR"``, ``"Russia"``, ``"DPRK"``)."""
        return _COUNTRY_LABELS[self][0]

    @property
    def iso3(self) -> str | None:
        """The ISO 3166-1 alpha-3 code; for a former state, the alpha-3 code that ISO 3166-3
        records for it (``"SUN"`` for the USSR, ``"YUG"``, ``"CSK"``, ``"VDR"``); ``None`` for an
        armed group, for the Russian Empire (which ended before ISO 3166 began) and for `OTHER`.
        """
        return _COUNTRY_LABELS[self][1]

    @property
    def is_state(self) -> bool:
        """Whether the party is a state (present or former), not an armed group."""
        return self not in _NOT_STATES


_COUNTRY_LABELS: Final = {
    Country.USSR: ("USSR", "SUN"),
    Country.RUSSIA: ("Russia", "RUS"),
    Country.CHINA: ("China", "CHN"),
    Country.DPRK: ("DPRK", "PRK"),
    Country.CZECHOSLOVAKIA: ("Czechoslovakia", "CSK"),
    Country.POLAND: ("Poland", "POL"),
    Country.EGYPT: ("Egypt", "EGY"),
    Country.IRAN: ("Iran", "IRN"),
    Country.SYRIA: ("Syria", "SYR"),
    Country.LIBYA: ("Libya", "LBY"),
    Country.YEMEN: ("Yemen", "YEM"),
    Country.CUBA: ("Cuba", "CUB"),
    Country.VIETNAM: ("Vietnam", "VNM"),
    Country.NORTH_VIETNAM: ("North Vietnam", "VDR"),
    Country.PAKISTAN: ("Pakistan", "PAK"),
    Country.MYANMAR: ("Myanmar", "MMR"),
    Country.KAZAKHSTAN: ("Kazakhstan", "KAZ"),
    Country.AFGHANISTAN: ("Afghanistan", "AFG"),
    Country.YUGOSLAVIA: ("Yugoslavia", "YUG"),
    Country.USA: ("USA", "USA"),
    Country.GERMANY: ("Germany", "DEU"),
    Country.BELGIUM: ("Belgium", "BEL"),
    Country.HEZBOLLAH: ("Hezbollah", None),
    Country.HAMAS: ("Hamas", None),
    Country.AFGHAN_MUJAHIDEEN: ("Afghan mujahideen", None),
    Country.RUSSIAN_EMPIRE: ("Russian Empire", None),
    Country.OTHER: ("other", None),
}
#: The parties that are no state: the armed groups, and `Country.OTHER`.
_NOT_STATES: Final = frozenset(
    {Country.HEZBOLLAH, Country.HAMAS, Country.AFGHAN_MUJAHIDEEN, Country.OTHER}
)


class Category(enum.Enum):
    """What kind of equipment a system is.

    ``RADAR``, ``ENGINE``, ``SPACE_LAUNCH_VEHICLE`` and ``UTILITY_VEHICLE`` (an unarmoured
    tractor or truck) came with dataset 2.1.0, whose lineage claims name radars, rocket
    engines, launchers and tractor chassis as parents; earlier versions use none of them.
    ``EARLY_WARNING_AIRCRAFT`` (an aircraft that carries a surveillance radar),
    ``UNMANNED_AIRCRAFT`` (a drone, reusable or expendable) and ``AIR_TO_AIR_MISSILE`` came
    with dataset 2.3.0.
    """

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
    RADAR = "radar"
    ENGINE = "engine"
    SPACE_LAUNCH_VEHICLE = "space_launch_vehicle"
    UTILITY_VEHICLE = "utility_vehicle"
    EARLY_WARNING_AIRCRAFT = "early_warning_aircraft"
    UNMANNED_AIRCRAFT = "unmanned_aircraft"
    AIR_TO_AIR_MISSILE = "air_to_air_missile"


class Confidence(enum.Enum):
    """How firmly the cited sources make a claim.

    ``STATED``: the source says it flatly. ``REPORTED``: the source hedges ("reportedly",
    "thought to be"), or, from dataset 2.0.0, only weak sources say it (see
    `SourceKind.weak`). ``DISPUTED``: sources disagree, and each claim is kept with its source.
    ``INFERRED`` is never a record's: it marks an answer of `origin_of` that no cited claim
    supports (a foreign system with no recorded transfer to the DPRK, a DPRK design with no
    recorded lineage), which the library infers from the system's origin alone.
    """

    STATED = "stated"
    REPORTED = "reported"
    DISPUTED = "disputed"
    INFERRED = "inferred"

    @property
    def rank(self) -> int:
        """0 for the firmest (``STATED``), higher for weaker claims."""
        return _CONFIDENCE_RANK[self]


_CONFIDENCE_RANK = {
    Confidence.STATED: 0,
    Confidence.REPORTED: 1,
    Confidence.DISPUTED: 2,
    Confidence.INFERRED: 3,
}


class Relation(enum.Enum):
    """How a child design derives from its parent."""

    LICENSED_PRODUCTION = "licensed_production"
    COPY = "copy"
    MODELED_AFTER = "modeled_after"
    DESIGN_INFLUENCE = "design_influence"
    VARIANT = "variant"
    #: Built on the parent's chassis, hull, engine or airframe (from dataset 2.0.0).
    COMPONENT = "component"


class Acquisition(enum.Enum):
    """How the DPRK came to have a system, as `origin_of` answers it."""

    DELIVERED = "delivered"
    LICENSED_PRODUCTION = "licensed_production"
    COPIED = "copied"
    INFLUENCED = "influenced"
    #: Built in the DPRK on a foreign design's chassis, hull, engine or airframe.
    COMPONENT = "component"
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


class Stage(enum.Enum):
    """Which step of a deal a transfer claim describes (from dataset 2.0.0)."""

    #: The order, contract or licence: its year and the number ordered.
    AGREED = "agreed"
    #: What arrived: the delivery years and the number delivered.
    DELIVERED = "delivered"


class Evidence(enum.Enum):
    """What a quote is evidence of (`Citation.supports`, from dataset 2.0.0)."""

    NAME = "name"
    CLASSIFICATION = "classification"
    ORIGIN = "origin"
    RELATION = "relation"
    TRANSFER = "transfer"
    PARTIES = "parties"
    PERIOD = "period"
    QUANTITY = "quantity"
    CONTEXT = "context"


class SourceKind(enum.Enum):
    """What kind of document a source is (from dataset 2.0.0); see `SourceKind.weak`."""

    ENCYCLOPAEDIA = "encyclopaedia"
    REFERENCE = "reference"
    GOVERNMENT = "government"
    INTERGOVERNMENTAL = "intergovernmental"
    THINK_TANK = "think_tank"
    ACADEMIC = "academic"
    ARCHIVE = "archive"
    PRESS = "press"
    WIRE = "wire"
    BLOG = "blog"
    FORUM = "forum"
    QA = "qa"
    SOCIAL = "social"
    MIRROR = "mirror"
    SHOP = "shop"
    WIKI = "wiki"

    @property
    def weak(self) -> bool:
        """Whether the kind is weak evidence: blogs, forums, Q&A, social media, mirrors, shops
        and user-edited wikis. No claim from 2.0.0 on is `Confidence.STATED` on these alone.
        """
        return self in _WEAK_KINDS


_WEAK_KINDS: Final = frozenset(
    {
        SourceKind.BLOG,
        SourceKind.FORUM,
        SourceKind.QA,
        SourceKind.SOCIAL,
        SourceKind.MIRROR,
        SourceKind.SHOP,
        SourceKind.WIKI,
    }
)


class Table(enum.Enum):
    """Which file a withdrawn id belonged to (`Tombstone.record`)."""

    SYSTEM = "system"
    DERIVATION = "derivation"
    TRANSFER = "transfer"
    SOURCE = "source"
    ERA = "era"


@attrs.frozen(kw_only=True, weakref_slot=False)
class Citation:
    """A source's id and a short verbatim quote from it that supports the claim.

    Attributes:
        source: The cited source's id.
        quote: The source's own words, verbatim.
        translation: The dataset curators' English rendering of a quote that is not in
            English: the dataset's translation, not the source's words. ``None`` for an
            English quote, and in versions before 2.0.0.
        supports: What the quote is evidence of; empty in versions before 2.0.0.
    """

    source: str
    quote: str
    translation: str | None = None
    supports: tuple[Evidence, ...] = ()

    def _repr_html_(self) -> str:
        from ._html import record_html

        return record_html(self)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Source:
    """A document the dataset quotes.

    ``author``, ``year`` and ``url`` are ``None`` when the document does not show them.
    ``retrieved`` is the ISO date on which the quoted copy was read. From dataset 2.0.0 on,
    ``kind`` says what kind of document it is, ``language`` is the page's ISO 639-1 code,
    ``date`` is its publication date as far as the page shows it (``"2019"``, ``"2019-05"``,
    ``"2019-05-14"``), and ``copy_of`` names the work that a mirror or a repost copies; each
    is ``None`` in earlier versions.
    """

    id: str
    title: str
    publisher: str
    author: str | None
    year: int | None
    url: str | None
    retrieved: str | None = None
    note: str | None = None
    kind: SourceKind | None = None
    language: str | None = None
    date: str | None = None
    copy_of: str | None = None

    def _repr_html_(self) -> str:
        from ._html import record_html

        return record_html(self)


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

    def _repr_html_(self) -> str:
        from ._html import record_html

        return record_html(self)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Period:
    """The years of a transfer, inclusive; ``end`` is ``None`` while it is ongoing.

    ``start`` is ``None`` when the source gives only the latest year ("by 1952", "no later
    than 1979", from dataset 2.0.0): the transfer happened in ``end`` or before, and the
    queries place it at ``end`` (see `first`). ``approximate`` is true when the source is
    vague ("mid-1960s"), and ``as_printed`` keeps the source's own words.
    """

    start: int | None = None
    end: int | None
    approximate: bool = False
    as_printed: str | None = None

    @property
    def first(self) -> int:
        """The first year the period names: ``start``, or ``end`` when only that is given."""
        first = self.start if self.start is not None else self.end
        if first is None:  # the validator refuses such a period: only hand-built ones get here
            raise ValueError("a period names at least one year: its start or its end")
        return first

    def overlaps(self, start: int, end: int | None) -> bool:
        """Whether the period shares a year with ``start`` to ``end`` (``None``: ongoing)."""
        return (end is None or self.first <= end) and (self.end is None or self.end >= start)


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
    money, personnel). Each transfer is one source's claim; the claims that describe one flow
    share a ``deal`` (see `Deal`). In versions before 2.0.0, which record no deals, each
    transfer is its own deal and ``stage`` is ``None``.
    """

    id: str
    deal: str = attrs.field(default=attrs.Factory(lambda self: self.id, takes_self=True))
    stage: Stage | None = None
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

    def _repr_html_(self) -> str:
        from ._html import record_html

        return record_html(self)


#: How an estimate shows each qualifier before its number.
_QUALIFIER_WORDS: Final = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "about ",
    Qualifier.MORE_THAN: "over ",
    Qualifier.UP_TO: "up to ",
    Qualifier.UNSPECIFIED: "",
}


@attrs.frozen(kw_only=True, weakref_slot=False)
class Deal:
    """One flow of goods, money or people, with every claim made about it.

    Sources often tell one flow in different figures or years; each telling is a `Transfer`
    claim, and the claims of one flow share this deal. Count flows by deals, never by claims.

    Attributes:
        id: The deal's id (in versions before 2.0.0, the id of its one transfer).
        claims: The transfer claims, ordered by start year, then id.
    """

    id: str
    claims: tuple[Transfer, ...] = attrs.field(
        repr=lambda claims: "(" + ", ".join(repr(c.id) for c in claims) + ")"
    )

    @property
    def item(self) -> str:
        """What moved: the words of each of its claims, each once, in claim order."""
        return "; ".join(dict.fromkeys(c.item for c in self.claims))

    @property
    def system(self) -> System | None:
        """The system that moved, or ``None`` for goods that are no one system."""
        return self.claims[0].system

    @property
    def supplier(self) -> Country:
        return self.claims[0].supplier

    @property
    def recipient(self) -> Country:
        return self.claims[0].recipient

    @property
    def kind(self) -> TransferKind:
        """What moved, by the deal's first claim."""
        return self.claims[0].kind

    @property
    def start(self) -> int:
        """The earliest year any claim names."""
        return min(c.period.first for c in self.claims)

    @property
    def end(self) -> int | None:
        """The latest year any claim names; ``None`` when a claim is still under way."""
        ends = [c.period.end for c in self.claims]
        return None if None in ends else max(e for e in ends if e is not None)

    @property
    def confidence(self) -> Confidence:
        """The firmest confidence of its claims: the flow is as certain as its best source."""
        return min((c.confidence for c in self.claims), key=lambda c: c.rank)

    def estimates(self, stage: Stage = Stage.DELIVERED) -> tuple[int | None, int | None]:
        """The lowest and highest number that the claims print for one stage of the deal.

        Claims that record no stage (versions before 2.0.0) count as deliveries. ``(None,
        None)`` when no claim of that stage prints a number.
        """
        values = [q.value for q in self._counted(stage) if q.value is not None]
        return (min(values), max(values)) if values else (None, None)

    def _counted(self, stage: Stage) -> list[Quantity]:
        """The quantities that the claims of one stage print a number for."""
        return [
            c.quantity
            for c in self.claims
            if c.quantity.value is not None and (c.stage or Stage.DELIVERED) is stage
        ]

    def estimate(self, stage: Stage = Stage.DELIVERED) -> str | None:
        """The estimates in words, each end with its source's qualifier: ``"over 1,000 tanks"``,
        ``"37 to about 250 tanks"``; ``None`` when no claim of that stage prints a number.
        """
        valued = self._counted(stage)
        if not valued:
            return None
        low = min(valued, key=lambda q: (q.value, q.qualifier is not Qualifier.MORE_THAN))
        high = max(valued, key=lambda q: (q.value, q.qualifier is Qualifier.MORE_THAN))
        units = "/".join(sorted({q.unit for q in valued}))

        def words(q: Quantity) -> str:
            return f"{_QUALIFIER_WORDS[q.qualifier]}{q.value:,}"

        span = words(low) if words(low) == words(high) else f"{words(low)} to {words(high)}"
        return f"{span} {units}"

    def _repr_html_(self) -> str:
        from ._html import record_html

        return record_html(self)


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
    """An id withdrawn in a later dataset version, and its successor if it has one.

    ``record`` says which file the id belonged to (a system, unless it says otherwise); the
    successor is an id of the same file.
    """

    id: str
    successor: str | None
    reason: str
    since: str
    record: Table = Table.SYSTEM


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


class Records(NamedTuple):
    """One dataset version's records, one tuple a file, in file order.

    Internal, so a named tuple: creating one at import costs about a sixth of an attrs class.
    """

    sources: tuple[Source, ...]
    systems: tuple[System, ...]
    derivations: tuple[Derivation, ...]
    transfers: tuple[Transfer, ...]
    eras: tuple[Era, ...]
    tombstones: tuple[Tombstone, ...]
