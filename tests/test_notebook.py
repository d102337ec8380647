"""Results show themselves in a notebook: the notebook is executed and its HTML is checked."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).parent / "notebooks" / "results.ipynb"


def _needs(*modules: str) -> None:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install {', '.join(missing)}")
        pytest.skip(f"not installed: {', '.join(missing)}")


def test_every_result_renders_as_an_html_table() -> None:
    _needs("nbclient", "nbformat", "ipykernel", "pandas")
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    shown = []
    for cell in notebook.cells[1:]:
        (output,) = [o for o in cell.outputs if o.output_type == "execute_result"]
        html = output.data.get("text/html", "")
        assert html, cell.source
        assert "<script" not in html
        shown.append(html)
    by_era, derived, search, found, deals, transfer, edge, source, origin, frame = shown
    assert by_era.startswith("<p>")
    assert "transfers</p>" in by_era
    assert "<table>" in by_era
    assert "Pokpung-ho" in derived
    assert "parent origin" in derived
    assert "Type 58" in search
    assert "USSR" in found
    assert "deal" in found
    assert "deals</p>" in deals
    assert transfer.startswith("<strong>")
    assert "supplier" in transfer
    assert "relation" in edge
    assert "publisher" in source
    assert "Origin of Type 58" in origin
    assert "supplier_iso3" in frame
