"""Where North Korea's military equipment comes from: a typed, versioned, sourced dataset."""

from ._api import (
    DATASET_VERSION,
    by_era,
    derivatives_of,
    derived_from,
    era,
    eras_at,
    find_transfers,
    load,
    origin_of,
    system,
    versions,
)
from ._dataset import Dataset
from ._errors import (
    AmbiguousNameError,
    DatasetError,
    IncompleteInstallationError,
    IntegrityError,
    SovietDprkError,
    UnknownEraError,
    UnknownNameError,
    UnknownValueError,
    UnknownVersionError,
)
from ._model import (
    Acquisition,
    Category,
    Citation,
    Confidence,
    Country,
    Deal,
    Derivation,
    Era,
    Evidence,
    Origin,
    Period,
    Qualifier,
    Quantity,
    Relation,
    Source,
    SourceKind,
    Stage,
    System,
    Table,
    Tombstone,
    Transfer,
    TransferKind,
)
from ._results import Results

__all__ = [
    "Acquisition",
    "AmbiguousNameError",
    "Category",
    "Citation",
    "Confidence",
    "Country",
    "DATASET_VERSION",
    "Dataset",
    "DatasetError",
    "Deal",
    "Derivation",
    "Era",
    "Evidence",
    "IncompleteInstallationError",
    "IntegrityError",
    "Origin",
    "Period",
    "Qualifier",
    "Quantity",
    "Relation",
    "Results",
    "Source",
    "SourceKind",
    "SovietDprkError",
    "Stage",
    "System",
    "Table",
    "Tombstone",
    "Transfer",
    "TransferKind",
    "UnknownEraError",
    "UnknownNameError",
    "UnknownValueError",
    "UnknownVersionError",
    "by_era",
    "derivatives_of",
    "derived_from",
    "era",
    "eras_at",
    "find_transfers",
    "load",
    "origin_of",
    "system",
    "versions",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        return version("soviet-dprk")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
