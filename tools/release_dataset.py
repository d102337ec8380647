"""Register a new dataset version as released: append its files' SHA-256 to data/SHA256SUMS.

Usage (from the project's root):  python tools/release_dataset.py VERSION

Refuses a version that is already registered (a released version is never edited), one whose
files are not all present, and one that the validator rejects: the version is not registered
yet, so the loader sends it through `soviet_dprk._validate`, the same validator the tests use.
Prints the digest to add to RELEASED in tests/test_released.py.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from soviet_dprk import _load
from soviet_dprk._errors import DatasetError

DATA = Path("src/soviet_dprk/data")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    version = argv[1]
    if version in _load.registry(DATA):
        print(f"{version} is already released; release a new version instead")
        return 1
    try:
        dataset = _load.load_from(DATA, version)
    except DatasetError as exc:
        print(f"{version} is not valid, so it is not registered: {exc}")
        return 1
    if dataset.released:  # cannot happen: the registry was read above
        print(f"{version} was registered while this ran; not registered again")
        return 1
    lines = "".join(
        f"{hashlib.sha256((DATA / version / name).read_bytes()).hexdigest()}  {version}/{name}\n"
        for name in _load.FILES
    )
    digest = "sha256:" + hashlib.sha256(lines.encode()).hexdigest()
    if digest != dataset.digest:
        print(f"the loader's digest {dataset.digest} differs from {digest}; not registered")
        return 1
    registry = DATA / _load.REGISTRY
    registry.write_text(registry.read_text(encoding="ascii") + lines, encoding="ascii")
    print(f"registered {version}; add to RELEASED in tests/test_released.py:")
    print(f'    "{version}": "{digest}",')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
