"""The data schema: every field of every record, every value of every vocabulary, explained.

`schema_markdown` writes the tables from the classes themselves (`attrs.fields`, the enums'
members) and takes the words from the tables below; the docs build writes the result to
``data/_schema.md``, which ``reference/schema.md`` includes. The build fails when a field or a
value has no words here, or when words are left for one that no longer exists, so the page
cannot fall behind the code.
"""

from __future__ import annotations

import enum
import json
import types
import typing
from importlib.resources import files
from typing import Any, Final

import attrs

import soviet_dprk as sd

#: Each data file and the record it holds, in the order the loader reads them.
FILES: Final = (
    ("sources.json", sd.Source),
    ("systems.json", sd.System),
    ("derivations.json", sd.Derivation),
    ("transfers.json", sd.Transfer),
    ("eras.json", sd.Era),
    ("tombstones.json", sd.Tombstone),
)
#: Objects nested in records.
NESTED: Final = (sd.Citation, sd.Period, sd.Quantity)

#: Words for the keys of each file's `meta` header.
META: Final = {
    "dataset": "The dataset's name, `soviet_dprk`.",
    "version": "The dataset version the file belongs to.",
    "holds": "What the file's records are.",
    "scope": "What the dataset version covers and how its claims were read.",
    "licence": "The licence of the data and of the quotes.",
}

_SYSTEM_NOTE = "How the data reads its sources, where that needs saying; `null` otherwise."

#: Words for every field: (class, field) -> Markdown.
FIELDS: Final[dict[tuple[type, str], str]] = {
    (sd.Source, "id"): "Stable identifier that citations name in their `source`.",
    (sd.Source, "title"): "The document's title.",
    (sd.Source, "publisher"): "Who published it (a site, a newspaper, a publisher).",
    (sd.Source, "author"): "Its author; `null` when the document does not show one.",
    (sd.Source, "year"): "Its year; `null` when the document does not show one.",
    (sd.Source, "url"): "Where it was read; `null` when it has no address.",
    (sd.Source, "retrieved"): "The ISO date on which the quoted copy was read.",
    (sd.Source, "note"): "Anything a reader of the source should know; `null` otherwise.",
    (sd.Source, "kind"): "What kind of document it is (from 2.0.0; `null` before): weak kinds "
    "(blogs, forums, Q&A, social media, mirrors, shops, user-edited wikis) never carry a "
    "`stated` claim alone.",
    (sd.Source, "language"): "The page's language, an ISO 639-1 code (from 2.0.0).",
    (sd.Source, "date"): "Its publication date as far as the page shows it: `YYYY`, `YYYY-MM` "
    "or `YYYY-MM-DD` (from 2.0.0); `null` when it shows none. Never the date of an event.",
    (sd.Source, "copy_of"): "For a mirror, a repost or a staging copy: the work it copies "
    "(from 2.0.0); `null` otherwise.",
    (sd.Citation, "source"): "The `id` of a source of the same dataset version.",
    (sd.Citation, "quote"): "A short verbatim quote from that source that supports the claim, "
    "in the source's language.",
    (sd.Citation, "translation"): "The dataset curators' English rendering of a quote that is "
    "not in English (from 2.0.0): the dataset's translation, never the source's words; `null` "
    "for an English quote.",
    (sd.Citation, "supports"): "What the quote is evidence of (from 2.0.0; empty before): a "
    "name, a classification, an origin, a relation, a transfer, its parties, period or "
    "quantity, or context.",
    (sd.System, "id"): "Stable kebab-case identifier (`t-62`); never reused for another "
    "system. A withdrawn id leaves a tombstone.",
    (sd.System, "name"): "The commonest English designation (`T-62`).",
    (sd.System, "aliases"): "Other names that denote this system and no other: designations, "
    "reporting names, names in other scripts.",
    (sd.System, "shared_names"): "Names that denote this system among others; a lookup by one "
    "of them alone raises {exc}`~soviet_dprk.AmbiguousNameError`.",
    (sd.System, "category"): "What kind of equipment it is.",
    (sd.System, "origin"): "The country that designed or produced this designation.",
    (sd.System, "citations"): "Sources for the system and its classification (at least one).",
    (sd.System, "note"): _SYSTEM_NOTE,
    (sd.Derivation, "id"): "Stable identifier of the lineage edge.",
    (sd.Derivation, "child"): "The `id` of the system that derives from the parent.",
    (sd.Derivation, "parent"): "The `id` of the system it derives from.",
    (sd.Derivation, "relation"): "How the child derives from the parent.",
    (sd.Derivation, "confidence"): "How firmly the cited sources make the claim.",
    (sd.Derivation, "citations"): "Sources for the claim (at least one).",
    (sd.Derivation, "note"): _SYSTEM_NOTE,
    (sd.Derivation, "depth"): "Not in the files: 1 for a stored edge. The transitive queries "
    "return edges whose `depth` counts the steps from the system asked about.",
    (sd.Transfer, "id"): "Stable identifier of the transfer claim.",
    (sd.Transfer, "deal"): "The deal (one flow) the claim belongs to: claims of one flow share "
    "it, so a count of flows counts each deal once. Before 2.0.0 each claim is its own deal.",
    (sd.Transfer, "stage"): "Whether the claim is of the order or licence (`agreed`) or of what "
    "arrived (`delivered`); `null` before 2.0.0.",
    (sd.Transfer, "item"): "What moved, in the words of the data (`T-34 tanks`).",
    (sd.Transfer, "system"): "The `id` of the system that moved; `null` for goods the "
    "sources do not name as one system (small firearms, money, personnel).",
    (sd.Transfer, "supplier"): "The country it came from.",
    (sd.Transfer, "recipient"): "The country it went to.",
    (sd.Transfer, "kind"): "What moved.",
    (sd.Transfer, "period"): "When: a period object.",
    (sd.Transfer, "quantity"): "How much: a quantity object.",
    (sd.Transfer, "confidence"): "How firmly the cited sources make the claim.",
    (sd.Transfer, "citations"): "Sources for the claim (at least one).",
    (sd.Transfer, "note"): _SYSTEM_NOTE,
    (sd.Period, "start"): "The first year, inclusive; from 2.0.0 left out (`null`) when the "
    "source gives only the latest year (`by 1952`).",
    (sd.Period, "end"): "The last year, inclusive; `null` while the transfer is ongoing.",
    (sd.Period, "approximate"): "`true` when the source is vague (`mid-1960s`).",
    (sd.Period, "as_printed"): "The source's own words for the time.",
    (sd.Quantity, "value"): "The number; `null` when the source prints no usable number.",
    (sd.Quantity, "qualifier"): "How the source qualifies the number.",
    (sd.Quantity, "unit"): "What is counted (`units`, `rubles`).",
    (sd.Quantity, "as_printed"): "The figure exactly as the source prints it, typos included; "
    "`null` when it prints none.",
    (sd.Era, "id"): "Stable identifier of the era (`khrushchev-pall`).",
    (sd.Era, "name"): "The era's name.",
    (sd.Era, "start"): "Its first year, inclusive.",
    (sd.Era, "end"): "Its last year, inclusive; `null` for an ongoing era.",
    (sd.Era, "approximate"): "`true` when the sources date its boundaries only vaguely.",
    (sd.Era, "summary"): "What happened in it, in a sentence or two.",
    (sd.Era, "citations"): "Sources for its boundaries and summary (at least one).",
    (sd.Tombstone, "id"): "An `id` withdrawn in this dataset version.",
    (sd.Tombstone, "successor"): "The `id` of the record of the same file that replaces it (for "
    "a system, lookups of the old id lead to it); `null` when nothing replaces it.",
    (sd.Tombstone, "record"): "Which file the id belonged to: a system unless it says otherwise.",
    (sd.Tombstone, "reason"): "Why it was withdrawn.",
    (sd.Tombstone, "since"): "The dataset version that withdrew it.",
}

#: Words for every value of every vocabulary: member -> Markdown.
VALUES: Final[dict[enum.Enum, str]] = {
    sd.Confidence.STATED: "The source says it flatly.",
    sd.Confidence.REPORTED: 'The source hedges ("reportedly", "thought to be").',
    sd.Confidence.DISPUTED: "Sources disagree, and each claim is kept with its source.",
    sd.Confidence.INFERRED: "Never a record's: an answer of `origin_of` that no cited claim "
    "supports, inferred from the system's origin alone.",
    sd.Relation.LICENSED_PRODUCTION: "The child is the parent built under licence.",
    sd.Relation.COPY: "The child copies the parent, reverse engineering included.",
    sd.Relation.MODELED_AFTER: "The child was developed from the parent: based on it, "
    "or an improved or modified version of it.",
    sd.Relation.DESIGN_INFLUENCE: "The parent influenced the child's design.",
    sd.Relation.VARIANT: "The child is a version of the parent within the same family.",
    sd.Relation.COMPONENT: "The child is built on the parent's chassis, hull, engine or "
    "airframe (from 2.0.0).",
    sd.Acquisition.DELIVERED: "A foreign design (its `origin` is not the DPRK): the DPRK "
    "received it.",
    sd.Acquisition.LICENSED_PRODUCTION: "A DPRK design with a direct `licensed_production` edge.",
    sd.Acquisition.COPIED: "A DPRK design with a direct `copy` edge and no "
    "`licensed_production` one.",
    sd.Acquisition.INFLUENCED: "A DPRK design with a direct `modeled_after` or "
    "`design_influence` edge and neither of the above, or a variant of a foreign design.",
    sd.Acquisition.COMPONENT: "A DPRK design with a direct `component` edge and none of the "
    "above: built on a foreign chassis, hull, engine or airframe.",
    sd.Acquisition.INDIGENOUS: "A DPRK design with no parent in the data; its confidence is "
    "`inferred`. (A variant of a DPRK design takes that design's acquisition.)",
    sd.TransferKind.DELIVERY: "Finished equipment.",
    sd.TransferKind.LICENCE: "A licence to produce.",
    sd.TransferKind.KITS: "Kits or parts to assemble.",
    sd.TransferKind.TECHNOLOGY: "Technology, designs or technical data.",
    sd.TransferKind.FUNDING: "Money.",
    sd.TransferKind.PERSONNEL: "People: advisers, pilots, soldiers, workers.",
    sd.Qualifier.EXACT: "The source gives the number exactly.",
    sd.Qualifier.ABOUT: "About the number.",
    sd.Qualifier.MORE_THAN: "More than the number.",
    sd.Qualifier.UP_TO: "Up to the number.",
    sd.Qualifier.UNSPECIFIED: "No usable number; `value` is `null`.",
    sd.Country.USSR: "The Soviet Union: designs and transfers up to 1991.",
    sd.Country.RUSSIA: "Russia: designs and transfers after 1991.",
    sd.Country.CHINA: "China.",
    sd.Country.DPRK: "North Korea, the Democratic People's Republic of Korea.",
    sd.Country.CZECHOSLOVAKIA: "Czechoslovakia.",
    sd.Country.POLAND: "Poland.",
    sd.Country.EGYPT: "Egypt.",
    sd.Country.IRAN: "Iran.",
    sd.Country.SYRIA: "Syria.",
    sd.Country.LIBYA: "Libya.",
    sd.Country.YEMEN: "Yemen.",
    sd.Country.CUBA: "Cuba.",
    sd.Country.VIETNAM: "Vietnam (the Socialist Republic, from 1976).",
    sd.Country.NORTH_VIETNAM: "North Vietnam, the Democratic Republic of Vietnam (to 1976).",
    sd.Country.PAKISTAN: "Pakistan.",
    sd.Country.MYANMAR: "Myanmar.",
    sd.Country.KAZAKHSTAN: "Kazakhstan.",
    sd.Country.AFGHANISTAN: "Afghanistan.",
    sd.Country.YUGOSLAVIA: "Yugoslavia.",
    sd.Country.USA: "The United States.",
    sd.Country.GERMANY: "Germany.",
    sd.Country.BELGIUM: "Belgium.",
    sd.Country.HEZBOLLAH: "Hezbollah, the Lebanese armed group (no ISO code).",
    sd.Country.HAMAS: "Hamas, the Palestinian armed group (no ISO code).",
    sd.Country.AFGHAN_MUJAHIDEEN: "The Afghan mujahideen, the armed groups of the 1980s "
    "(no ISO code).",
    sd.Country.RUSSIAN_EMPIRE: "The Russian Empire (to 1917), designer of arms that the Soviet "
    "Union and the DPRK went on using (no ISO code: it ended before ISO 3166 began).",
    sd.Country.OTHER: "Before 2.0.0 only: any other party (the record's note or quote names it).",
    sd.Evidence.NAME: "A designation or alias of the system.",
    sd.Evidence.CLASSIFICATION: "What kind of equipment it is.",
    sd.Evidence.ORIGIN: "Who designed or produced it.",
    sd.Evidence.RELATION: "A lineage claim.",
    sd.Evidence.TRANSFER: "That something moved, and what.",
    sd.Evidence.PARTIES: "Who supplied it or received it.",
    sd.Evidence.PERIOD: "When.",
    sd.Evidence.QUANTITY: "How many.",
    sd.Evidence.CONTEXT: "Background for a note or an era's summary.",
    sd.SourceKind.ENCYCLOPAEDIA: "An encyclopaedia (Wikipedia in any language, Britannica).",
    sd.SourceKind.REFERENCE: "An established defence reference (GlobalSecurity, Military "
    "Today, Army Recognition, Jane's).",
    sd.SourceKind.GOVERNMENT: "A government body or its report.",
    sd.SourceKind.INTERGOVERNMENTAL: "An intergovernmental body (the UN, the IAEA).",
    sd.SourceKind.THINK_TANK: "A think tank (CSIS, 38 North, NTI, Carnegie).",
    sd.SourceKind.ACADEMIC: "An academic work.",
    sd.SourceKind.ARCHIVE: "An archive of documents (Wilson Center, CIA reading room).",
    sd.SourceKind.PRESS: "A newspaper, magazine or broadcaster.",
    sd.SourceKind.WIRE: "A news agency (Yonhap, AP, Reuters, AFP).",
    sd.SourceKind.BLOG: "A blog. Weak.",
    sd.SourceKind.FORUM: "A forum. Weak.",
    sd.SourceKind.QA: "A question-and-answer site. Weak.",
    sd.SourceKind.SOCIAL: "Social media. Weak.",
    sd.SourceKind.MIRROR: "A copy of another work (`copy_of` names it). Weak.",
    sd.SourceKind.SHOP: "A shop. Weak.",
    sd.SourceKind.WIKI: "A user-edited wiki with no editorial control (Namu Wiki). Weak.",
    sd.Stage.AGREED: "The order, contract or licence: its year and the number ordered.",
    sd.Stage.DELIVERED: "What arrived: the delivery years and the number delivered.",
    sd.Table.SYSTEM: "A system.",
    sd.Table.DERIVATION: "A lineage edge.",
    sd.Table.TRANSFER: "A transfer claim.",
    sd.Table.SOURCE: "A source.",
    sd.Table.ERA: "An era.",
}

#: Categories read as their words; only these need more.
CATEGORY_WORDS: Final = {
    sd.Category.MANPADS: "man-portable air-defence system",
    sd.Category.ENGINE: "rocket or aircraft engine (from 2.1.0)",
    sd.Category.RADAR: "radar (from 2.1.0)",
    sd.Category.SPACE_LAUNCH_VEHICLE: "space launch vehicle (from 2.1.0)",
    sd.Category.UTILITY_VEHICLE: "unarmoured tractor or truck (from 2.1.0)",
    sd.Category.EARLY_WARNING_AIRCRAFT: "airborne early warning aircraft (from 2.3.0)",
    sd.Category.UNMANNED_AIRCRAFT: "drone, reusable or expendable (from 2.3.0)",
    sd.Category.AIR_TO_AIR_MISSILE: "air-to-air missile (from 2.3.0)",
}


def _enums() -> list[type[enum.Enum]]:
    return [
        getattr(sd, n)
        for n in sd.__all__
        if isinstance(getattr(sd, n), type) and issubclass(getattr(sd, n), enum.Enum)
    ]


def value_words(member: enum.Enum) -> str:
    if isinstance(member, sd.Category):
        return CATEGORY_WORDS.get(member, member.value.replace("_", " ")).capitalize() + "."
    return VALUES[member]


def check_complete() -> None:
    """Fail when the words above and the code disagree about which fields and values exist."""
    fields = {(cls, f.name) for _, cls in FILES for f in attrs.fields(cls)}
    fields |= {(cls, f.name) for cls in NESTED for f in attrs.fields(cls)}
    missing = sorted(f"{c.__name__}.{n}" for c, n in fields - FIELDS.keys())
    stale = sorted(f"{c.__name__}.{n}" for c, n in FIELDS.keys() - fields)
    members = {m for e in _enums() if e is not sd.Category for m in e}
    missing += sorted(str(m) for m in members - VALUES.keys())
    stale += sorted(str(m) for m in VALUES.keys() - members)
    if missing or stale:
        raise ValueError(
            f"docs/_ext/sd_schema.py is out of step with soviet_dprk: no words for {missing}; "
            f"words for what no longer exists: {stale}"
        )


def json_type(cls: type, field: attrs.Attribute[Any]) -> str:
    """The JSON type of a field, in words, with links to the vocabularies."""
    hint = typing.get_type_hints(cls)[field.name]
    args = typing.get_args(hint)
    nullable = typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args
    if nullable:
        (hint,) = [a for a in args if a is not type(None)]
    item = typing.get_args(hint)[0] if typing.get_origin(hint) is tuple else None
    if hint is sd.System:
        shown = "string: a system `id`"
    elif hint is str:
        shown = "string"
    elif hint is int:
        shown = "integer"
    elif hint is bool:
        shown = "`true` or `false`"
    elif item is str:
        shown = "list of strings"
    elif item in NESTED:
        shown = f"list of {{ref}}`{item.__name__.lower()} objects <{anchor(item)}>`"
    elif isinstance(item, type) and issubclass(item, enum.Enum):
        shown = f"list of strings: values of {{ref}}`{item.__name__} <{anchor(item)}>`"
    elif isinstance(hint, type) and issubclass(hint, enum.Enum):
        shown = f"string: a value of {{ref}}`{hint.__name__} <{anchor(hint)}>`"
    elif hint in NESTED:
        shown = f"{{ref}}`{hint.__name__.lower()} object <{anchor(hint)}>`"
    else:
        raise TypeError(f"{cls.__name__}.{field.name}: no JSON type for {hint!r}")
    return shown + (", or `null`" if nullable else "")


def anchor(cls: type) -> str:
    """The label of a record's or a vocabulary's section on the schema page."""
    return f"schema-{cls.__name__.lower()}"


def _presence(field: attrs.Attribute[Any]) -> str:
    if field.default is attrs.NOTHING:
        return "required"
    if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        return "may be left out (the record's own `id`)"
    return f"may be left out (`{json.dumps(_plain(field.default))}`)"


def _plain(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    return list(value) if isinstance(value, tuple) else value


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _record_table(cls: type) -> list[str]:
    lines = ["| key | JSON type | meaning |", "|---|---|---|"]
    for field in attrs.fields(cls):
        meaning = FIELDS[(cls, field.name)]
        stored = not (cls is sd.Derivation and field.name == "depth")
        presence = _presence(field) if stored else "not stored"
        lines.append(
            f"| `{field.name}` | {_cell(json_type(cls, field))}; {presence} | {_cell(meaning)} |"
        )
    return [*lines, ""]


def _meta_keys() -> list[str]:
    newest = sd.versions()[-1]
    keys: dict[str, None] = {}
    for name, _ in FILES:
        raw = (files("soviet_dprk") / "data" / newest / name).read_text(encoding="utf-8")
        keys.update(dict.fromkeys(json.loads(raw)["meta"]))
    unknown = sorted(set(keys) - META.keys())
    if unknown:
        raise ValueError(f"docs/_ext/sd_schema.py has no words for meta keys {unknown}")
    return list(keys)


def _first_line(obj: object) -> str:
    return (getattr(obj, "__doc__", None) or "").strip().splitlines()[0]


def schema_markdown() -> str:
    """The Markdown of the schema's sections: files, nested objects and vocabularies."""
    check_complete()
    lines = [
        "## Files and records",
        "",
        (
            "Each dataset version is a folder `data/<version>/` in the installed package with "
            "these files, read in this order. Each file is a JSON object with two keys: `meta`, "
            "a header that says what the file holds, and `records`, a list of objects."
        ),
        "",
        "| `meta` key | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{key}` | {_cell(META[key])} |" for key in _meta_keys()]
    lines.append("")
    for name, cls in FILES:
        lines += [
            f"({anchor(cls)})=",
            f"### `{name}`: {{class}}`~soviet_dprk.{cls.__name__}`",
            "",
            _first_line(cls),
            "",
        ]
        lines += _record_table(cls)
    lines += ["## Nested objects", ""]
    for cls in NESTED:
        lines += [
            f"({anchor(cls)})=",
            f"### {{class}}`~soviet_dprk.{cls.__name__}`",
            "",
            _first_line(cls),
            "",
        ]
        lines += _record_table(cls)
    lines += ["## Vocabularies", "", "Every closed vocabulary, with the values the files hold.", ""]
    for vocabulary in _enums():
        lines += [
            f"({anchor(vocabulary)})=",
            f"### {{class}}`~soviet_dprk.{vocabulary.__name__}`",
            "",
            _first_line(vocabulary),
            "",
            "| value | meaning |",
            "|---|---|",
        ]
        lines += [f"| `{m.value}` | {_cell(value_words(m))} |" for m in vocabulary]
        lines.append("")
    lines += _rules()
    return "\n".join(lines)


def _rules() -> list[str]:
    """The validator's own rules, with the first dataset version each binds."""
    from soviet_dprk._validate import RULES

    lines = [
        "## Rules",
        "",
        (
            "The rules the validator holds a version to after its records are structured, in "
            "the order it checks them; a rule binds the versions from its first one on."
        ),
        "",
        "| from version | rule |",
        "|---|---|",
    ]
    lines += [f"| {rule.since} | {_cell(rule.requires)} |" for rule in RULES]
    return [*lines, ""]
