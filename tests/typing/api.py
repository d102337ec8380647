"""Uses the public API the way a user would. Only type-checked (mypy --strict), never run."""

from __future__ import annotations

import soviet_dprk as sd

data: sd.Dataset = sd.load("1.0.0")
pinned: sd.Dataset = sd.load()
shipped: tuple[str, ...] = sd.versions()
newest: str = sd.DATASET_VERSION

system: sd.System = sd.system("Type 58")
category: sd.Category = system.category
aliases: tuple[str, ...] = system.aliases

origin: sd.Origin = sd.origin_of("Type 58")
acquisition: sd.Acquisition = origin.acquisition
roots: tuple[sd.System, ...] = origin.roots
countries: tuple[sd.Country, ...] = origin.countries
confidence: sd.Confidence = origin.confidence
rank: int = confidence.rank
label: str = countries[0].label

edges: tuple[sd.Derivation, ...] = sd.derived_from("Pokpung-ho", transitive=True)
parent: sd.System = edges[0].parent
relation: sd.Relation = edges[0].relation
depth: int = edges[0].depth
children: tuple[sd.Derivation, ...] = data.derivatives_of("AK-47")

transfers: tuple[sd.Transfer, ...] = sd.by_era(1950)
transfers = sd.by_era("founding-build-up")
transfers = data.by_era(data.era("khrushchev-pall"))
moved: sd.System | None = transfers[0].system
value: int | None = transfers[0].quantity.value
printed: str | None = transfers[0].quantity.as_printed
qualifier: sd.Qualifier = transfers[0].quantity.qualifier
kind: sd.TransferKind = transfers[0].kind
end: int | None = transfers[0].period.end
eras: tuple[sd.Era, ...] = sd.eras_at(1960)
source: sd.Source = data.source("episkopos-2019")
url: str | None = source.url

try:
    sd.origin_of("Leopard 2")
except sd.UnknownNameError as exc:
    suggestions: tuple[str, ...] = exc.suggestions
except sd.AmbiguousNameError as ambiguous:
    candidates: tuple[str, ...] = ambiguous.candidates
except sd.SovietDprkError:
    pass

try:
    sd.load("9.9.9")
except sd.UnknownVersionError as version_error:
    available: tuple[str, ...] = version_error.available
except sd.DatasetError as dataset_error:
    where: str = dataset_error.file
    record: str | None = dataset_error.record
