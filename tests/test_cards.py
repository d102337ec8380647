"""A dataset card's figures are its data's: the tables of tools/dataset_figures.py, verbatim."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import soviet_dprk as sd

ROOT = Path(__file__).resolve().parents[1]
CARDS = ROOT / "docs" / "datasets"


def _figures() -> object:
    tools = ROOT / "tools"
    if not (tools / "dataset_figures.py").exists():
        pytest.skip("tools/ is not part of this installation")
    sys.path.insert(0, str(tools))
    try:
        import dataset_figures
    finally:
        sys.path.remove(str(tools))
    return dataset_figures


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


# Cards carry the figures of tools/dataset_figures.py from 2.0.0 on (earlier cards predate it).
@pytest.mark.parametrize("version", [v for v in sd.versions() if _key(v) >= (2, 0, 0)])
def test_the_card_carries_the_figures_of_its_data(version: str) -> None:
    card = CARDS / f"{version}.md"
    if not card.exists():
        pytest.skip("the docs are not part of this installation")
    tool = _figures()
    text = card.read_text(encoding="utf-8")
    for rows in tool.figures(sd.load(version)).values():  # type: ignore[attr-defined]
        assert tool.markdown(rows) in text  # type: ignore[attr-defined]


def test_every_released_version_has_a_card() -> None:
    if not CARDS.exists():
        pytest.skip("the docs are not part of this installation")
    assert set(sd.versions()) <= {p.stem for p in CARDS.glob("*.md")}
