"""Pages and pictures generated from the shipped data when the docs build starts.

``docs/data/`` is written here and nowhere else (it is not in git): an overview of the dataset
versions, one page per version (systems by category and era, eras, sources, pictures) and one
page per system and version (its origin, its own lineage diagram, transfers and every quote).
All text about the data comes from the data, through the public API, or from the data files'
own ``meta`` headers.

Free text from the data goes through `md`, which backslash-escapes every ASCII punctuation
character (CommonMark allows that for all of them), so no quote or note can be read as markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any, Final

from docutils.statemachine import StringList
from sd_pictures import (
    era_counts_svg,
    legend_dot,
    lineage_dot,
    render_dot,
    timeline_svg,
    write_if_changed,
)
from sd_schema import schema_markdown
from sphinx.application import Sphinx
from sphinx.directives.other import TocTree
from sphinx.util import logging
from sphinx.util.matching import patfilter

import soviet_dprk as sd

LOG: Final = logging.getLogger(__name__)
#: The folder, below the docs source folder, that this module owns.
GENERATED: Final = "data"
_PUNCTUATION: Final = re.compile(r"([!-/:-@\[-`{-~])")
_DASH: Final = "\u2013"


def md(text: object) -> str:
    """Inline Markdown that shows ``text`` exactly: whitespace folded, punctuation escaped."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def cell(text: object) -> str:
    """A table cell: like `md`, and never empty (an empty cell can end a table row early)."""
    shown = md(text)
    return shown if shown else " "


def link(text: str, target: str) -> str:
    """A Markdown link whose text is shown exactly; ``target`` is a URL or a relative path."""
    return f"[{md(text)}](<{target}>)"


def words(value: Any) -> str:
    """An enum value as words: ``licensed_production`` becomes ``licensed production``."""
    label = getattr(value, "label", None)
    return label if isinstance(label, str) else str(value.value).replace("_", " ")


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A Markdown table; cells must already be Markdown (see `cell`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def meta(version: str, name: str) -> dict[str, Any]:
    """The ``meta`` header of one shipped data file (what it holds, scope, licence)."""
    raw = (files("soviet_dprk") / "data" / version / name).read_text(encoding="utf-8")
    header = json.loads(raw)["meta"]
    if not isinstance(header, dict):
        raise TypeError(f"{version}/{name}: meta is not an object")
    return header


def label(version: str, kind: str, record_id: str) -> str:
    """A Sphinx label for one record on a version's page (unique across versions)."""
    return f"sd-{version}-{kind}-{record_id}"


def source_refs(version: str, citations: Iterable[sd.Citation]) -> str:
    """Links to the cited sources on the version's page, each once, in citation order."""
    ids = dict.fromkeys(c.source for c in citations)
    return ", ".join(f"{{ref}}`{s} <{label(version, 'source', s)}>`" for s in ids) or " "


def years(period: sd.Period) -> str:
    if period.start is None:
        span = f"by {period.end}"
    elif period.end == period.start:
        span = str(period.start)
    else:
        span = f"{period.start}{_DASH}{'' if period.end is None else period.end}"
    return ("c. " if period.approximate else "") + span


def era_years(era: sd.Era) -> str:
    end = "" if era.end is None else str(era.end)
    return ("c. " if era.approximate else "") + f"{era.start}{_DASH}{end}"


def quantity(transfer: sd.Transfer) -> str:
    q = transfer.quantity
    if q.as_printed is None:
        return "not given"
    shown = f"{q.as_printed} {q.unit}"
    return shown if q.value is not None else f"{shown} (no number parsed)"


# -- the pages -----------------------------------------------------------------------------------


class Site:
    """Everything generated for the docs: Markdown pages and SVG pictures, by relative path."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.versions = sd.versions()
        self.latest = self.versions[-1]
        self.data = {v: sd.load(v) for v in self.versions}

    # paths, relative to the docs source folder
    @staticmethod
    def system_doc(version: str, system_id: str) -> str:
        return f"{GENERATED}/{version}/systems/{system_id}"

    @staticmethod
    def picture(name: str) -> str:
        return f"{GENERATED}/pictures/{name}.svg"

    @staticmethod
    def image_url(name: str) -> str:
        """Where Sphinx's HTML builder puts a picture, relative to the site's root."""
        return f"_images/{name}.svg"

    def system_url_from_images(self, version: str) -> dict[str, str]:
        """Links to each system page, relative to the folder Sphinx copies images into."""
        return {
            s.id: f"../{self.system_doc(version, s.id)}.html" for s in self.data[version].systems
        }

    def build(self, cards: set[str]) -> dict[str, str]:
        self.files = {}
        for version in self.versions:
            self.pictures(version)
            self.version_page(version, cards)
            for system in self.data[version].systems:
                self.system_page(version, system)
        self.files[f"{GENERATED}/index.md"] = self.index_page(cards)
        self.files[f"{GENERATED}/transfers.md"] = self.transfers_page()
        self.files[f"{GENERATED}/gaps.md"] = self.gaps_page(cards)
        # Included by reference/schema.md; not a page of its own (see exclude_patterns).
        self.files[f"{GENERATED}/_schema.md"] = schema_markdown()
        # The newest version's pictures under fixed names, for the hand-written pages.
        for name in ("lineage", "timeline", "eras", "legend"):
            self.files[self.picture(name)] = self.files[self.picture(f"{name}-{self.latest}")]
        return self.files

    def pictures(self, version: str) -> None:
        data = self.data[version]
        countries = sorted({s.origin for s in data.systems}, key=list(sd.Country).index)
        self.files[self.picture(f"legend-{version}")] = render_dot(legend_dot(countries))
        self.files[self.picture(f"lineage-{version}")] = render_dot(
            lineage_dot(
                data.derivations,
                url_for=self.system_url_from_images(version),
                name=f"lineage {version}",
            )
        )
        self.files[self.picture(f"timeline-{version}")] = timeline_svg(data)
        self.files[self.picture(f"eras-{version}")] = era_counts_svg(data)

    def counts(self, version: str) -> list[str]:
        data = self.data[version]
        return [
            str(len(data.systems)),
            str(len(data.derivations)),
            str(len(data.transfers)),
            str(len(data.eras)),
            str(len(data.sources)),
            str(len(data.tombstones)),
        ]

    def index_page(self, cards: set[str]) -> str:
        lines = [
            "# The data, version by version",
            "",
            (
                "Every dataset version shipped with this release of the package, generated from "
                "the data itself when these pages are built. A released version never changes "
                "(see {doc}`/explanation/versions`); "
                f"the newest is {md(self.latest)}, the one `soviet_dprk.load()` returns unless "
                "told otherwise."
            ),
            "",
        ]
        header = [
            "version",
            "systems",
            "lineage edges",
            "transfers",
            "eras",
            "sources",
            "withdrawn ids",
            "dataset card",
        ]
        rows = []
        for version in reversed(self.versions):
            card = f"[card](../datasets/{version}.md)" if version in cards else " "
            rows.append([link(version, f"{version}.md"), *self.counts(version), card])
        lines += table(header, rows)
        lines += ["The digest of each version, to record beside your results:", ""]
        lines += table(
            ["version", "digest"],
            ([md(v), f"`{self.data[v].digest}`"] for v in reversed(self.versions)),
        )
        lines += ["```{toctree}", ":maxdepth: 1", ""]
        lines += ["transfers", "gaps", *(f"{v}" for v in reversed(self.versions))]
        lines += ["```", ""]
        return "\n".join(lines)

    # -- transfers and known gaps, for the newest version --------------------------------------

    @staticmethod
    def estimate(deal: sd.Deal) -> str:
        shown = deal.estimate()
        if shown is None:
            printed = [c.quantity.as_printed for c in deal.claims if c.quantity.as_printed]
            return md("; ".join(dict.fromkeys(printed))) or "not given"
        return md(shown)

    def deal_rows(self, deals: Iterable[sd.Deal]) -> list[list[str]]:
        version = self.latest
        rows = []
        for deal in deals:
            end = "" if deal.end is None else deal.end
            span = str(deal.start) if deal.end == deal.start else f"{deal.start}{_DASH}{end}"
            rows.append(
                [
                    cell(span),
                    cell(f"{deal.supplier.label} \u2192 {deal.recipient.label}"),
                    cell(deal.item),
                    self.estimate(deal),
                    str(len(deal.claims)),
                    cell(deal.confidence.value),
                    source_refs(version, (c for t in deal.claims for c in t.citations)),
                ]
            )
        return rows

    def transfers_page(self) -> str:
        version = self.latest
        data = self.data[version]
        deals = sorted(data.deals, key=lambda d: (d.start, d.id))
        header = ["years", "from \u2192 to", "what", "estimate", "claims", "confidence", "sources"]
        lines = [
            f"# Transfers in dataset {md(version)}: deals by era and by supplier",
            "",
            (
                f"Sources often tell one flow in several claims, with different figures or years; "
                f"the claims of one flow share a deal, so the {len(deals)} deals below count each "
                f"flow once ({len(data.transfers)} transfer claims in all). The estimate is the "
                "lowest and highest number the claims print for what was delivered, each with its "
                "source's qualifier (over, about, up to); where no claim prints a number, the "
                "words they use. Ask the same with "
                "`soviet_dprk.find_transfers(..., deals=True)` or `soviet-dprk transfers --deals`."
            ),
            "",
            "## By era",
            "",
            "A deal counts in every era its years overlap.",
            "",
        ]
        for era in data.eras:
            inside = [
                d
                for d in deals
                if (era.end is None or d.start <= era.end) and (d.end is None or d.end >= era.start)
            ]
            lines += [f"### {md(era.name)} ({era_years(era)})", ""]
            lines += table(header, self.deal_rows(inside)) if inside else ["No deal.", ""]
        lines += ["## By supplier", ""]
        suppliers = sorted({d.supplier for d in deals}, key=list(sd.Country).index)
        for supplier in suppliers:
            mine = [d for d in deals if d.supplier is supplier]
            lines += [f"### From {md(supplier.label)} ({len(mine)} deals)", ""]
            lines += table(header, self.deal_rows(mine))
        return "\n".join(lines)

    def gaps_page(self, cards: set[str]) -> str:
        version = self.latest
        data = self.data[version]
        lines = [
            f"# Known gaps in dataset {md(version)}",
            "",
            (
                "What the data does not hold, from two places: what the answers themselves "
                "show (systems whose acquisition no claim supports), and what the notes and the "
                "dataset card say the curators could not source."
            ),
            "",
            "## Acquisitions that no claim supports",
            "",
            (
                "For these systems `origin_of` says `inferred`: no recorded transfer to the DPRK "
                "(for a foreign design) and no recorded lineage (for a DPRK design) says how the "
                "DPRK came to have it."
            ),
            "",
        ]
        rows = []
        for system in self.by_name(data.systems):
            origin = data.origin_of(system.id)
            if origin.confidence is sd.Confidence.INFERRED:
                rows.append(
                    [
                        f"{{doc}}`{md(system.name)} <{version}/systems/{system.id}>`",
                        cell(words(system.category)),
                        cell(system.origin.label),
                        cell(words(origin.acquisition)),
                    ]
                )
        lines += table(["system", "category", "origin", "acquisition (inferred)"], rows)
        lines += ["## What the notes say could not be sourced", ""]
        pattern = re.compile(
            r"could not|not (?:be )?(?:found|sourced)|no (?:source|quote)|unsourced", re.I
        )
        noted = [
            (kind, record)
            for kind, records in (
                ("system", data.systems),
                ("lineage edge", data.derivations),
                ("transfer", data.transfers),
            )
            for record in records
            if record.note and pattern.search(record.note)
        ]
        lines += [f"- {kind} `{record.id}`: {md(record.note)}" for kind, record in noted] or [
            "No note says so."
        ]
        lines.append("")
        if version in cards:
            lines += [
                "## The dataset card's list",
                "",
                f"See the known gaps in the [dataset card](../datasets/{version}.md).",
                "",
            ]
        return "\n".join(lines)

    def version_page(self, version: str, cards: set[str]) -> None:
        data = self.data[version]
        systems_meta = meta(version, "systems.json")
        lines = [
            f"# Dataset {md(version)}: the records",
            "",
            f"**Scope** (from the data files' header): {md(systems_meta.get('scope', ''))}",
            "",
            f"**Licence**: {md(systems_meta.get('licence', ''))}",
            "",
            f"**Digest**: `{data.digest}`"
            + (
                f" · **Dataset card**: [{md(version)}](../datasets/{version}.md)"
                if version in cards
                else ""
            ),
            "",
            "```{doctest}",
            ">>> import soviet_dprk",
            f'>>> soviet_dprk.load("{version}").digest',
            f"'{data.digest}'",
            "```",
            "",
        ]
        lines += table(
            ["systems", "lineage edges", "transfers", "eras", "sources", "withdrawn ids"],
            [self.counts(version)],
        )
        lines += self.confidence_table(data)
        lines += self.pictures_section(version)
        lines += self.eras_section(version)
        lines += self.systems_section(version)
        lines += self.matrix_section(version)
        lines += self.tombstones_section(version)
        lines += self.sources_section(version)
        self.files[f"{GENERATED}/{version}.md"] = "\n".join(lines)

    @staticmethod
    def by_name(systems: Iterable[sd.System]) -> list[sd.System]:
        return sorted(systems, key=lambda s: (s.name.casefold(), s.id))

    @staticmethod
    def confidence_table(data: sd.Dataset) -> list[str]:
        header = ["claims", *(c.value for c in sd.Confidence)]
        rows = [
            [
                "lineage edges",
                *(str(sum(d.confidence is c for d in data.derivations)) for c in sd.Confidence),
            ],
            [
                "transfers",
                *(str(sum(t.confidence is c for t in data.transfers)) for c in sd.Confidence),
            ],
        ]
        return [
            ("How firmly the sources make the claims (see {doc}`/explanation/confidence`):"),
            "",
            *table(header, rows),
        ]

    def pictures_section(self, version: str) -> list[str]:
        data = self.data[version]
        drawn = {d.child.id for d in data.derivations} | {d.parent.id for d in data.derivations}
        not_drawn = len(data.systems) - len(drawn)
        return [
            "## Pictures",
            "",
            (
                f"The lineage of the {len(drawn)} systems that have lineage edges in this "
                f"version ({not_drawn} systems without any are listed below but not drawn). An "
                "arrow points from a design to the design derived from it; in the SVG file each "
                "box links to the system's page. How to read it: {doc}`/lineage`."
            ),
            "",
            f"```{{figure}} pictures/legend-{version}.svg",
            f":alt: Legend of the lineage graphs of dataset {version}",
            f":target: ../{self.image_url(f'legend-{version}')}",
            "```",
            "",
            f"```{{figure}} pictures/lineage-{version}.svg",
            f":alt: Lineage graph of dataset {version}",
            f":target: ../{self.image_url(f'lineage-{version}')}",
            ":figclass: sd-wide",
            "",
            (
                f"Lineage edges of dataset {md(version)}: colour by the country of the design, "
                "line style by relation, line colour by confidence."
            ),
            "```",
            "",
            f"```{{figure}} pictures/eras-{version}.svg",
            f":alt: Number of transfers under way in each era of dataset {version}",
            f":target: ../{self.image_url(f'eras-{version}')}",
            ":figclass: sd-wide",
            "",
            "Transfers under way during each era (`Dataset.by_era`), by supplier.",
            "```",
            "",
            f"```{{figure}} pictures/timeline-{version}.svg",
            f":alt: Timeline of the eras and transfers of dataset {version}",
            f":target: ../{self.image_url(f'timeline-{version}')}",
            ":figclass: sd-wide",
            "",
            (
                "Every transfer's years, by supplier; dashed where the source dates it only "
                "approximately."
            ),
            "```",
            "",
        ]

    def eras_section(self, version: str) -> list[str]:
        data = self.data[version]
        rows = [
            [
                cell(e.name) + f" (`{e.id}`)",
                cell(era_years(e)),
                str(len(data.by_era(e))),
                cell(e.summary),
                source_refs(version, e.citations),
            ]
            for e in data.eras
        ]
        return [
            "## Eras",
            "",
            (
                "How the data divides the DPRK's arms relations into periods "
                "(see {doc}`/explanation/eras`), with the number of transfers under way in each."
            ),
            "",
            *table(["era", "years", "transfers", "summary", "sources"], rows),
        ]

    def system_eras(self, version: str) -> dict[str, list[sd.Era]]:
        """The eras during which each system moved in a transfer (by `Dataset.by_era`)."""
        data = self.data[version]
        found: dict[str, list[sd.Era]] = {}
        for era in data.eras:
            for transfer in data.by_era(era):
                if transfer.system is not None:
                    eras = found.setdefault(transfer.system.id, [])
                    if era not in eras:
                        eras.append(era)
        return found

    def systems_section(self, version: str) -> list[str]:
        data = self.data[version]
        eras = self.system_eras(version)
        lines = [
            "## Systems by category",
            "",
            (
                "Each system with the country that designed it, how the DPRK came to have it "
                "(`origin_of`: the acquisition and the nearest foreign designs), the eras in which "
                "the data records a transfer of it, and the sources that back the system's record."
            ),
            "",
        ]
        for category in sd.Category:
            members = self.by_name(s for s in data.systems if s.category is category)
            if not members:
                continue
            lines += [f"### {md(words(category)).capitalize()} ({len(members)})", ""]
            rows = []
            for system in members:
                origin = data.origin_of(system.id)
                roots = ", ".join(r.name for r in origin.roots if r.id != system.id)
                how = words(origin.acquisition) + (f": {roots}" if roots else "")
                spans = ", ".join(f"{e.start}{_DASH}{e.end or ''}" for e in eras.get(system.id, []))
                rows.append(
                    [
                        link(system.name, f"{version}/systems/{system.id}.md"),
                        cell(system.origin.label),
                        cell(how),
                        cell(spans) if spans else "no transfer recorded",
                        source_refs(version, system.citations),
                    ]
                )
            lines += table(
                ["system", "designed in", "how the DPRK got it", "eras", "sources"], rows
            )
        return lines

    def matrix_section(self, version: str) -> list[str]:
        data = self.data[version]
        eras = self.system_eras(version)
        header = ["category", *(f"{e.start}{_DASH}{e.end or ''}" for e in data.eras), "no transfer"]
        rows = []
        for category in sd.Category:
            members = [s for s in data.systems if s.category is category]
            if not members:
                continue
            row = [cell(words(category))]
            for era in data.eras:
                count = sum(era in eras.get(s.id, ()) for s in members)
                row.append(str(count) if count else " ")
            row.append(str(sum(s.id not in eras for s in members)))
            rows.append(row)
        legend = "; ".join(f"{e.start}{_DASH}{e.end or ''}: {md(e.name)}" for e in data.eras)
        return [
            "## Systems by category and era",
            "",
            (
                "The number of systems of each category that the data records in a transfer under "
                "way during each era (a system counts in every era its transfers overlap), and the "
                f"number with no transfer recorded. Eras: {legend}."
            ),
            "",
            *table(header, rows),
        ]

    def tombstones_section(self, version: str) -> list[str]:
        data = self.data[version]
        if not data.tombstones:
            return ["## Withdrawn ids", "", "No system id is withdrawn in this version.", ""]
        rows = [
            [
                f"`{t.id}`",
                f"`{t.successor}`" if t.successor else "none",
                cell(t.since),
                cell(t.reason),
            ]
            for t in data.tombstones
        ]
        return ["## Withdrawn ids", "", *table(["id", "successor", "withdrawn in", "reason"], rows)]

    def sources_section(self, version: str) -> list[str]:
        data = self.data[version]
        lines = ["## Sources", "", f"The {len(data.sources)} documents this version quotes.", ""]
        for source in sorted(data.sources, key=lambda s: s.id):
            parts = []
            if source.author:
                parts.append(md(source.author))
            if source.year is not None:
                parts.append(f"({source.year})")
            parts.append(f"*{md(source.title)}*")
            parts.append(md(source.publisher))
            text = " ".join(parts[:-1]) + ". " + parts[-1] + "."
            if source.url:
                text += " " + link(source.url, source.url)
            if source.retrieved:
                text += f" Read {md(source.retrieved)}."
            if source.note:
                text += f" Note: {md(source.note)}"
            lines += [f"({label(version, 'source', source.id)})=", "", f"`{source.id}`: {text}", ""]
        return lines

    # -- one page per system ----------------------------------------------------------------

    def system_page(self, version: str, system: sd.System) -> None:
        data = self.data[version]
        origin = data.origin_of(system.id)
        parents = data.derived_from(system.id, transitive=True)
        children = data.derivatives_of(system.id, transitive=True)
        transfers = [t for t in data.transfers if t.system is not None and t.system.id == system.id]
        here = f"{version}/systems/{system.id}"
        up = "../.."  # from data/<version>/systems/ to the docs root

        def to_system(other: sd.System) -> str:
            return link(other.name, f"{other.id}.md")

        name = f"system-{version}-{system.id}"
        self.files[self.picture(name)] = render_dot(
            lineage_dot(
                [*parents, *children],
                systems=[system],
                url_for=self.system_url_from_images(version),
                focus=system.id,
                name=name,
            )
        )
        facts = [
            (
                f"`{system.id}` · {md(words(system.category))} · designed in "
                f"{md(system.origin.label)} · dataset {link(version, f'../../{version}.md')}"
            ),
            "",
        ]
        if system.aliases:
            facts += ["**Also called**: " + ", ".join(md(a) for a in system.aliases), ""]
        if system.shared_names:
            facts += [
                "**Shares the names**: "
                + ", ".join(md(a) for a in system.shared_names)
                + " (a lookup by one of these alone is ambiguous)",
                "",
            ]
        if system.note:
            facts += [f"**Note from the data**: {md(system.note)}", ""]
        others = [
            v
            for v in self.versions
            if v != version and any(s.id == system.id for s in self.data[v].systems)
        ]
        if others:
            facts += [
                "**In other dataset versions**: "
                + ", ".join(link(v, f"../../{v}/systems/{system.id}.md") for v in others),
                "",
            ]

        roots = ", ".join(to_system(r) if r.id != system.id else md(r.name) for r in origin.roots)
        designs = ", ".join(
            to_system(r) if r.id != system.id else md(r.name) for r in origin.root_designs
        )
        answer = [
            "## Where it comes from",
            "",
            (
                f"What `origin_of({system.name!r})` answers in dataset {md(version)} "
                "(see {doc}`/explanation/confidence` for how):"
            ),
            "",
            *table(
                ["question", "answer"],
                [
                    ["how the DPRK got it", cell(words(origin.acquisition))],
                    ["nearest foreign designs (roots)", roots or "none: no foreign lineage"],
                    [
                        "their countries",
                        cell(", ".join(c.label for c in origin.countries) or "none"),
                    ],
                    ["original designs at the top of the lineage", designs or "none"],
                    ["confidence (the weakest on the way)", cell(origin.confidence.value)],
                ],
            ),
        ]
        diagram = [
            "## Lineage",
            "",
        ]
        if parents or children:
            diagram += [
                (
                    "Every design this one derives from and every design derived from it, all "
                    "the way. An arrow points from a design to the one derived from it; the "
                    f"legend is on the {link('lineage page', f'{up}/../lineage.md')}."
                ),
                "",
            ]
        else:
            diagram += [
                (
                    f"The data records no lineage edge for {md(system.name)} in this "
                    "version: it stands alone."
                ),
                "",
            ]
        diagram += [
            f"```{{figure}} {up}/pictures/{name}.svg",
            f":alt: Lineage diagram of {system.name}",
            f":target: {up}/../{self.image_url(name)}",
            "```",
            "",
        ]
        for title, edges in (("Derived from", parents), ("Designs derived from it", children)):
            if not edges:
                continue
            rows = [
                [
                    str(e.depth),
                    to_system(e.child),
                    to_system(e.parent),
                    cell(words(e.relation)),
                    cell(e.confidence.value),
                    source_refs(version, e.citations),
                ]
                for e in edges
            ]
            diagram += [
                f"### {title}",
                "",
                *table(
                    ["steps", "design", "derives from", "relation", "confidence", "sources"], rows
                ),
            ]
        moves = ["## Transfers", ""]
        behind = [t for t in origin.transfers if t not in transfers]
        if transfers:
            rows = [
                [
                    cell(years(t.period)),
                    cell(f"{t.supplier.label} \u2192 {t.recipient.label}"),
                    cell(t.item),
                    cell(words(t.kind)),
                    cell(quantity(t)),
                    cell(t.confidence.value),
                    source_refs(version, t.citations),
                ]
                for t in transfers
            ]
            moves += table(
                ["years", "from \u2192 to", "what", "kind", "how many", "confidence", "sources"],
                rows,
            )
        else:
            moves += [
                (f"The data records no transfer of the {md(system.name)} itself in this version."),
                "",
            ]
        if behind:
            moves += [
                (
                    "Transfers behind its origin: the licences, kits or technology of its roots "
                    "that `origin_of` reports with it."
                ),
                "",
                *table(
                    [
                        "years",
                        "from \u2192 to",
                        "what",
                        "kind",
                        "how many",
                        "confidence",
                        "sources",
                    ],
                    [
                        [
                            cell(years(t.period)),
                            cell(f"{t.supplier.label} \u2192 {t.recipient.label}"),
                            cell(t.item),
                            cell(words(t.kind)),
                            cell(quantity(t)),
                            cell(t.confidence.value),
                            source_refs(version, t.citations),
                        ]
                        for t in behind
                    ],
                ),
            ]

        quotes = ["## The claims and their quotes", ""]
        quotes += self.claim("The system record", system.citations, None, version)
        for edge in (*parents, *children):
            if edge.depth == 1:
                quotes += self.claim(
                    f"{edge.child.name} from {edge.parent.name}: {words(edge.relation)}, "
                    f"{edge.confidence.value}",
                    edge.citations,
                    edge.note,
                    version,
                    record=edge.id,
                )
        for transfer in transfers:
            quotes += self.claim(
                f"{transfer.item}, {years(transfer.period)}: {transfer.supplier.label} to "
                f"{transfer.recipient.label}, {transfer.confidence.value}",
                transfer.citations,
                transfer.note,
                version,
                record=transfer.id,
            )

        # A system page is reached from its version's systems table, not from the site's
        # navigation: with one page per system per version in the toctree, every page carried
        # a navigation tree of some 1,400 entries, and the build grew with their square.
        front = ["---", "orphan: true", "---", ""]
        lines = [*front, f"# {md(system.name)}", "", *facts, *answer, *diagram, *moves, *quotes]
        self.files[f"{GENERATED}/{here}.md"] = "\n".join(lines)

    @staticmethod
    def claim(
        title: str,
        citations: Sequence[sd.Citation],
        note: str | None,
        version: str,
        *,
        record: str | None = None,
    ) -> list[str]:
        head = f"**{md(title)}**" + (f" (`{record}`)" if record else "")
        lines = [head, ""]
        for citation in citations:
            lines += [
                (
                    f"> \u201c{md(citation.quote)}\u201d \u2014 "
                    f"{{ref}}`{citation.source} <{label(version, 'source', citation.source)}>`"
                ),
                "",
            ]
        if note:
            lines += [f"Note from the data: {md(note)}", ""]
        return lines


def generate(app: Sphinx) -> None:
    """Write ``docs/data/`` afresh, touching only files whose text changed."""
    srcdir = Path(app.srcdir)
    cards = {p.stem for p in (srcdir / "datasets").glob("*.md")}
    site = Site()
    wanted = site.build(cards)
    written = 0
    for relative, text in wanted.items():
        written += write_if_changed(srcdir / relative, text)
    root = srcdir / GENERATED
    for path in sorted(root.rglob("*"), reverse=True):
        relative = path.relative_to(srcdir).as_posix()
        if path.is_file() and relative not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    LOG.info("soviet_dprk docs: %d generated files, %d rewritten", len(wanted), written)


class OptionalTocTree(TocTree):
    """A toctree whose entries may be missing: pages others write, not yet there.

    Plain entries are kept when the document exists; with ``:glob:``, patterns are kept when
    they match something. The rest is dropped without a warning, so the build stays strict for
    everything else.
    """

    def run(self) -> list[Any]:
        env = self.state.document.settings.env
        current = env.current_document.docname if hasattr(env, "current_document") else env.docname
        base = current.rpartition("/")[0]
        found = set(env.found_docs)
        kept = []
        for entry in self.content:
            name = entry.strip()
            if not name:
                continue
            target = f"{base}/{name}" if base and not name.startswith("/") else name.lstrip("/")
            if "glob" in self.options and any(ch in name for ch in "*?["):
                if list(patfilter(found - {current}, target)):
                    kept.append(entry)
            elif target in found:
                kept.append(entry)
        self.content = StringList(kept, source="optional-toctree")
        return super().run()


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", generate)
    app.add_directive("optional-toctree", OptionalTocTree)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
