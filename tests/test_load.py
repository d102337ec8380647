"""Loading: versions, pinning, caching, verifying releases, and reading only what is a data file."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import soviet_dprk as sd
from soviet_dprk import _load

V = "1.0.0"
Tree = dict[str, Any]


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
    assert sd.load("1.0.0").origin_of("Type 58") == sd.origin_of("Type 58")
    _load._default.clear()
    monkeypatch.setenv(_load.ENV_VAR, "0.0.1")
    with pytest.raises(sd.UnknownVersionError):
        sd.load()


def test_the_environment_is_read_once_at_the_first_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert sd.DATASET_VERSION == sd.load().version
    monkeypatch.setenv(_load.ENV_VAR, "1.0.0")
    assert sd.DATASET_VERSION == sd.load().version
    assert sd.load() is sd.load(sd.DATASET_VERSION)


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


# -- releases are verified, everything else is validated ---------------------------------------


@pytest.mark.parametrize("version", sd.versions())
@pytest.mark.parametrize("name", _load.FILES)
def test_a_byte_changed_in_a_release_is_refused(data_copy: Path, version: str, name: str) -> None:
    path = data_copy / version / name
    data = bytearray(path.read_bytes())
    at = len(data) // 2
    data[at] = ord(" ") if data[at] != ord(" ") else ord("\t")  # valid JSON all the same
    path.write_bytes(bytes(data))
    with pytest.raises(sd.IntegrityError) as info:
        _load.load_from(data_copy, version)
    err = info.value
    assert f"{version}/{name}" == err.file
    assert _load.registry(data_copy)[version][name] == err.expected
    assert hashlib.sha256(bytes(data)).hexdigest() == err.actual
    assert err.expected in str(err)
    assert err.actual in str(err)
    assert "reinstall" in str(err)
    assert isinstance(err, sd.DatasetError)


def test_a_valid_edit_of_a_release_is_refused_too(data_copy: Path) -> None:
    path = data_copy / "1.0.0" / "systems.json"
    tree = json.loads(path.read_text(encoding="utf-8"))
    next(r for r in tree["records"] if r["id"] == "t-34")["origin"] = "china"
    path.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(sd.IntegrityError, match=r"1\.0\.0/systems\.json"):
        _load.load_from(data_copy, "1.0.0")


@pytest.fixture
def unreleased(data_copy: Path, stray: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The installed data with a newer version that is not in the registry: a stray folder."""
    newest = sd.versions()[-1]
    shutil.copytree(data_copy / newest, data_copy / stray)
    monkeypatch.setattr(_load, "_shipped_root", lambda: str(data_copy))
    monkeypatch.setattr(_load, "_cache", {})
    return stray


def test_an_unreleased_version_loads_only_by_name(unreleased: str) -> None:
    assert unreleased not in sd.versions()
    assert sd.DATASET_VERSION == sd.load().version
    assert sd.load().released
    data = sd.load(unreleased)
    assert not data.released
    assert "unreleased" in repr(data)
    assert "unreleased" not in repr(sd.load())
    assert sd.load(sd.DATASET_VERSION).systems == data.systems


def test_an_unreleased_version_is_validated(unreleased: str, data_copy: Path) -> None:
    path = data_copy / unreleased / "systems.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"tank"', '"spaceship"', 1))
    with pytest.raises(sd.DatasetError, match="spaceship") as info:
        sd.load(unreleased)
    assert f"{unreleased}/systems.json" == info.value.file
    assert not isinstance(info.value, sd.IntegrityError)


def test_the_default_is_the_newest_release() -> None:
    assert sd.DATASET_VERSION == sd.versions()[-1] == sd.load().version


# -- reading: regular files of a sane size only ----------------------------------------------


def _replace(path: Path, make: Callable[[Path], object]) -> None:
    path.unlink()
    make(path)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: p.mkdir(), id="directory"),
        pytest.param(lambda p: os.mkfifo(p), id="fifo"),
        pytest.param(lambda p: p.symlink_to("/dev/zero"), id="symlink-to-dev-zero"),
        pytest.param(lambda p: p.symlink_to(p.parent), id="symlink-to-directory"),
    ],
)
def test_only_regular_files_are_read(draft: Path, make: Callable[[Path], object]) -> None:
    if not hasattr(os, "mkfifo") or not Path("/dev/zero").exists():
        pytest.skip("needs a POSIX system")
    _replace(draft / V / "eras.json", make)
    with pytest.raises(sd.DatasetError, match="regular file") as info:
        _load.load_from(draft, V)
    assert f"{V}/eras.json" == info.value.file


def test_a_huge_file_is_refused_unread(draft: Path) -> None:
    with (draft / V / "eras.json").open("r+b") as file:
        file.truncate(_load.MAX_FILE + 1)  # sparse: costs no disk
    with pytest.raises(sd.DatasetError, match="larger than"):
        _load.load_from(draft, V)


def _shrunk_fstat(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every file look 10 bytes long to fstat, as if it grew once it had been looked at."""
    real = os.fstat

    def fstat(fd: int) -> os.stat_result:
        info = real(fd)
        return os.stat_result((*info[:6], min(info.st_size, 10), *info[7:]))

    monkeypatch.setattr(_load.os, "fstat", fstat)


def test_a_file_that_grew_after_its_size_was_read_is_read_whole(
    draft: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _load.load_from(draft, V)
    _shrunk_fstat(monkeypatch)
    assert _load.load_from(draft, V) == expected


def test_a_file_that_grew_past_the_cap_is_refused(
    draft: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (draft / V / "eras.json").open("r+b") as file:
        file.truncate(_load.MAX_FILE + 1)  # sparse: costs no disk
    _shrunk_fstat(monkeypatch)
    with pytest.raises(sd.DatasetError, match="larger than") as info:
        _load.load_from(draft, V)
    assert f"{V}/eras.json" == info.value.file


def test_a_file_nested_5000_deep_is_a_dataset_error(draft: Path) -> None:
    (draft / V / "eras.json").write_text("[" * 5000 + "]" * 5000, encoding="ascii")
    with pytest.raises(sd.DatasetError) as info:
        _load.load_from(draft, V)
    assert f"{V}/eras.json" == info.value.file


def test_the_cli_exits_3_on_a_deeply_nested_file(
    draft: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from soviet_dprk import _cli

    (draft / V / "eras.json").write_text("[" * 5000 + "]" * 5000, encoding="ascii")
    monkeypatch.setattr(_load, "_shipped_root", lambda: str(draft))
    monkeypatch.setattr(_load, "_cache", {})
    assert 3 == _cli.main(["origin", "Type 58", "--data-version", V])
    err = capsys.readouterr().err
    assert "eras.json" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("version", ["1.0.0", "1.2.0"])
def test_loading_needs_no_deep_stack(version: str, draft: Path) -> None:
    """A first load works at a recursion limit a few frames above the caller's depth."""
    code = (
        "import sys, soviet_dprk as sd\n"
        "from soviet_dprk import _load, _validate\n"
        "import cattrs, json\n"
        "depth = len(__import__('inspect').stack())\n"
        "sys.setrecursionlimit(depth + 30)\n"
        f"data = sd.load({version!r})\n"
        f"draft = _load.load_from({str(draft)!r}, {version!r})\n"
        "assert data.systems == draft.systems\n"
        "print(sd.origin_of('Type 58').roots[0].name)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert 0 == done.returncode, done.stderr
    assert "AK-47" in done.stdout


def test_a_broken_version_holds_up_no_other(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_load, "_cache", {})
    real = _load.load_from
    release = threading.Event()
    order: list[str] = []

    def slow(root: Any, version: str) -> sd.Dataset:
        if version == "1.0.0":
            release.wait(10)
            order.append("slow 1.0.0 done")
        return real(root, version)

    monkeypatch.setattr(_load, "load_from", slow)
    thread = threading.Thread(target=sd.load, args=("1.0.0",))
    thread.start()
    try:
        while not _load._locks.get("1.0.0", threading.Lock()).locked():
            time.sleep(0.001)
        sd.load("1.1.0")
        order.append("1.1.0 loaded")
    finally:
        release.set()
        thread.join()
    assert ["1.1.0 loaded", "slow 1.0.0 done"] == order


# -- pickling ----------------------------------------------------------------------------------


def test_a_released_dataset_pickles_as_its_version() -> None:
    data = sd.load("1.0.0")
    assert pickle.loads(pickle.dumps(data)) is data  # noqa: S301 - our own bytes


def test_an_unreleased_dataset_refuses_to_pickle(draft: Path) -> None:
    with pytest.raises(TypeError, match="not released"):
        pickle.dumps(_load.load_from(draft, V))


@pytest.mark.parametrize("collecting", [True, False])
@pytest.mark.parametrize("broken", [False, True])
def test_loading_leaves_the_garbage_collector_as_it_was(
    draft: Path, collecting: bool, broken: bool
) -> None:
    """The collector is paused while records are built, and handed back as the caller had it."""
    import gc

    if broken:
        (draft / V / "eras.json").write_text("[", encoding="ascii")
    paused = []
    real = _load._parse

    def parse(where: str, raw: bytes) -> Any:
        paused.append(not gc.isenabled())
        return real(where, raw)

    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_load, "_parse", parse)
            if broken:
                with pytest.raises(sd.DatasetError):
                    _load.load_from(draft, V)
            else:
                _load.load_from(draft, V)
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
    assert paused
    assert all(paused)
