"""Country names, demonyms and capitals → ISO 3166-1 alpha-3 codes.

`countrynames` knows names, demonyms and many capitals in many languages; kronika wraps it
with the codes CAMEO uses for historical and special countries, English plurals
("Iranians") and a guard against the few foreign-language aliases that are English words.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

# countrynames returns these for historical or special entities; CAMEO/ISO 3166-3 codes.
SPECIAL_ALPHA2 = {
    "SUHH": "SUN",  # Soviet Union
    "YUCS": "YUG",  # Yugoslavia
    "CSHH": "CSK",  # Czechoslovakia
    "DD": "DDR",  # East Germany
    "XK": "XKX",  # Kosovo
    "ZR": "COD",  # Zaire
    "BUMM": "MMR",  # Burma
}
# Foreign-language aliases in countrynames that are ordinary English words or too vague.
NOT_COUNTRIES = {
    "iron",
    "marawi",  # a Philippine city; countrynames has it as a spelling of Malawi
    "ira",
    "man",
    "european",
    "europe",
    "the west",
    "west",
    "asia",
    "africa",
    "african",
    "asian",
    "arab",
    "arabs",
    "latin",
    "india ink",
    "us",
    "me",
    "to",
    "an",
    "la",
    "de",
    "el",
    "le",
    "ca",
    "in",
    "mr",
    "no",
    "is",
    "it",
    "so",
    "do",
    "go",
    "be",
}
# countrynames knows every ISO alpha-2 code, but in English text a two-letter capital word is
# nearly always something else ("EC" the European Community, not Ecuador; "AU" the African
# Union; "PM", "TV", "AI"). Only these stand for countries.
TWO_LETTER_COUNTRIES = {"US", "UK", "NZ"}
# Likewise three capitals are an acronym ("VAT" the tax, not the Vatican; "CAN", "PER")
# unless they are one that news writes for a country.
THREE_LETTER_COUNTRIES = {"USA", "UAE", "PRC", "DRC", "ROK", "GDR", "FRG", "GBR"}
US_FORMS = {"us", "u.s.", "u.s", "u.s.a.", "usa", "the us", "the u.s.", "the united states"}


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").strip()
    text = re.sub(r"'s$|'$", "", text)
    text = re.sub(r"^(?:the)\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(' .,;:"')


@lru_cache(maxsize=1)
def _alpha2_to_3() -> dict[str, str]:
    import pycountry

    table = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    table.update(SPECIAL_ALPHA2)
    return table


@lru_cache(maxsize=65536)
def country_code(text: str, *, case_sensitive: bool = True) -> str | None:
    """The alpha-3 code of the country a name, demonym or capital stands for, else None.

    >>> country_code("Iranian"), country_code("Tajiks"), country_code("Soviet Union")
    ('IRN', 'TJK', 'SUN')
    """
    raw = text.strip()
    if raw.lower() in US_FORMS and (raw.isupper() or "." in raw or raw.lower().startswith("the")):
        return "USA"
    name = _normalise(raw)
    if not name or len(name) < 2:
        return None
    if case_sensitive and not name[0].isupper():
        return None
    if name.lower() in NOT_COUNTRIES:
        return None
    if len(name) <= 3 and not name.isupper():
        return None
    letters = re.sub(r"[. ]", "", name)
    if len(letters) == 2 and letters.upper() not in TWO_LETTER_COUNTRIES:
        return None
    if len(letters) == 3 and letters.isupper() and letters not in THREE_LETTER_COUNTRIES:
        return None
    known = demonyms()
    for candidate in _variants(name):
        if candidate.isascii() and _fold(candidate) in known:
            return known[_fold(candidate)]
    names = _countrynames_index()
    for candidate in _variants(name):
        alpha2 = names.get(_fold(candidate)) if candidate.isascii() else _slow_code(candidate)
        if alpha2 and alpha2 != "FAIL":
            return _alpha2_to_3().get(alpha2)
    return None


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """kronika's demonym table (`data/geo/demonyms.tsv`): folded form → alpha-3 code."""
    from .tables import data_path, read_tsv

    table: dict[str, str] = {}
    for row in read_tsv(data_path("geo", "demonyms.tsv"), ("iso3", "demonyms")):
        iso3 = row["iso3"]
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            raise row.error(f"iso3 {iso3!r} is not a three-letter country code such as TCD")
        for form in row["demonyms"].split("|"):
            for key in {_fold(form), _fold(_ascii(form))}:
                if key in table and table[key] != iso3:
                    raise row.error(f"demonym {form!r} is already given to {table[key]}")
                if key:
                    table[key] = iso3
    return table


def is_demonym(text: str) -> bool:
    """Whether a capitalised word is a people's name or adjective ("Azerbaijani", "Tajiks")."""
    return text[:1].isupper() and fold(text) in demonyms()


def fold(text: str) -> str:
    """The form demonyms are looked up by (see `demonyms`)."""
    return _fold(text)


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _fold(text: str) -> str:
    """countrynames' normal form for ASCII text (lower case, punctuation as spaces), without
    its transliteration step, which dominates the cost of a look-up."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@lru_cache(maxsize=1)
def _countrynames_index() -> dict[str, str]:
    """countrynames' table of normalised names, which it builds by transliterating 27,000
    names on first use: kept in kronika's cache, and handed back to countrynames."""
    from pathlib import Path

    import countrynames

    from .cache import cached

    def build() -> dict[str, str]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            countrynames.to_code("Iran")  # loads its name table
        return dict(countrynames.COUNTRY_NAMES)

    data = Path(countrynames.__file__).with_name("data.py")
    index = cached("countrynames", [data] if data.exists() else [], build)
    if not countrynames.COUNTRY_NAMES:
        countrynames.COUNTRY_NAMES.update(index)  # its own look-ups need not build it again
    return index


def _slow_code(text: str) -> str | None:
    import countrynames

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return countrynames.to_code(text)
        except KeyError:
            return None


def _variants(name: str) -> list[str]:
    forms = [name]
    if name.endswith("s") and len(name) > 4:
        forms.append(name[:-1])  # Iranians -> Iranian, Tajiks -> Tajik
        if name.endswith("es") and len(name) > 5:
            forms.append(name[:-2])  # (not "James" -> "Jam", Jamaica's abbreviation)
    if name.endswith("ns") and name[:-2].endswith("o"):
        forms.append(name[:-2])  # Britons -> Brit(ain) is handled by the dictionary
    return forms


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """English country names (pycountry name, common and official names) → alpha-3."""
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names[value] = country.alpha_3
    names.update({"Kosovo": "XKX", "Soviet Union": "SUN", "USSR": "SUN", "Yugoslavia": "YUG"})
    return names


PHOENIX_PLACE_REASON = "a country's name, demonym or place"


def phoenix_place_names() -> list[tuple[str, bool]]:
    """The names of Phoenix's country blocks, which kronika's countries and gazetteer resolve
    rather than its actor tables (`data/phoenix/omitted.tsv`), each with whether it is the
    block's own name (its first)."""
    from .tables import data_path, read_tsv

    names: list[tuple[str, bool]] = []
    blocks: set[str] = set()
    for row in read_tsv(data_path("phoenix", "omitted.tsv"), ("name", "reason", "source")):
        if not row["reason"].startswith(PHOENIX_PLACE_REASON):
            continue
        own = row["source"] not in blocks
        blocks.add(row["source"])
        names.append((row["name"], own))
    return names
