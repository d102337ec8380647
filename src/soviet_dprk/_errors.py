"""The exception tree: every error the package raises on purpose derives from `SovietDprkError`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

__all__ = [
    "AmbiguousNameError",
    "DatasetError",
    "ExportError",
    "IncompleteInstallationError",
    "IntegrityError",
    "SovietDprkError",
    "UnknownEraError",
    "UnknownNameError",
    "UnknownValueError",
    "UnknownVersionError",
]

#: At most this many characters of an input are shown in a message.
_SHOWN: Final = 80


def shown(value: object) -> str:
    """The repr of what was asked for, cut to about 80 characters: input may be any size.

    A cut str keeps the quote its repr closes with (a double one when it holds an apostrophe).
    """
    text = repr(value)
    if len(text) <= _SHOWN:
        return text
    close = text[-1] if isinstance(value, str) else ""
    return text[: _SHOWN - 3 - len(close)] + "..." + close


def _rebuild(cls: type[SovietDprkError], message: str, state: dict[str, Any]) -> SovietDprkError:
    """Unpickle an error: its message and attributes as they were, its ``__init__`` not rerun."""
    error = cls.__new__(cls)
    error.args = (message,)
    error.__dict__.update(state)
    return error


def _did_you_mean(options: Sequence[str]) -> str:
    if not options:
        return ""
    return "; did you mean " + " or ".join(repr(o) for o in options) + "?"


class SovietDprkError(Exception):
    """Root of every error raised on purpose by soviet_dprk.

    Every error of the package pickles and unpickles equal: same message, same attributes.
    """

    def __reduce__(self) -> tuple[Any, tuple[type[SovietDprkError], str, dict[str, Any]]]:
        return _rebuild, (type(self), str(self), dict(self.__dict__))


class UnknownNameError(SovietDprkError, LookupError):
    """No system in the dataset goes by the name that was asked for.

    Attributes:
        name: The name exactly as it was passed in.
        suggestions: Names of close matches, best first (possibly empty).
    """

    def __init__(self, name: str, suggestions: Sequence[str] = (), *, detail: str = "") -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        message = f"unknown system {shown(name)}{detail}{_did_you_mean(self.suggestions)}"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class AmbiguousNameError(SovietDprkError, LookupError):
    """A name denotes more than one system; ask again with a more specific name.

    Attributes:
        name: The name exactly as it was passed in.
        candidates: The names of the systems it denotes.
    """

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.candidates = tuple(dict.fromkeys(candidates))
        listed = ", ".join(repr(c) for c in self.candidates)
        super().__init__(f"{shown(name)} denotes several systems: {listed}; use one of these names")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownVersionError(SovietDprkError, LookupError):
    """The dataset version asked for is not shipped with this installation.

    Attributes:
        version: The version that was asked for.
        available: The versions that are shipped, oldest first.
    """

    def __init__(self, version: str, available: Sequence[str]) -> None:
        self.version = version
        self.available = tuple(available)
        listed = ", ".join(self.available) or "none"
        super().__init__(f"unknown dataset version {shown(version)}; shipped versions: {listed}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownEraError(SovietDprkError, LookupError):
    """No era matches the id, name or year that was asked for.

    Attributes:
        era: What was asked for.
        suggestions: Ids of close or available eras.
    """

    def __init__(self, era: object, suggestions: Sequence[str] = ()) -> None:
        self.era = era
        self.suggestions = tuple(suggestions)
        super().__init__(f"unknown era {shown(era)}{_did_you_mean(self.suggestions)}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownValueError(SovietDprkError, LookupError):
    """A filter was given a value that its vocabulary does not hold (a supplier, a kind...).

    Attributes:
        field: The filter (``"supplier"``, ``"kind"``, ``"category"``, ``"min_confidence"``).
        value: What was asked for.
        suggestions: Close values, best first.
    """

    def __init__(self, field: str, value: object, suggestions: Sequence[str] = ()) -> None:
        self.field = field
        self.value = value
        self.suggestions = tuple(suggestions)
        super().__init__(f"unknown {field} {shown(value)}{_did_you_mean(self.suggestions)}")

    def __str__(self) -> str:
        return str(self.args[0])


class ExportError(SovietDprkError):
    """An export could not be written where it was asked to go; nothing was written.

    Attributes:
        path: The file or folder asked for.
        problem: Why it was refused, in words.
    """

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"cannot export to {shown(self.path)}: {problem}")

    def __str__(self) -> str:
        return str(self.args[0])


class DatasetError(SovietDprkError, ValueError):
    """A shipped data file is invalid: the message names the file, the record and the field.

    Attributes:
        file: The data file, relative to the dataset version (``"1.0.0/systems.json"``).
        record: The id of the offending record, or ``None`` when the file itself is bad.
        field: The offending field, or ``None`` when it concerns the whole record or file.
        problem: What is wrong, in words.
    """

    def __init__(self, file: str, record: str | None, field: str | None, problem: str) -> None:
        self.file = file
        self.record = record
        self.field = field
        self.problem = problem
        where = file
        if record is not None:
            where += f", record {record!r}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")

    def __str__(self) -> str:
        return str(self.args[0])


class IncompleteInstallationError(DatasetError):
    """A data file the package needs is missing: the installation is incomplete or damaged."""

    def __init__(self, file: str) -> None:
        super().__init__(
            file,
            None,
            None,
            "data file is missing: the soviet_dprk installation is incomplete; reinstall it",
        )


class IntegrityError(DatasetError):
    """A released version's file does not match its registered SHA-256: it was modified.

    The version is never loaded. Reinstalling the package restores the released bytes.

    Attributes:
        expected: The SHA-256 (hex) that ``data/SHA256SUMS`` registers for the file.
        actual: The SHA-256 (hex) of the file as installed.
    """

    def __init__(self, file: str, expected: str, actual: str) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(
            file,
            None,
            None,
            f"SHA-256 {actual} does not match the registered {expected or '(none)'}: "
            "the installation is modified or corrupted; reinstall it with "
            "'pip install --force-reinstall soviet-dprk'",
        )
