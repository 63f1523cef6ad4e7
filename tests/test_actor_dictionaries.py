"""Format and sanity checks for the actor dictionaries in src/kronika/data/actors.

Only the standard library, pytest and pycountry are used; kronika itself is not
imported, so these tests also guard files edited by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pycountry
import pytest

ACTORS_DIR = Path(__file__).resolve().parents[1] / "src" / "kronika" / "data" / "actors"

HEADERS = {
    "people.tsv": ["names", "code", "role", "start", "end"],
    "organisations.tsv": ["names", "code", "kind", "country", "role"],
    "metonyms.tsv": ["names", "code", "note"],
}

CODE_RE = re.compile(r"^([A-Z]{3}|---)([A-Z]{3})*$")
# Prefixes that are not ISO 3166-1 alpha-3 codes but are part of the scheme.
EXTRA_PREFIXES = {"IGO", "NGO", "IMG", "MNC", "---", "SUN", "YUG", "XKX", "CSK", "DDR"}
# Country codes outside ISO 3166-1 that the scheme allows in a country column.
HISTORICAL_OR_EXTRA = {"SUN", "YUG", "XKX", "CSK", "DDR"}
ORG_KINDS = {
    "igo",
    "ngo",
    "armed_group",
    "party",
    "media",
    "agency",
    "ethnic_group",
    "religious_group",
    "company",
}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _iso3_codes() -> set[str]:
    return {c.alpha_3 for c in pycountry.countries}


ISO3 = _iso3_codes()


def read_tsv(name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Return (header, [(line_number, columns), ...]) skipping comments and blanks."""
    path = ACTORS_DIR / name
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for lineno, cols in enumerate(reader, start=1):
            if not cols or (len(cols) == 1 and not cols[0].strip()):
                continue
            if cols[0].startswith("#"):
                continue
            if header is None:
                header = cols
                continue
            rows.append((lineno, cols))
    assert header is not None, f"{name}: empty file"
    return header, rows


@pytest.fixture(scope="module", params=sorted(HEADERS))
def table(request):
    name = request.param
    header, rows = read_tsv(name)
    return name, header, rows


def parse_date(value: str, *, upper: bool) -> dt.date:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; partial dates widen to the earliest
    (upper=False) or latest (upper=True) day they can denote."""
    assert DATE_RE.match(value), f"bad date {value!r}"
    parts = value.split("-")
    year = int(parts[0])
    if len(parts) == 3:
        return dt.date(year, int(parts[1]), int(parts[2]))
    if len(parts) == 2:
        month = int(parts[1])
        assert 1 <= month <= 12, f"bad month in {value!r}"
        if not upper:
            return dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(year, 12, 31) if upper else dt.date(year, 1, 1)


def check_code(code: str) -> None:
    assert CODE_RE.match(code), f"code {code!r} does not match the scheme"
    prefix = code[:3]
    assert prefix in ISO3 or prefix in EXTRA_PREFIXES, f"unknown country prefix in {code!r}"


# --------------------------------------------------------------------------- generic


def test_header_exact(table):
    name, header, _ = table
    assert header == HEADERS[name]


def test_column_count(table):
    name, header, rows = table
    bad = [(n, len(c)) for n, c in rows if len(c) != len(header)]
    assert not bad, f"{name}: wrong column count at lines {bad[:10]}"


def test_codes_valid(table):
    name, _, rows = table
    for lineno, cols in rows:
        try:
            check_code(cols[1])
        except AssertionError as exc:  # pragma: no cover - message enrichment
            raise AssertionError(f"{name}:{lineno}: {exc}") from None


def test_names_well_formed(table):
    name, _, rows = table
    for lineno, cols in rows:
        forms = cols[0].split("|")
        assert forms and all(forms), f"{name}:{lineno}: empty surface form"
        for form in forms:
            assert form == form.strip(), f"{name}:{lineno}: stray whitespace in {form!r}"
            assert "\t" not in form
        assert len(forms) == len(set(forms)), f"{name}:{lineno}: repeated surface form"


def test_no_stray_whitespace_in_fields(table):
    name, _, rows = table
    for lineno, cols in rows:
        for value in cols:
            assert value == value.strip(), f"{name}:{lineno}: stray whitespace in {value!r}"


# --------------------------------------------------------------------------- people


@pytest.fixture(scope="module")
def people():
    return read_tsv("people.tsv")[1]


def test_people_row_count(people):
    assert len(people) >= 1500


def test_people_dates_parse_and_ordered(people):
    for lineno, cols in people:
        start, end = cols[3], cols[4]
        lo = parse_date(start, upper=False) if start else None
        hi = parse_date(end, upper=True) if end else None
        if lo and hi:
            assert lo <= hi, f"people.tsv:{lineno}: start {start} after end {end}"


def test_people_roles_lowercase(people):
    for lineno, cols in people:
        role = cols[2]
        assert role, f"people.tsv:{lineno}: empty role"
        assert role == role.lower(), f"people.tsv:{lineno}: role must be lower case"


def test_people_no_duplicate_name_start(people):
    keys = Counter((cols[0].split("|")[0], cols[3]) for _, cols in people)
    dups = [k for k, n in keys.items() if n > 1]
    assert not dups, f"duplicate (name, start) pairs: {dups[:10]}"


def test_people_no_duplicate_rows(people):
    rows = Counter(tuple(cols) for _, cols in people)
    dups = [k for k, n in rows.items() if n > 1]
    assert not dups, f"duplicate rows: {dups[:5]}"


# --------------------------------------------------------------------------- organisations


@pytest.fixture(scope="module")
def organisations():
    return read_tsv("organisations.tsv")[1]


def test_organisation_row_count(organisations):
    assert len(organisations) >= 400


def test_organisation_kinds(organisations):
    for lineno, cols in organisations:
        assert cols[2] in ORG_KINDS, f"organisations.tsv:{lineno}: unknown kind {cols[2]!r}"


def test_organisation_countries(organisations):
    for lineno, cols in organisations:
        country = cols[3]
        if country:
            assert country in ISO3 or country in HISTORICAL_OR_EXTRA, (
                f"organisations.tsv:{lineno}: country {country!r} is not ISO alpha-3"
            )


def test_organisation_group_codes(organisations):
    for lineno, cols in organisations:
        if cols[2] == "ethnic_group" and cols[1].startswith("---"):
            assert cols[1] == "---ETH", f"organisations.tsv:{lineno}"
        if cols[2] == "religious_group" and cols[1].startswith("---"):
            assert cols[1] == "---REL", f"organisations.tsv:{lineno}"


def test_organisation_surface_forms_unique(organisations):
    seen: dict[str, int] = {}
    for lineno, cols in organisations:
        for form in cols[0].split("|"):
            assert form not in seen, (
                f"organisations.tsv:{lineno}: {form!r} already used on line {seen[form]}"
            )
            seen[form] = lineno


# --------------------------------------------------------------------------- metonyms


@pytest.fixture(scope="module")
def metonyms():
    return read_tsv("metonyms.tsv")[1]


def test_metonym_capital_count(metonyms):
    capitals = [cols for _, cols in metonyms if re.search(r"\bcapital\b", cols[2])]
    assert len(capitals) >= 190


def test_metonym_capitals_cover_sovereign_states(metonyms):
    countries = {cols[1][:3] for _, cols in metonyms if re.search(r"\bcapital\b", cols[2])}
    # Spot-check that the big ones are present.
    big = "USA RUS CHN IRN TJK UKR GBR FRA DEU IND XKX TWN PSE".split()
    for code in big:
        assert code in countries, code


def test_metonym_surface_forms_unique(metonyms):
    seen: dict[str, int] = {}
    for lineno, cols in metonyms:
        for form in cols[0].split("|"):
            assert form not in seen, f"metonyms.tsv:{lineno}: {form!r} repeats line {seen[form]}"
            seen[form] = lineno
