"""Exports round-trip: tables reload to the same counts and keys; the data package validates."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
from pathlib import Path

import pytest

import soviet_dprk as sd
from soviet_dprk import _export

DATA = sd.load()
V1 = sd.load("1.0.0")


def needs(module: str) -> None:
    """Skip when an optional dependency is missing, except in CI, which installs them all."""
    if importlib.util.find_spec(module) is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install {module}")
        pytest.skip(f"{module} is not installed")


def read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_records_are_json_ready_and_complete() -> None:
    records = json.loads(DATA.to_json())
    assert (DATA.version, DATA.digest) == (records["version"], records["digest"])
    for table in ("systems", "derivations", "transfers", "eras", "sources", "tombstones"):
        assert [r.id for r in getattr(DATA, table)] == [r["id"] for r in records[table]]
    edge = records["derivations"][0]
    assert isinstance(edge["child"], str)
    assert "depth" not in edge


def test_csv_round_trip(tmp_path: Path) -> None:
    paths = DATA.to_csv(tmp_path)
    assert set(_export.TABLES) == set(paths)
    rows = {name: read(path) for name, path in paths.items()}
    assert [s.id for s in DATA.systems] == [r["id"] for r in rows["systems"]]
    assert [d.id for d in DATA.derivations] == [r["id"] for r in rows["derivations"]]
    assert [t.id for t in DATA.transfers] == [r["id"] for r in rows["transfers"]]
    cited = sum(len(r.citations) for r in (*DATA.systems, *DATA.derivations, *DATA.transfers,
                                           *DATA.eras))  # fmt: skip
    assert cited == len(rows["citations"])
    by_id = {r["id"]: r for r in rows["transfers"]}
    personnel = by_id["soviet-military-personnel-1950-1953"]
    assert ("", "40,00", "about") == (
        personnel["quantity"],
        personnel["quantity_as_printed"],
        personnel["qualifier"],
    )
    text = (tmp_path / "transfers.csv").read_text(encoding="utf-8")
    assert ",NA," not in text
    assert ",None," not in text


def test_csv_quotes_survive_commas_and_newlines(tmp_path: Path) -> None:
    V1.to_csv(tmp_path)
    quotes = {r["quote"] for r in read(tmp_path / "citations.csv")}
    assert {c.quote for s in V1.systems for c in s.citations} <= quotes


def test_datapackage_validates_with_frictionless(tmp_path: Path) -> None:
    needs("frictionless")
    import frictionless

    descriptor = DATA.to_datapackage(tmp_path)
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert (DATA.version, DATA.digest) == (package["version"], package["soviet_dprk_digest"])
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    tables = {r["name"]: r for r in package["resources"]}
    assert ["id"] == tables["systems"]["schema"]["primaryKey"]
    assert {"child_id", "parent_id"} == {
        k["fields"] for k in tables["derivations"]["schema"]["foreignKeys"]
    }


def test_datapackage_detects_a_broken_foreign_key(tmp_path: Path) -> None:
    needs("frictionless")
    import frictionless

    descriptor = V1.to_datapackage(tmp_path)
    path = tmp_path / "derivations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",ak-47,", ",ak-48,"), "utf-8")
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        resource.pop("hash")
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    assert not frictionless.validate(str(descriptor)).valid


def test_pandas_tables() -> None:
    needs("pandas")
    frames = DATA.to_pandas()
    assert set(_export.TABLES) == set(frames)
    assert len(DATA.systems) == len(frames["systems"])
    assert list(_export.TABLES["transfers"]) == list(frames["transfers"].columns)


def test_networkx_graph() -> None:
    needs("networkx")
    graph = DATA.to_networkx()
    assert len(DATA.systems) == graph.number_of_nodes()
    assert len(DATA.derivations) == graph.number_of_edges()
    assert graph.has_edge("ak-47", "type-58")


def test_dot_and_mermaid_of_one_lineage() -> None:
    dot = DATA.to_dot("Type 59")
    assert '"t-54" -> "type-59"' in dot
    assert dot.count("{") == dot.count("}")
    mermaid = DATA.to_mermaid("Type 59")
    assert "n_t_54 -->" in mermaid or "n_t_54 -.->" in mermaid
    whole = V1.to_dot()
    assert len(V1.derivations) == whole.count(" -> ")


def test_cite_styles() -> None:
    assert "1.0.0" in V1.cite()
    assert V1.cite("bibtex").startswith("@misc{soviet_dprk_1_0_0,")
    with pytest.raises(ValueError, match="bibtex"):
        V1.cite("apa")


def test_html_reprs_escape_and_render() -> None:
    assert "<table>" in DATA._repr_html_()
    assert "Origin of Type 58" in DATA.origin_of("Type 58")._repr_html_()
    assert "<strong>" in DATA.system("Type 58")._repr_html_()
    assert DATA.era("khrushchev-pall").name in DATA.era("khrushchev-pall")._repr_html_()
    assert "<script" not in DATA.system("Pokpung-ho")._repr_html_()


def test_search() -> None:
    assert "Chonma-ho" == DATA.search("chonma")[0].name
    assert () == DATA.search("   ")
    assert 2 == len(DATA.search("type", limit=2))
    with pytest.raises(TypeError):
        DATA.search(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limit"):
        DATA.search("type", limit=0)


def test_citation_cff_is_valid() -> None:
    root = Path(__file__).resolve().parents[1]
    cff = root / "CITATION.cff"
    if not cff.exists():
        pytest.skip("CITATION.cff is not part of this installation")
    needs("yaml")
    needs("jsonschema")
    needs("cffconvert")
    import jsonschema
    import yaml

    # cffconvert ships the official CFF 1.2.0 schema; read it without importing the package.
    spec = importlib.util.find_spec("cffconvert")
    assert spec is not None
    assert spec.origin is not None
    schema_path = Path(spec.origin).parent / "schemas" / "1.2.0" / "schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    document = yaml.safe_load(cff.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)


def test_citation_cff_is_in_step_with_the_package() -> None:
    cff = Path(__file__).resolve().parents[1] / "CITATION.cff"
    if not cff.exists():
        pytest.skip("CITATION.cff is not part of this installation")
    needs("yaml")
    import yaml

    document = yaml.safe_load(cff.read_text(encoding="utf-8"))
    assert sd.__version__ == document["version"]
    shipped = sd.versions()
    listed = ", ".join(shipped[:-1]) + " and " + shipped[-1] if len(shipped) > 1 else shipped[0]
    assert f"Dataset versions {listed} ship with this release." in " ".join(
        document["abstract"].split()
    )
    (data,) = [r for r in document["references"] if r["type"] == "data"]
    assert sd.DATASET_VERSION == data["version"]
    assert _export.RELEASED[sd.DATASET_VERSION] == str(data["date-released"])


def test_every_released_version_has_its_release_date() -> None:
    assert set(sd.versions()) == set(_export.RELEASED)
    bibtex = DATA.cite("bibtex")
    assert f"year = {{{_export.RELEASED[DATA.version][:4]}}}" in bibtex


def test_search_matches_whole_words_and_shows_scores(capsys: pytest.CaptureFixture[str]) -> None:
    from soviet_dprk import _cli
    from soviet_dprk._search import scored

    found = scored(DATA.systems, "korean iskander")
    assert "KN-23" == found[0][1].name  # alias "North Korean Iskander": both words whole
    assert found[0][0] > max(score for score, s in found[1:])
    assert 0 == _cli.main(["search", "korean iskander", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert round(found[0][0], 4) == rows[0]["score"]
