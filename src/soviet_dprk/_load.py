"""Reading shipped dataset versions, and loading each once.

A version loads along one of two paths over the same bytes. The fast path
(`soviet_dprk._fast`) checks each record and builds it with code written for its class, with the
garbage collector paused while it allocates (a collector pass over half-built records finds no
garbage and costs more than the load). Whatever the fast path rejects, for any reason, goes down
the detailed path (`soviet_dprk._detailed`): cattrs' detailed validation and the checks one
record at a time, which raise the `DatasetError` that names the file, the record and the field.
Valid data never takes the detailed path.

An installed package's data is read with plain file calls from the folder beside this module;
importlib.resources, which costs a fresh process about 6 ms to import, is used only when the
package is not a folder on disk (imported from a zip archive, say).
"""

from __future__ import annotations

import gc
import hashlib
import mmap
import os
import re
import sys
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final, Union

from . import _fast
from ._dataset import Dataset
from ._errors import IncompleteInstallationError, UnknownVersionError
from ._fast import Data, structure
from ._query import Index

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # pragma: no cover - exercised on Python 3.10 only
        from importlib_resources.abc import (  # type: ignore[import-not-found, unused-ignore]
            Traversable,
        )

__all__ = ["ENV_VAR", "FILES", "Root", "data_root", "load", "load_from", "versions"]

#: The environment variable that pins the default dataset version.
ENV_VAR: Final = "SOVIET_DPRK_DATASET_VERSION"
#: The files every dataset version consists of, in load order.
FILES: Final = (
    "sources.json",
    "systems.json",
    "derivations.json",
    "transfers.json",
    "eras.json",
    "tombstones.json",
)
_VERSION_RE: Final = re.compile(r"\A(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\Z")

#: A folder of dataset versions: a path on disk, or an importlib.resources ``Traversable``.
Root = Union[str, "os.PathLike[str]", "Traversable"]


def data_root() -> Traversable:
    """The folder of shipped dataset versions inside the installed package."""
    if sys.version_info >= (3, 11):
        from importlib.resources import files
    else:  # pragma: no cover - exercised on Python 3.10 only
        from importlib_resources import files  # type: ignore[import-not-found, unused-ignore]

    return files("soviet_dprk") / "data"


def _shipped_root() -> Root:
    """The shipped data as a plain folder when the package is one, else as a Traversable."""
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    return folder if os.path.isdir(folder) else data_root()


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def versions_in(root: Root) -> tuple[str, ...]:
    """The dataset versions below ``root``, oldest first."""
    if isinstance(root, (str, os.PathLike)):
        folder = os.fspath(root)
        found = [
            name
            for name in os.listdir(folder)
            if _VERSION_RE.match(name) and os.path.isdir(os.path.join(folder, name))
        ]
    else:
        found = [p.name for p in root.iterdir() if p.is_dir() and _VERSION_RE.match(p.name)]
    return tuple(sorted(found, key=_version_key))


def versions() -> tuple[str, ...]:
    """Return the dataset versions shipped with this installation, oldest first.

    >>> versions()[0]
    '1.0.0'
    """
    return versions_in(_shipped_root())


def _is_folder(root: Root, version: str) -> bool:
    if isinstance(root, (str, os.PathLike)):
        return os.path.isdir(os.path.join(os.fspath(root), version))
    found: bool = (root / version).is_dir()
    return found


def _read(root: Root, version: str, name: str) -> Data:
    """A file's bytes; a large file on disk is mapped into memory rather than copied."""
    if isinstance(root, (str, os.PathLike)):
        with open(os.path.join(os.fspath(root), version, name), "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if not size or size < _fast.STREAM_FROM:
                return file.read()
            return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    data: bytes = (root / version / name).read_bytes()
    return data


def load_from(root: Root, version: str) -> Dataset:
    """Load and validate the dataset version in ``root / version``.

    The package calls this with its own data folder; benchmarks and tests pass another.

    Raises:
        UnknownVersionError: ``root`` holds no such version.
        DatasetError: A file is missing or invalid (the message names file, record and field).
    """
    if not (_VERSION_RE.match(version) and _is_folder(root, version)):
        raise UnknownVersionError(version, versions_in(root))
    files: dict[str, Data] = {}
    for name in FILES:
        try:
            files[name] = _read(root, version, name)
        except (FileNotFoundError, NotADirectoryError) as exc:
            raise IncompleteInstallationError(f"{version}/{name}") from exc
    digest = _Digest(version, files)
    try:
        dataset = _load_fast(version, files, digest)
    except Exception:  # whatever it is, the detailed path words it
        dataset = None
    if dataset is None:
        dataset = _load_detailed(version, files, digest)
    return dataset


class _Digest:
    """The SHA-256 sums of a version's files, computed beside the parsing on a second core.

    hashlib releases the GIL on large buffers, so a thread hashes while the main thread parses;
    small data (the shipped versions) is hashed in line, as a thread would cost more.
    """

    _THREAD_FROM: Final = 1 << 20

    def __init__(self, version: str, files: Mapping[str, Data]) -> None:
        self._version = version
        self._files = files
        self._value = ""
        self._thread: threading.Thread | None = None
        if sum(map(len, files.values())) >= self._THREAD_FROM:
            self._thread = threading.Thread(target=self._compute, daemon=True)
            self._thread.start()
        else:
            self._compute()

    def _compute(self) -> None:
        lines = "".join(
            f"{hashlib.sha256(raw).hexdigest()}  {self._version}/{name}\n"
            for name, raw in self._files.items()
        )
        self._value = "sha256:" + hashlib.sha256(lines.encode()).hexdigest()

    def value(self) -> str:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        return self._value


# -- the two paths --------------------------------------------------------------------------


def _load_fast(version: str, files: Mapping[str, Data], digest: _Digest) -> Dataset:
    """The fast path: raises (anything) when the data breaks a rule, without saying which."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        tables = structure(files)
        s, d, t = tuple(tables.systems), tuple(tables.derivations), tuple(tables.transfers)
        e, tomb = tuple(tables.eras), tuple(tables.tombstones)
        index = Index(s, d, t, e, tomb, keys=tables.keys, systems_by_id=tables.systems_by_id)
        if index.has_cycle():
            raise ValueError("a lineage cycle")
        return Dataset(
            version=version,
            digest=digest.value(),
            systems=s,
            derivations=d,
            transfers=t,
            eras=e,
            sources=tuple(tables.sources),
            tombstones=tomb,
            index=index,
        )
    finally:
        if collecting:
            gc.enable()


def _load_detailed(version: str, files: Mapping[str, Data], digest: _Digest) -> Dataset:
    """The detailed path: raises the `DatasetError` that names file, record and field."""
    from ._detailed import load_detailed

    return load_detailed(version, files, digest.value())


# -- the cache -----------------------------------------------------------------------------

_cache: dict[str, Dataset] = {}
_lock: Final = threading.Lock()
_newest_found: list[str] = []


def _newest() -> str:
    if not _newest_found:
        shipped = versions()
        if not shipped:
            raise IncompleteInstallationError("data")
        _newest_found.append(shipped[-1])
    return _newest_found[0]


def load(version: str | None = None) -> Dataset:
    """Return a shipped dataset version, loading and validating it on first use.

    Args:
        version: A version such as ``"1.0.0"``. ``None`` means the version named by the
            environment variable ``SOVIET_DPRK_DATASET_VERSION`` when it is set, else the
            newest shipped version.

    Raises:
        UnknownVersionError: No such version is shipped.
        DatasetError: The shipped data is missing or invalid.
        TypeError: ``version`` is neither a str nor ``None``.

    >>> load("1.0.0").version
    '1.0.0'
    """
    if version is None:
        version = os.environ.get(ENV_VAR) or None
    if version is not None and not isinstance(version, str):
        raise TypeError(f"a dataset version must be a str or None, not {type(version).__name__}")
    if version is None:
        version = _newest()
    cached = _cache.get(version)
    if cached is not None:
        return cached
    with _lock:
        cached = _cache.get(version)
        if cached is None:
            cached = _cache[version] = load_from(_shipped_root(), version)
        return cached
