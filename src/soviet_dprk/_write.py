"""Writing exports safely: whole or not at all, never through a symbolic link.

A folder export is written into a fresh temporary folder beside its target and moved into
place whole, replacing an earlier export of ours; a file export is written beside its target
and renamed over it. Nothing is left behind when writing fails. A non-empty folder that holds
no earlier export, and an existing file, are replaced only when asked (``force``); a target
that is a symbolic link is never followed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Final

from ._errors import ExportError

__all__ = ["MARKER", "write_file", "write_folder"]

#: The file that marks a folder as an export of ours, which a new export may replace.
MARKER: Final = ".soviet-dprk-export"


def _not_a_link(target: Path) -> None:
    if target.is_symlink():
        raise ExportError(target, "is a symbolic link; exports never follow one")


def write_file(target: str | os.PathLike[str], text: str, *, force: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``target`` whole, by renaming a finished file over it.

    Raises:
        ExportError: ``target`` is a symbolic link or a folder, or it exists and ``force``
            is false.
    """
    path = Path(target)
    _not_a_link(path)
    if path.is_dir():
        raise ExportError(path, "is a folder; name a file")
    if path.exists() and not force:
        raise ExportError(path, "exists; pass force=True (--force) to replace it")
    parent = path.parent
    parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_folder(
    target: str | os.PathLike[str],
    write: Callable[[Path], list[Path]],
    *,
    what: dict[str, str],
    force: bool = False,
) -> Path:
    """Fill a fresh folder with ``write`` and move it into place as ``target``, whole.

    Args:
        target: The folder to create or replace.
        write: Writes the export's files into the folder it is given; returns their paths.
        what: Recorded in the folder's marker (the dataset version and digest).
        force: Replace a non-empty folder that holds no earlier export, and all it holds.

    Raises:
        ExportError: ``target`` is a symbolic link or a file, or a non-empty folder that
            holds no earlier export and ``force`` is false.
    """
    folder = Path(target)
    _not_a_link(folder)
    if folder.exists():
        if not folder.is_dir():
            raise ExportError(folder, "is a file, not a folder")
        ours = (folder / MARKER).is_file() and not (folder / MARKER).is_symlink()
        if not ours and not force and any(folder.iterdir()):
            raise ExportError(
                folder,
                "is not empty and holds no earlier soviet-dprk export; pass force=True "
                "(--force) to replace it and everything in it",
            )
    parent = folder.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    old = None
    try:
        files = write(fresh)
        marker = {**what, "files": sorted(p.name for p in files)}
        (fresh / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        fresh.chmod(0o755)  # mkdtemp makes it private to its owner
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=parent))
            folder.rename(old / "export")
        fresh.rename(folder)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        if old is not None and (old / "export").exists() and not folder.exists():
            (old / "export").rename(folder)  # put the earlier export back
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return folder
