"""Released dataset versions never change: their bytes, digests and answers are pinned here."""

from __future__ import annotations

import hashlib
import itertools
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import soviet_dprk as sd
from soviet_dprk import _load

# One line per released version; a release adds a line and never edits one.
RELEASED = {
    "2.4.0": "sha256:690868519f02d0f57d69b89ab149b78ec32fb233eeb4bb853a9c16640fae4acc",
    "2.3.0": "sha256:1ecc0cc41f8b09b88d9bcb726169b1ffba6867633a9f73816e87e9110bc36663",
    "2.2.0": "sha256:0cc6f7b01014d88315cf053b180d6759fd7472aa363b5d789b3e7350a29fbb5b",
    "2.1.0": "sha256:4ccbb7d612bf4e7003ab98cf2f187799f687841ef38df47d8e7e2a010c62ba5c",
    "2.0.0": "sha256:3a4b4739fdd2eb39485815290ab798378d25819088b4292b04084c2975887c78",
    "1.2.0": "sha256:0c6cda83d5fefd52946b58092ab8049957ec03d5a9bf24db27dd8efb383a3472",
    "1.1.0": "sha256:4c024b64d9e22a72bda063b22a9db2c8bda048647e85dd4496c6dee7e2b6953b",
    "1.0.0": "sha256:e247bf7e7c192527738dee881b5a01552da345bf5def716a44af69712c7109c8",
}
DATA = Path(str(_load.data_root()))
#: An unregistered version after the newest release, held to the same rules as it.
STRAY = f"{sd.versions()[-1].split('.')[0]}.99.0"


def registry() -> dict[str, list[tuple[str, str]]]:
    by_version: dict[str, list[tuple[str, str]]] = {}
    for line in (DATA / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        digest, path = line.split("  ")
        version, name = path.split("/")
        by_version.setdefault(version, []).append((digest, name))
    return by_version


def test_every_shipped_version_is_released_and_every_release_is_shipped() -> None:
    assert set(RELEASED) == set(sd.versions()) == set(registry())


@pytest.mark.parametrize("version", sorted(RELEASED))
def test_released_files_are_byte_for_byte_unchanged(version: str) -> None:
    entries = registry()[version]
    assert sorted(_load.FILES) == sorted(name for _, name in entries)
    for digest, name in entries:
        assert digest == hashlib.sha256((DATA / version / name).read_bytes()).hexdigest(), name


@pytest.mark.parametrize("version", sorted(RELEASED))
def test_dataset_digest_matches_the_registry_and_the_pinned_value(version: str) -> None:
    lines = "".join(f"{d}  {version}/{n}\n" for d, n in registry()[version])
    expected = "sha256:" + hashlib.sha256(lines.encode()).hexdigest()
    assert RELEASED[version] == expected == sd.load(version).digest


# Known answers per released version: a code change that alters an old version's answers fails.
KNOWN_ANSWERS = {
    "2.4.0": {
        "counts": (261, 185, 229, 10, 880),
        "origins": {
            "Type 58": ("licensed_production", ("ak-47",)),
            "МиГ-29": ("delivered", ("mig-29",)),
            "폭풍호": ("influenced", ("t-62", "t-72", "t-90")),
            "화성-5": ("copied", ("scud",)),
            "Hwasong-17": ("component", ("rd-250",)),
            "바다수리-6": ("influenced", ("kh-35",)),
            "KN-14": ("component", ("r-27", "scud")),
            "PM M1910": ("delivered", ("maxim-m1910",)),
            "Komar": ("delivered", ("komar-class",)),
            "Taebaeksan-96": ("indigenous", ()),
            "Ka-32": ("delivered", ("ka-32",)),
        },
        "eras": {1950: ("founding-build-up",), 1960: ("post-war-reconstruction",)},
    },
    "2.3.0": {
        "counts": (241, 167, 228, 10, 830),
        "origins": {
            "Type 58": ("licensed_production", ("ak-47",)),
            "МиГ-29": ("delivered", ("mig-29",)),
            "폭풍호": ("influenced", ("t-62", "t-72", "t-90")),
            "화성-5": ("copied", ("scud",)),
            "Bulsae-2": ("copied", ("9k111-fagot",)),
            "Hwasong-17": ("component", ("rd-250",)),
            "Saetbyol-9": ("copied", ("mq-9-reaper",)),
            "화성-11마": ("influenced", ("iskander",)),
            "airborne early warning aircraft (DPRK)": ("component", ("il-76",)),
            "Unha": ("component", ("scud",)),
            "Mi-14": ("delivered", ("mi-14",)),
        },
        "eras": {1950: ("founding-build-up",), 1960: ("post-war-reconstruction",)},
    },
    "2.2.0": {
        "counts": (212, 141, 216, 10, 761),
        "origins": {
            "Type 58": ("licensed_production", ("ak-47",)),
            "МиГ-29": ("delivered", ("mig-29",)),
            "폭풍호": ("influenced", ("t-62", "t-72", "t-90")),
            "화성-5": ("copied", ("scud",)),
            "M-1978 Koksan": ("component", ("type-59", "t-55")),
            "Bulsae-2": ("copied", ("9k111-fagot",)),
            "Hwasong-17": ("component", ("rd-250",)),
            "Nodong-1": ("influenced", ("scud",)),
            "WS51200": ("delivered", ("ws51200",)),
            "PKM": ("delivered", ("pk",)),
        },
        "eras": {1950: ("founding-build-up",), 1960: ("post-war-reconstruction",)},
    },
    "2.1.0": {
        "counts": (209, 126, 189, 10, 718),
        "origins": {
            "Type 58": ("licensed_production", ("ak-47",)),
            "МиГ-29": ("delivered", ("mig-29",)),
            "폭풍호": ("influenced", ("t-62", "t-72", "t-90")),
            "Guideline": ("delivered", ("s-75",)),
            "화성-5": ("copied", ("scud",)),
            "M-1978 Koksan": ("component", ("type-59", "t-55")),
            "Songun-ho": ("indigenous", ()),
            "Bulsae-2": ("copied", ("9k111-fagot",)),
            "75式": ("copied", ("type-63-mrl",)),
            "Hwasong-17": ("component", ("rd-250",)),
        },
        "eras": {1950: ("founding-build-up",), 1960: ("post-war-reconstruction",)},
    },
    "2.0.0": {
        "counts": (164, 99, 110, 10, 560),
        "origins": {
            "Type 58": ("licensed_production", ("ak-47",)),
            "МиГ-29": ("delivered", ("mig-29",)),
            "폭풍호": ("influenced", ("t-62", "t-72", "t-90")),
            "Guideline": ("delivered", ("s-75",)),
            "화성-5": ("copied", ("scud",)),
            "M-1978 Koksan": ("component", ("type-59", "t-55")),
            "Songun-ho": ("indigenous", ()),
        },
        "eras": {1950: ("founding-build-up",), 1960: ("post-war-reconstruction",)},
    },
    "1.2.0": {
        "counts": (164, 96, 115, 10, 422),
        "origins": {
            "Type 58": ("licensed_production", ("ak-47",)),
            "МиГ-29": ("delivered", ("mig-29",)),
            "폭풍호": ("influenced", ("t-62", "t-72", "t-90")),
            "Guideline": ("delivered", ("s-75",)),
            "화성-5": ("copied", ("scud",)),
            "歼-6": ("delivered", ("j-6",)),
        },
        "eras": {1950: ("founding-build-up",), 1960: ("post-war-reconstruction",)},
    },
    "1.1.0": {
        "counts": (164, 96, 115, 10, 348),
        "origins": {
            "Type 58": ("licensed_production", ("ak-47",)),
            "Type 68": ("licensed_production", ("akm", "ak-47")),
            "Type 88": ("copied", ("ak-74",)),
            "Chonma-ho": ("licensed_production", ("t-62",)),
            "Pokpung-ho": ("influenced", ("t-62", "t-72", "t-90")),
            "T-55": ("delivered", ("t-55",)),
            "Type 59": ("delivered", ("type-59",)),
            "Hwasong-5": ("copied", ("scud",)),
            "KN-23": ("influenced", ("iskander",)),
        },
        "eras": {
            1950: ("founding-build-up",),
            1960: ("post-war-reconstruction",),
            1970: ("resumed-transfers",),
            1987: ("late-soviet-rapprochement",),
            1995: ("post-soviet-rupture",),
            2024: ("chinese-role", "renewed-alignment"),
        },
    },
    "1.0.0": {
        "counts": (21, 7, 10, 4, 5),
        "origins": {
            "Type 58": ("licensed_production", ("ak-47",)),
            "Type 68": ("licensed_production", ("akm",)),
            "Type 88": ("influenced", ("ak-74",)),
            "Chonma-ho": ("licensed_production", ("t-62",)),
            "Pokpung-ho": ("influenced", ("t-62", "t-72", "t-90")),
            "T-55": ("delivered", ("t-55",)),
        },
        "eras": {
            1950: ("founding-build-up",),
            1960: ("khrushchev-pall",),
            1970: ("resumed-transfers",),
        },
    },
}


@pytest.mark.parametrize("version", sorted(KNOWN_ANSWERS))
def test_known_answers_per_version(version: str) -> None:
    data = sd.load(version)
    table = KNOWN_ANSWERS[version]
    counts = tuple(
        len(x) for x in (data.systems, data.derivations, data.transfers, data.eras, data.sources)
    )
    assert table["counts"] == counts
    for name, (acquisition, roots) in table["origins"].items():
        origin = data.origin_of(name)
        assert (acquisition, roots) == (origin.acquisition.value, tuple(r.id for r in origin.roots))
    for year, eras in table["eras"].items():
        assert eras == tuple(e.id for e in data.eras_at(year))


def test_ids_of_every_version_resolve_in_the_next() -> None:
    shipped = sd.versions()
    for old, new in itertools.pairwise(shipped):
        before, after = sd.load(old), sd.load(new)
        withdrawn = {(t.record, t.id) for t in after.tombstones}
        for system in before.systems:
            assert (sd.Table.SYSTEM, system.id) in withdrawn or after.system(
                system.id
            ).id == system.id
        for era in before.eras:
            assert era.id == after.era(era.id).id
        for table, kind in (
            ("sources", sd.Table.SOURCE),
            ("derivations", sd.Table.DERIVATION),
            ("transfers", sd.Table.TRANSFER),
        ):
            live = {r.id for r in getattr(after, table)}
            for record in getattr(before, table):
                assert record.id in live or (kind, record.id) in withdrawn, (new, record.id)


def test_the_release_tool_refuses_to_touch_a_released_version() -> None:
    root = Path(__file__).resolve().parents[1]
    tool = root / "tools" / "release_dataset.py"
    if not tool.exists():
        pytest.skip("tools/ is not part of this installation")
    before = (DATA / "SHA256SUMS").read_bytes()
    done = subprocess.run(
        [sys.executable, str(tool), "1.0.0"], cwd=root, capture_output=True, text=True, check=False
    )
    assert 1 == done.returncode
    assert "already released" in done.stdout
    assert before == (DATA / "SHA256SUMS").read_bytes()


def _release_tool_in(tmp_path: Path) -> tuple[Path, Path]:
    tool = Path(__file__).resolve().parents[1] / "tools" / "release_dataset.py"
    if not tool.exists():
        pytest.skip("tools/ is not part of this installation")
    data = tmp_path / "src" / "soviet_dprk" / "data"
    shutil.copytree(DATA, data)
    shutil.copytree(data / sd.versions()[-1], data / STRAY)
    return tool, data


def test_the_release_tool_registers_only_what_validates(tmp_path: Path) -> None:
    tool, data = _release_tool_in(tmp_path)
    eras = data / STRAY / "eras.json"
    valid = eras.read_bytes()
    eras.write_bytes(valid.replace(b'"start": 19', b'"start": 29', 1))  # a year out of range
    before = (data / "SHA256SUMS").read_bytes()
    run = [sys.executable, str(tool), STRAY]
    done = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert 1 == done.returncode
    assert f"{STRAY}/eras.json" in done.stdout
    assert before == (data / "SHA256SUMS").read_bytes()

    eras.write_bytes(valid)
    done = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert 0 == done.returncode, done.stdout
    released = _load.load_from(data, STRAY)
    assert released.released
    assert f'"{STRAY}": "{released.digest}"' in done.stdout
    assert STRAY in _load.versions_in(data)


# Designations that mean two systems are shared names from 2.1.0 (issue 13): looking one up
# names both systems instead of answering for one.
@pytest.mark.parametrize(
    ("name", "systems"),
    [
        ("Fagot", {"mig-15", "9k111-fagot"}),
        ("Type 82", {"pt-85", "type-82-machine-gun"}),
        ("Hwasong-11", {"kn-23", "kn-24"}),
    ],
)
def test_shared_names_of_2_1_0_name_both_systems(name: str, systems: set[str]) -> None:
    data = sd.load("2.1.0")
    with pytest.raises(sd.AmbiguousNameError) as caught:
        data.system(name)
    assert {s.id for s in data.systems if s.name in caught.value.candidates} == systems
