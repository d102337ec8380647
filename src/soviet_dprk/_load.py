"""Loading a dataset version: files, then verify or validate, then records, then index.

1. **Files.** The six files of ``data/<version>/`` are read as bytes: regular files only, each
   at most `MAX_FILE` bytes, so a folder, a FIFO or a device in their place fails at once.
2. **Verify or validate.** A version listed in the registry beside it (``data/SHA256SUMS``) is
   a release: every file's SHA-256 must match its registered sum, or `IntegrityError` names the
   file and the version is never loaded. Verified bytes were validated when they were released,
   so they are built into records with plain constructors (`soviet_dprk._build`). A version
   that is not registered goes through the validator (`soviet_dprk._validate`), which raises
   the `DatasetError` naming file, record and field.
3. **Records, then index**, in `soviet_dprk._build.dataset`; the answers come from the index.

Installed data is read with plain file calls from the folder beside this module;
importlib.resources, which costs a fresh process about 6 ms to import, serves only a package
that is not a folder on disk (imported from a zip archive, say).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import stat
import sys
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Union

from . import _build
from ._dataset import Dataset
from ._dataset import default as _default
from ._errors import DatasetError, IncompleteInstallationError, IntegrityError, UnknownVersionError
from ._model import FILES

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # pragma: no cover - exercised on Python 3.10 only
        from importlib_resources.abc import (  # type: ignore[import-not-found, unused-ignore]
            Traversable,
        )

__all__ = [
    "ENV_VAR",
    "FILES",
    "MAX_FILE",
    "REGISTRY",
    "Root",
    "data_root",
    "load",
    "load_from",
    "registry",
    "restore",
    "versions",
]

#: The environment variable that pins the default dataset version.
ENV_VAR: Final = "SOVIET_DPRK_DATASET_VERSION"
#: The registry of released versions: ``"<sha256>  <version>/<file>"``, one line a file.
REGISTRY: Final = "SHA256SUMS"
#: The largest data file read: ten times the largest shipped file, and then some.
MAX_FILE: Final = 16 << 20
_VERSION_RE: Final = re.compile(r"\A(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\Z")
#: Open without blocking on a FIFO, where the platform can; regular files do not care.
_OPEN_FLAGS: Final = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)

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


# -- 1. files --------------------------------------------------------------------------------


def _read(root: Root, *parts: str) -> bytes:
    """A data file's bytes: a regular file of at most `MAX_FILE` bytes, or an error naming it.

    Raises:
        FileNotFoundError: There is no such file (the caller words it).
        DatasetError: It is not a regular file, or it is too large.
    """
    where = "/".join(parts)
    if isinstance(root, (str, os.PathLike)):
        path = os.path.join(os.fspath(root), *parts)
        try:
            fd = os.open(path, _OPEN_FLAGS)
        except (IsADirectoryError, PermissionError) as exc:
            raise DatasetError(where, None, None, "is not a readable regular file") from exc
        except NotADirectoryError as exc:
            raise FileNotFoundError(path) from exc
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise DatasetError(where, None, None, "is not a regular file")
            if info.st_size > MAX_FILE:
                raise DatasetError(where, None, None, f"is larger than {MAX_FILE} bytes")
            # The size fstat gives in one call, then on to the end of the file in small ones
            # (it may have grown), never past MAX_FILE + 1: a buffered read of MAX_FILE + 1
            # bytes would set aside 16 MiB for each file and cost ten times as much.
            data = os.read(fd, info.st_size + 1)
            while len(data) <= MAX_FILE:
                more = os.read(fd, min(MAX_FILE + 1 - len(data), 1 << 16))
                if not more:
                    break
                data += more
        finally:
            os.close(fd)
    else:
        entry = root.joinpath(*parts)
        if not entry.is_file():
            if entry.is_dir():
                raise DatasetError(where, None, None, "is not a regular file")
            raise FileNotFoundError(where)
        data = entry.read_bytes()
    if len(data) > MAX_FILE:
        raise DatasetError(where, None, None, f"is larger than {MAX_FILE} bytes")
    return data


def registry(root: Root) -> dict[str, dict[str, str]]:
    """The released versions registered in ``root``: file name to SHA-256, by version.

    A folder without a registry releases nothing: every version in it is validated.
    """
    try:
        text = _read(root, REGISTRY).decode("ascii")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as exc:
        raise DatasetError(REGISTRY, None, None, "is not ASCII") from exc
    released: dict[str, dict[str, str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        sha, sep, path = line.partition("  ")
        version, slash, name = path.partition("/")
        if not (sep and slash and len(sha) == 64 and _VERSION_RE.match(version)):
            raise DatasetError(
                REGISTRY, f"line {number}", None, "expected '<sha256>  <version>/<file>'"
            )
        released.setdefault(version, {})[name] = sha
    return released


def versions_in(root: Root) -> tuple[str, ...]:
    """The released versions in ``root`` (registered, with a folder), oldest first."""
    return tuple(sorted((v for v in registry(root) if _is_folder(root, v)), key=_version_key))


def versions() -> tuple[str, ...]:
    """Return the released dataset versions shipped with this installation, oldest first.

    >>> versions()[0]
    '1.0.0'
    """
    return versions_in(_shipped_root())


def _is_folder(root: Root, version: str) -> bool:
    if isinstance(root, (str, os.PathLike)):
        return os.path.isdir(os.path.join(os.fspath(root), version))
    found: bool = (root / version).is_dir()
    return found


def _parse(where: str, raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DatasetError(where, None, None, f"not valid UTF-8 JSON: {exc}") from exc
    except RecursionError as exc:
        raise DatasetError(where, None, None, "nested too deeply to be a data file") from exc


# -- 2. verify or validate, 3. records and index ---------------------------------------------


def load_from(root: Root, version: str) -> Dataset:
    """Load the dataset version in ``root / version``: verified if registered, else validated.

    The package calls this with its own data folder; the release tool, benchmarks and tests
    pass another. Nothing is cached.

    Raises:
        UnknownVersionError: ``root`` holds no such version.
        IncompleteInstallationError: A file of the version is missing.
        IntegrityError: A registered version's file does not match its registered SHA-256.
        DatasetError: An unregistered version breaks a rule (naming file, record and field),
            or a file is not a regular file or is too large.
    """
    if not (_VERSION_RE.match(version) and _is_folder(root, version)):
        raise UnknownVersionError(version, versions_in(root))
    raw: dict[str, bytes] = {}
    for name in FILES:
        try:
            raw[name] = _read(root, version, name)
        except FileNotFoundError as exc:
            raise IncompleteInstallationError(f"{version}/{name}") from exc
    sums = {name: hashlib.sha256(data).hexdigest() for name, data in raw.items()}
    released = registry(root).get(version)
    if released is not None:
        for name in FILES:
            expected = released.get(name, "")
            if expected != sums[name]:
                raise IntegrityError(f"{version}/{name}", expected, sums[name])
    # The records hold no reference cycles, so the cyclic garbage collector has nothing to
    # find in them; left on, it would sweep the growing heap again and again while they are
    # built, which makes a large version cost more per record than a small one. It is paused
    # for the build, as Mercurial's ``util.nogc`` does, and left as the caller had it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        trees = {name: _parse(f"{version}/{name}", data) for name, data in raw.items()}
        if released is not None:
            records = _build.records(trees)
        else:
            from ._validate import validate

            records = validate(version, trees)
        digest = _digest(version, sums)
        return _build.dataset(version, digest, records, released=released is not None)
    finally:
        if collecting:
            gc.enable()


def _digest(version: str, sums: Mapping[str, str]) -> str:
    lines = "".join(f"{sums[name]}  {version}/{name}\n" for name in FILES)
    return "sha256:" + hashlib.sha256(lines.encode()).hexdigest()


# -- the cache -----------------------------------------------------------------------------

_cache: dict[str, Dataset] = {}
_locks: dict[str, threading.Lock] = {}
_locks_lock: Final = threading.Lock()


def _lock(version: str) -> threading.Lock:
    with _locks_lock:
        return _locks.setdefault(version, threading.Lock())


def _newest() -> str:
    shipped = versions()
    if not shipped:
        raise IncompleteInstallationError(REGISTRY)
    return shipped[-1]


def default() -> Dataset:
    """The default dataset: `load` with no version, resolved on first use and then kept."""
    if not _default:
        dataset = load_version(os.environ.get(ENV_VAR) or _newest())
        with _locks_lock:
            if not _default:
                _default.append(dataset)
    return _default[0]


def load(version: str | None = None) -> Dataset:
    """Return a shipped dataset version, loading it on first use.

    Args:
        version: A version such as ``"1.0.0"``. ``None`` means the default: the version named
            by the environment variable ``SOVIET_DPRK_DATASET_VERSION`` when it is set at the
            first use of the default, else the newest released version.

    Raises:
        UnknownVersionError: No such version is shipped.
        IntegrityError: A released version's files were modified or corrupted.
        DatasetError: The shipped data is missing or invalid.
        TypeError: ``version`` is neither a str nor ``None``.

    >>> load("1.0.0").version
    '1.0.0'
    """
    if version is None:
        return _default[0] if _default else default()
    if not isinstance(version, str):
        raise TypeError(f"a dataset version must be a str or None, not {type(version).__name__}")
    return load_version(version)


def load_version(version: str) -> Dataset:
    """Load a named version once, under a lock of its own: one broken version holds up no other."""
    cached = _cache.get(version)
    if cached is not None:
        return cached
    with _lock(version):
        cached = _cache.get(version)
        if cached is None:
            cached = _cache[version] = load_from(_shipped_root(), version)
        return cached


def restore(version: str, digest: str) -> Dataset:
    """Unpickle a `Dataset`: the shipped version of that name, if its digest is the same.

    Raises:
        DatasetError: This installation's version has other contents than the pickled one.
    """
    dataset = load_version(version)
    if dataset.digest != digest:
        raise DatasetError(
            version,
            None,
            None,
            f"the pickled dataset has digest {digest}, this installation's {dataset.digest}",
        )
    return dataset
