"""Pictures drawn from the data at build time: lineage graphs (Graphviz) and timelines (matplotlib).

Every picture is a pure function of one loaded `soviet_dprk.Dataset`, so it cannot drift from the
data. The DOT text is built here without Graphviz; `render_dot` runs Graphviz's ``dot`` to turn it
into SVG. Colours, line styles and arrowheads live in the tables below and nowhere else, so the
legend and the graphs cannot disagree.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

import soviet_dprk as sd

#: Fill colour and text colour of a system's box, by the country of the design.
COUNTRY_STYLE: Final = {
    sd.Country.USSR: ("#b22222", "white"),
    sd.Country.RUSSIA: ("#f4a6a6", "black"),
    sd.Country.CHINA: ("#f2c94c", "black"),
    sd.Country.DPRK: ("#1f5fa8", "white"),
    sd.Country.CZECHOSLOVAKIA: ("#7fc97f", "black"),
    sd.Country.POLAND: ("#b39ddb", "black"),
    sd.Country.EGYPT: ("#e69f00", "black"),
    sd.Country.IRAN: ("#4db6ac", "black"),
}
#: The style of every other party (and of ``other`` in versions before 2.0.0).
OTHER_STYLE: Final = ("#a8a8a8", "black")


def country_style(country: sd.Country) -> tuple[str, str]:
    """Fill colour and text colour of a party's boxes and bars."""
    return COUNTRY_STYLE.get(country, OTHER_STYLE)


#: Line style, line width and arrowhead of a lineage edge, by relation.
RELATION_STYLE: Final = {
    sd.Relation.LICENSED_PRODUCTION: ("solid", 2.6, "normal"),
    sd.Relation.COPY: ("dashed", 2.0, "normal"),
    sd.Relation.MODELED_AFTER: ("dashed", 1.1, "empty"),
    sd.Relation.DESIGN_INFLUENCE: ("dotted", 1.6, "empty"),
    sd.Relation.VARIANT: ("solid", 1.0, "odot"),
    sd.Relation.COMPONENT: ("bold", 1.4, "diamond"),
}

#: Line colour of a lineage edge, by confidence: the firmer the claim, the darker the line.
CONFIDENCE_COLOUR: Final = {
    sd.Confidence.STATED: "#222222",
    sd.Confidence.REPORTED: "#8c8c8c",
    sd.Confidence.DISPUTED: "#d4349b",
}

_FONT: Final = "Helvetica,Arial,sans-serif"


def _quote(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _words(value: sd.Relation | sd.Confidence | sd.Category) -> str:
    return value.value.replace("_", " ")


def _node(system: sd.System, url: str | None, *, focus: bool = False) -> str:
    fill, ink = country_style(system.origin)
    attributes = {
        "label": system.name,
        "fillcolor": fill,
        "fontcolor": ink,
        "tooltip": f"{system.name}: {_words(system.category)}, {system.origin.label}",
    }
    if url is not None:
        attributes["URL"] = url
        attributes["target"] = "_top"
    extra = ", penwidth=3, color=black" if focus else ""
    listed = ", ".join(f"{k}={_quote(v)}" for k, v in attributes.items())
    return f"  {_quote(system.id)} [{listed}{extra}];"


def _edge(edge: sd.Derivation) -> str:
    style, width, arrow = RELATION_STYLE[edge.relation]
    colour = CONFIDENCE_COLOUR[edge.confidence]
    tooltip = (
        f"{edge.child.name} from {edge.parent.name}: {_words(edge.relation)}, "
        f"{edge.confidence.value}"
    )
    return (
        f"  {_quote(edge.parent.id)} -> {_quote(edge.child.id)} "
        f"[style={style}, penwidth={width}, arrowhead={arrow}, color={_quote(colour)}, "
        f"tooltip={_quote(tooltip)}];"
    )


def lineage_dot(
    edges: Sequence[sd.Derivation],
    *,
    systems: Iterable[sd.System] = (),
    url_for: dict[str, str] | None = None,
    focus: str | None = None,
    name: str = "lineage",
) -> str:
    """DOT text of a lineage graph: parents on the left, the designs derived from them rightwards.

    Args:
        edges: The lineage edges to draw; their systems are drawn too.
        systems: Further systems to draw even without an edge (a system with no lineage).
        url_for: A link for each system id, put on its box.
        focus: The id of a system to outline (the subject of a system page).
        name: The graph's name.
    """
    seen: dict[str, sd.System] = {}
    for system in systems:
        seen.setdefault(system.id, system)
    for edge in edges:
        seen.setdefault(edge.parent.id, edge.parent)
        seen.setdefault(edge.child.id, edge.child)
    links = url_for or {}
    lines = [
        f"digraph {_quote(name)} {{",
        (
            '  graph [rankdir=LR, bgcolor="transparent", ranksep=0.45, nodesep=0.12, '
            f"fontname={_quote(_FONT)}];"
        ),
        (
            f'  node [shape=box, style="rounded,filled", fontname={_quote(_FONT)}, fontsize=11, '
            'height=0.3, margin="0.08,0.03", color="#444444"];'
        ),
        f"  edge [fontname={_quote(_FONT)}, arrowsize=0.8];",
    ]
    lines += [_node(s, links.get(s.id), focus=s.id == focus) for s in seen.values()]
    lines += [_edge(e) for e in sorted(edges, key=lambda e: (e.parent.id, e.child.id, e.id))]
    lines.append("}")
    return "\n".join(lines) + "\n"


def legend_dot(countries: Iterable[sd.Country]) -> str:
    """DOT text of the legend: box colours by country, line styles by relation and confidence."""
    countries_list = list(countries)
    lines = [
        'digraph "legend" {',
        (
            '  graph [rankdir=LR, bgcolor="transparent", nodesep=0.08, ranksep=0.5, '
            f"fontname={_quote(_FONT)}, fontsize=11];"
        ),
        (
            f'  node [shape=box, style="rounded,filled", fontname={_quote(_FONT)}, fontsize=10, '
            'height=0.25, margin="0.06,0.02", color="#444444"];'
        ),
        f"  edge [fontname={_quote(_FONT)}, fontsize=10, arrowsize=0.8];",
        '  subgraph "cluster_country" {',
        '    label="design of"; color="#bbbbbb"; style=rounded;',
    ]
    for country in countries_list:
        fill, ink = country_style(country)
        lines.append(
            f"    {_quote('country-' + country.value)} [label={_quote(country.label)}, "
            f"fillcolor={_quote(fill)}, fontcolor={_quote(ink)}];"
        )
    lines += ["  }", '  subgraph "cluster_relation" {']
    lines.append('    label="relation (line style)"; color="#bbbbbb"; style=rounded;')
    for relation, (style, width, arrow) in RELATION_STYLE.items():
        a, b = _quote("r-a-" + relation.value), _quote("r-b-" + relation.value)
        lines.append(f'    {a} [label="", shape=plaintext, style="", width=0.05, height=0.3];')
        lines.append(f'    {b} [label={_quote(_words(relation))}, shape=plaintext, style=""];')
        lines.append(
            f"    {a} -> {b} [style={style}, penwidth={width}, arrowhead={arrow}, "
            f'minlen=2, color="{CONFIDENCE_COLOUR[sd.Confidence.STATED]}"];'
        )
    lines += ["  }", '  subgraph "cluster_confidence" {']
    lines.append('    label="confidence (line colour)"; color="#bbbbbb"; style=rounded;')
    for confidence, colour in CONFIDENCE_COLOUR.items():
        a, b = _quote("c-a-" + confidence.value), _quote("c-b-" + confidence.value)
        lines.append(f'    {a} [label="", shape=plaintext, style="", width=0.05, height=0.3];')
        lines.append(f'    {b} [label={_quote(confidence.value)}, shape=plaintext, style=""];')
        lines.append(f"    {a} -> {b} [penwidth=2, minlen=2, color={_quote(colour)}];")
    lines.append("  }")
    # Invisible edges set the three boxes side by side: countries, relations, confidences.
    first_country = next(iter(countries_list), None)
    if first_country is not None:
        for relation in RELATION_STYLE:
            lines.append(
                f"  {_quote('country-' + first_country.value)} -> "
                f"{_quote('r-a-' + relation.value)} [style=invis];"
            )
    for confidence in CONFIDENCE_COLOUR:
        first_relation = next(iter(RELATION_STYLE))
        lines.append(
            f"  {_quote('r-b-' + first_relation.value)} -> "
            f"{_quote('c-a-' + confidence.value)} [style=invis];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_program() -> str:
    """The path of Graphviz's ``dot``, or an error that says how to install it."""
    found = shutil.which("dot")
    if found is None:
        raise RuntimeError(
            "Graphviz's `dot` is needed to draw the lineage graphs: "
            "install it (Debian: apt-get install graphviz)"
        )
    return found


def render_dot(dot_text: str) -> str:
    """SVG text of a DOT graph, drawn by Graphviz's ``dot``."""
    done = subprocess.run(
        [dot_program(), "-Tsvg"],
        input=dot_text.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"dot failed: {done.stderr.decode('utf-8', 'replace')}")
    svg = done.stdout.decode("utf-8")
    # Graphviz writes its version into a comment: leave it out so the picture depends on the
    # data alone. Sphinx copies SVGs as they are.
    return re.sub(r"<!-- Generated by graphviz[^>]*-->\n", "", svg)


# -- matplotlib --------------------------------------------------------------------------------


def _pyplot() -> Any:
    import matplotlib as mpl

    mpl.use("Agg")
    mpl.rcParams.update(
        {
            "svg.hashsalt": "soviet-dprk",  # the same ids on every build
            "svg.fonttype": "none",  # text stays text: searchable, and small
            "font.family": "sans-serif",
            "font.size": 9,  # pt; 8.5 pt and more is 11 px and more at natural size
        }
    )
    import matplotlib.pyplot as plt

    return plt


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def _end_year(data: sd.Dataset) -> int:
    """The last year the dataset speaks of: the right edge of a timeline."""
    years = [t.period.end or t.period.first for t in data.transfers]
    years += [e.end or e.start for e in data.eras]
    return max(years)


_APPROXIMATE: Final = (0, (1.2, 0.8))


def timeline_svg(data: sd.Dataset) -> str:
    """SVG of the eras and of every transfer's years, coloured by supplier.

    The top panel draws each era as a bar; the lower one draws each transfer as a line from its
    first to its last year (a dot for a single year, an arrow for one still under way, a dashed
    line or a hollow diamond where the source dates it only approximately), sorted by start year.
    """
    plt = _pyplot()
    last = _end_year(data) + 1
    transfers = sorted(data.transfers, key=lambda t: (t.period.first, t.period.end or last, t.id))
    eras = list(data.eras)
    height_eras = 0.3 * len(eras) + 0.5
    height_transfers = 0.21 * len(transfers) + 0.6
    figure, (top, bottom) = plt.subplots(
        2,
        1,
        sharex=True,
        figsize=(12, height_eras + height_transfers),
        gridspec_kw={"height_ratios": [height_eras, height_transfers], "hspace": 0.04},
    )
    for row, era in enumerate(eras):
        end = era.end if era.end is not None else last
        top.barh(
            row,
            end - era.start + 1,
            left=era.start,
            height=0.7,
            color="#e6e1d3",
            edgecolor="#8a7f66",
            hatch="//" if era.approximate else None,
        )
        label = era.name + ("" if era.end is not None else " (ongoing)")
        if end < last - 25:  # room on the right of the bar
            top.text(end + 1.6, row, label, va="center", ha="left", fontsize=8.5)
        else:
            top.text(era.start - 0.6, row, label, va="center", ha="right", fontsize=8.5)
    top.set_ylim(len(eras) - 0.5, -0.5)
    top.set_yticks([])
    top.set_title(f"Eras and transfers in dataset {data.version}", loc="left", fontsize=11)
    for edge in sorted({e.start for e in eras} | {e.end + 1 for e in eras if e.end}):
        bottom.axvline(edge, color="#d8d2c2", linewidth=0.6, zorder=0)
    suppliers: dict[sd.Country, None] = {}
    for row, transfer in enumerate(transfers):
        start = transfer.period.first  # a claim dated only "by 1952" is drawn at its end year
        end = transfer.period.end
        colour = country_style(transfer.supplier)[0]
        suppliers.setdefault(transfer.supplier)
        dashes = _APPROXIMATE if transfer.period.approximate else "solid"
        if end is None:
            bottom.annotate(
                "",
                xy=(last, row),
                xytext=(start, row),
                arrowprops={"arrowstyle": "->", "color": colour, "lw": 2.2, "linestyle": dashes},
            )
        elif end == start:
            marker = "o" if not transfer.period.approximate else "D"
            fill = colour if not transfer.period.approximate else "white"
            bottom.plot(
                [start + 0.5], [row], marker, color=colour, markerfacecolor=fill, markersize=4.5
            )
        else:
            bottom.plot(
                [start, end + 1],
                [row, row],
                color=colour,
                linestyle=dashes,
                linewidth=3.2,
                solid_capstyle="butt",
                dash_capstyle="butt",
            )
        label = f"{transfer.item} ({transfer.supplier.label} \u2192 {transfer.recipient.label})"
        right = end + 1 if end is not None else last
        if right < last - 15:  # room on the right of the line
            bottom.text(right + 0.6, row, label, va="center", ha="left", fontsize=8.5)
        else:
            bottom.text(start - 0.6, row, label, va="center", ha="right", fontsize=8.5)
    bottom.set_ylim(len(transfers) - 0.5, -0.8)
    bottom.set_yticks([])
    first = min([t.period.first for t in transfers] + [e.start for e in eras])
    bottom.set_xlim(first - 1, last + 1)
    bottom.grid(axis="x", color="#eeeeee", linewidth=0.5)
    bottom.set_axisbelow(True)
    bottom.set_xlabel("year")
    handles = [
        plt.Line2D([], [], color=country_style(c)[0], linewidth=3.2, label=f"from {c.label}")
        for c in sorted(suppliers, key=list(sd.Country).index)
    ]
    handles.append(
        plt.Line2D(
            [],
            [],
            color="#555555",
            linestyle=_APPROXIMATE,
            linewidth=3.2,
            label="years approximate",
        )
    )
    bottom.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize=8.5,
        title="supplier",
        title_fontsize=8.5,
    )
    for axis in (top, bottom):
        for side in ("top", "right", "left"):
            axis.spines[side].set_visible(False)
    svg = _svg(figure)
    plt.close(figure)
    return svg


def era_counts_svg(data: sd.Dataset) -> str:
    """SVG of the number of transfers under way in each era (`Dataset.by_era`), by supplier."""
    plt = _pyplot()
    eras = list(data.eras)
    counts = [dict.fromkeys(sd.Country, 0) for _ in eras]
    for row, era in enumerate(eras):
        for transfer in data.by_era(era):
            counts[row][transfer.supplier] += 1
    present = [c for c in sd.Country if any(row[c] for row in counts)]
    figure, axis = plt.subplots(figsize=(5.6, 0.45 * len(eras) + 0.9))
    left = [0] * len(eras)
    for country in present:
        widths = [row[country] for row in counts]
        axis.barh(
            range(len(eras)),
            widths,
            left=left,
            color=country_style(country)[0],
            label=f"from {country.label}",
            height=0.65,
            edgecolor="white",
            linewidth=0.5,
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for row, total in enumerate(left):
        axis.text(total + 0.3, row, str(total), va="center", fontsize=8.5)
    labels = [
        textwrap.fill(f"{e.name} ({e.start}\u2013{'' if e.end is None else e.end})", 48)
        for e in eras
    ]
    axis.set_yticks(range(len(eras)), labels, fontsize=8.5)
    axis.invert_yaxis()
    axis.set_xlabel("transfers under way during the era")
    axis.set_title(f"Transfers by era in dataset {data.version}", loc="left", fontsize=11)
    axis.legend(
        loc="upper center",
        bbox_to_anchor=(0.35, -0.09 - 1.2 / len(eras) / 3),
        ncol=4,
        frameon=False,
        fontsize=8.5,
    )
    for side in ("top", "right"):
        axis.spines[side].set_visible(False)
    svg = _svg(figure)
    plt.close(figure)
    return svg


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already holds it; return whether it wrote."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
