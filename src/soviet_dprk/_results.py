"""`Results`: the tuple that queries return, which shows itself in a notebook."""

from __future__ import annotations

from typing import Any, TypeVar

__all__ = ["Results"]

T = TypeVar("T")


class Results(tuple[T, ...]):
    """A tuple of records, as `by_era`, `derived_from`, `derivatives_of`, `search` and
    `find_transfers` return them.

    It is a plain tuple in every other way (equal to the tuple of its records, sliced to a
    tuple), so code written for tuples keeps working. In a notebook it shows itself as a table;
    `to_pandas` gives the same columns as a tidy DataFrame.
    """

    __slots__ = ()

    def to_pandas(self, kind: type | None = None) -> Any:
        """The records as a tidy pandas DataFrame, one row a record (needs
        ``soviet-dprk[pandas]``).

        Args:
            kind: The record type, for the columns of an empty result (default: none).
        """
        from ._tidy import frame

        return frame(self, kind)

    def _repr_html_(self) -> str:
        from ._html import results_html

        return results_html(self)
