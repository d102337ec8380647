"""Loading: versions, pinning, caching, and a clear `DatasetError` for every kind of bad data."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import soviet_dprk as sd
from soviet_dprk import _load

V = "1.0.0"
Tree = dict[str, Any]


def edit(root: Path, name: str, change: Callable[[Tree], object]) -> None:
    path = root / V / name
    tree = json.loads(path.read_text(encoding="utf-8"))
    change(tree)
    path.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")


def record(tree: Tree, record_id: str) -> Tree:
    return next(r for r in tree["records"] if r["id"] == record_id)


def expect(root: Path, file: str, rec: str | None, field: str | None) -> sd.DatasetError:
    with pytest.raises(sd.DatasetError) as info:
        _load.load_from(root, V)
    err = info.value
    assert (f"{V}/{file}", rec, field) == (err.file, err.record, err.field)
    assert file in str(err)
    if rec is not None:
        assert repr(rec) in str(err)
    return err


def test_versions_oldest_first_and_newest_is_default() -> None:
    shipped = sd.versions()
    assert shipped[0] == "1.0.0"
    assert shipped[-1] == sd.DATASET_VERSION
    assert sd.load().version == sd.DATASET_VERSION


def test_load_is_cached_per_version() -> None:
    assert sd.load("1.0.0") is sd.load("1.0.0")


def test_unknown_version_lists_the_shipped_ones() -> None:
    with pytest.raises(sd.UnknownVersionError) as info:
        sd.load("no-such")
    assert "1.0.0" in str(info.value)
    assert info.value.available == sd.versions()
    assert isinstance(info.value, LookupError)


def test_version_must_be_a_string() -> None:
    with pytest.raises(TypeError):
        sd.load(1)  # type: ignore[arg-type]


def test_environment_variable_pins_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_load.ENV_VAR, "1.0.0")
    assert "1.0.0" == sd.load().version
    monkeypatch.setenv(_load.ENV_VAR, "0.0.1")
    with pytest.raises(sd.UnknownVersionError):
        sd.load()


def test_digest_is_the_sha256_of_the_file_sums() -> None:
    root = Path(str(_load.data_root()))
    lines = "".join(
        f"{hashlib.sha256((root / V / name).read_bytes()).hexdigest()}  {V}/{name}\n"
        for name in _load.FILES
    )
    assert "sha256:" + hashlib.sha256(lines.encode()).hexdigest() == sd.load(V).digest


def test_a_copy_loads_like_the_original(data_copy: Path) -> None:
    copy = _load.load_from(data_copy, V)
    assert copy.digest == sd.load(V).digest
    assert copy.systems == sd.load(V).systems


def test_missing_file_says_the_installation_is_incomplete(data_copy: Path) -> None:
    (data_copy / V / "eras.json").unlink()
    with pytest.raises(sd.IncompleteInstallationError, match="incomplete"):
        _load.load_from(data_copy, V)


def test_truncated_json(data_copy: Path) -> None:
    path = data_copy / V / "systems.json"
    path.write_bytes(path.read_bytes()[:200])
    err = expect(data_copy, "systems.json", None, None)
    assert isinstance(err.__cause__, ValueError)


def test_not_utf8(data_copy: Path) -> None:
    (data_copy / V / "systems.json").write_bytes(b'{"meta": {}, "records": ["\xff"]}')
    expect(data_copy, "systems.json", None, None)


def test_missing_meta(data_copy: Path) -> None:
    edit(data_copy, "eras.json", lambda t: t.pop("meta"))
    expect(data_copy, "eras.json", None, None)


@pytest.mark.parametrize(
    ("file", "rec", "field", "value"),
    [
        ("systems.json", "t-34", "category", "spaceship"),
        ("systems.json", "t-34", "origin", "atlantis"),
        ("systems.json", "t-34", "aliases", "T34"),
        ("systems.json", "t-34", "name", 34),
        ("transfers.json", "t-34-initial-shipments", "kind", "gift"),
        ("transfers.json", "t-34-initial-shipments", "confidence", "certain"),
        ("derivations.json", "type-58--ak-47", "relation", "cousin"),
        ("eras.json", "founding-build-up", "start", "1948"),
        ("eras.json", "founding-build-up", "approximate", "no"),
        ("sources.json", "episkopos-2019", "year", True),
    ],
)
def test_wrong_types_and_unknown_enum_values(
    data_copy: Path, file: str, rec: str, field: str, value: object
) -> None:
    edit(data_copy, file, lambda t: record(t, rec).__setitem__(field, value))
    err = expect(data_copy, file, rec, field)
    assert err.__cause__ is not None
    assert "Traceback" not in str(err)


def test_nested_field_is_named(data_copy: Path) -> None:
    edit(
        data_copy,
        "transfers.json",
        lambda t: record(t, "t-34-initial-shipments")["quantity"].__setitem__("value", "37"),
    )
    expect(data_copy, "transfers.json", "t-34-initial-shipments", "quantity.value")


def test_unknown_key(data_copy: Path) -> None:
    edit(data_copy, "systems.json", lambda t: record(t, "t-34").__setitem__("colour", "green"))
    err = expect(data_copy, "systems.json", "t-34", "colour")
    assert "unknown field colour" in str(err)


def test_unknown_nested_key(data_copy: Path) -> None:
    edit(
        data_copy,
        "transfers.json",
        lambda t: record(t, "t-34-initial-shipments")["quantity"].__setitem__("colour", "green"),
    )
    expect(data_copy, "transfers.json", "t-34-initial-shipments", "quantity.colour")


def test_duplicate_id(data_copy: Path) -> None:
    edit(data_copy, "systems.json", lambda t: t["records"].append(dict(record(t, "t-34"))))
    expect(data_copy, "systems.json", "t-34", "id")


def test_dangling_reference(data_copy: Path) -> None:
    edit(
        data_copy,
        "derivations.json",
        lambda t: record(t, "type-58--ak-47").__setitem__("parent", "ak-48"),
    )
    err = expect(data_copy, "derivations.json", "type-58--ak-47", "parent")
    assert "ak-48" in str(err)


def test_lineage_cycle(data_copy: Path) -> None:
    def cycle(tree: Tree) -> None:
        tree["records"].append(
            dict(
                record(tree, "type-58--ak-47"), id="ak-47--type-58", child="ak-47", parent="type-58"
            )
        )

    edit(data_copy, "derivations.json", cycle)
    err = expect(data_copy, "derivations.json", "ak-47--type-58", "parent")
    assert "cycle" in str(err)


def test_alias_claimed_by_two_systems(data_copy: Path) -> None:
    edit(data_copy, "systems.json", lambda t: record(t, "t-34").__setitem__("aliases", ["T 55"]))
    err = expect(data_copy, "systems.json", "t-55", "aliases")
    assert "t-34" in str(err)


def test_end_before_start(data_copy: Path) -> None:
    edit(
        data_copy,
        "transfers.json",
        lambda t: record(t, "t-55-1965-1985")["period"].__setitem__("end", 1960),
    )
    expect(data_copy, "transfers.json", "t-55-1965-1985", "period.end")


def test_era_end_before_start(data_copy: Path) -> None:
    edit(data_copy, "eras.json", lambda t: record(t, "khrushchev-pall").__setitem__("end", 1900))
    expect(data_copy, "eras.json", "khrushchev-pall", "end")


def test_citation_of_a_missing_source(data_copy: Path) -> None:
    edit(
        data_copy,
        "systems.json",
        lambda t: record(t, "t-34")["citations"][0].__setitem__("source", "nobody-2020"),
    )
    err = expect(data_copy, "systems.json", "t-34", "citations")
    assert "nobody-2020" in str(err)


def test_record_without_citations(data_copy: Path) -> None:
    edit(data_copy, "systems.json", lambda t: record(t, "t-34").__setitem__("citations", []))
    expect(data_copy, "systems.json", "t-34", "citations")


def test_sixteen_threads_share_one_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_load, "_cache", {})
    calls: list[str] = []
    real = _load.load_from

    def counting(root: Any, version: str) -> sd.Dataset:
        calls.append(version)
        return real(root, version)

    monkeypatch.setattr(_load, "load_from", counting)
    barrier = threading.Barrier(16)
    results: list[sd.Dataset] = []

    def worker() -> None:
        barrier.wait()
        results.append(sd.load("1.0.0"))

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ["1.0.0"] == calls
    assert 16 == len(results)
    assert all(r is results[0] for r in results)


def test_tombstones_redirect_or_explain(data_copy: Path) -> None:
    def rename(tree: Tree) -> None:
        record(tree, "yak-9")["id"] = "yakovlev-yak-9"

    edit(data_copy, "systems.json", rename)
    edit(
        data_copy,
        "transfers.json",
        lambda t: record(t, "yak-9-initial-shipments").__setitem__("system", "yakovlev-yak-9"),
    )
    edit(
        data_copy,
        "tombstones.json",
        lambda t: t["records"].extend(
            [
                {"id": "yak-9", "successor": "yakovlev-yak-9", "reason": "renamed",
                 "since": "1.0.0"},
                {"id": "la-9", "successor": None, "reason": "no source found",
                 "since": "1.0.0"},
            ]
        ),
    )  # fmt: skip
    data = _load.load_from(data_copy, V)
    assert "yakovlev-yak-9" == data.system("yak-9").id
    with pytest.raises(sd.UnknownNameError, match=r"withdrawn in dataset 1\.0\.0: no source found"):
        data.system("La-9")


def test_a_tombstone_may_not_shadow_a_live_id(data_copy: Path) -> None:
    edit(
        data_copy,
        "tombstones.json",
        lambda t: t["records"].append(
            {"id": "t-34", "successor": None, "reason": "x", "since": "1.0.0"}
        ),
    )
    expect(data_copy, "tombstones.json", "t-34", "id")


def test_a_tombstone_successor_must_exist(data_copy: Path) -> None:
    edit(
        data_copy,
        "tombstones.json",
        lambda t: t["records"].append(
            {"id": "la-9", "successor": "la-11", "reason": "x", "since": "1.0.0"}
        ),
    )
    expect(data_copy, "tombstones.json", "la-9", "successor")
