"""Actor dictionaries: named people, organisations and metonyms, and agent nouns (sectors).

Each dictionary is a TSV file with a `names` column (surface forms separated by `|`, the
first being the canonical name) and a `code` column; optional columns are `kind`, `role`,
`country`, `start` and `end`. `start`/`end` restrict an entry to a period, so that a
name codes differently before and after a change of office; the article date decides.
Users add or override entries with files of the same shape (see docs/actors.md).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .tables import (
    check_code,
    check_date,
    data_path,
    files_of_kind,
    read_tsv,
    split_names,
)

# Dated organisation rows come before organisations.tsv so that, within their period, they
# are the entries a name finds first.
BUILTIN_FILES = (
    "actors/metonyms.tsv",
    "actors/organisations_by_date.tsv",
    "actors/organisations.tsv",
    "actors/people.tsv",
)
DEFAULT_KIND = {"people.tsv": "person", "metonyms.tsv": "metonym"}
# CAMEO's sector (agent) chunks, as docs/actors.md lists them.
SECTOR_CODES = frozenset(
    "GOV MIL COP JUD LEG SPY PTY OPP REB INS SEP UAF MED JRN BUS EDU REL CVL REF LAB HLH "
    "NGO IGO ELI ETH CRM AGR UNK MOD RAD DEV HRI ENV SET AMN".split()
)
# CAMEO's regional chunks, which come between IGO and the organisation in the codebook's
# codes for regional bodies (`IGOEUREEC`: an IGO of the Europe region, the EU).
CAMEO_REGIONS = frozenset(
    "AFR ASA BLK CRB CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT NAF NMR PGS SCN SAM SAS "
    "SEA SAF WAF WST".split()
)


def name_key(text: str) -> str:
    """The form a name is looked up by: lower case, straight quotes, no leading 'the'."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    text = re.sub(r"'s$", "", text.strip())
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" .,").lower()


NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def surname_key(name: str) -> str:
    """The look-up form of a full name's last word, generational suffixes aside
    ("Ferdinand Marcos Jr." → "marcos")."""
    words = name_key(name).replace(",", " ").split()
    while len(words) > 1 and words[-1].rstrip(".") in NAME_SUFFIXES:
        words.pop()
    return words[-1] if words else ""


@dataclass(frozen=True)
class Entry:
    name: str
    code: str
    kind: str
    role: str | None
    start: str
    end: str
    origin: str

    def valid_on(self, date: str | None) -> bool:
        if date is None:
            return True
        if self.start and date[: len(self.start)] < self.start:
            return False
        if self.end and date[: len(self.end)] > self.end:
            return False
        return True


class ActorDictionary:
    """Names → entries, with user files taking precedence over the built-in ones."""

    def __init__(self) -> None:
        self.entries: dict[str, list[Entry]] = defaultdict(list)
        self.surfaces: set[str] = set()  # names as written, for matching in text
        self.by_surname: dict[str, list[Entry]] = defaultdict(list)  # people, by last word
        self.files: list[str] = []

    def load(self, path: str | Path, *, priority: bool = False) -> int:
        path = Path(path)
        kind_default = DEFAULT_KIND.get(path.name, "organisation")
        added: list[tuple[str, Entry]] = []
        for row in read_tsv(path, ("names", "code")):
            names = split_names(row["names"])
            if not names:
                raise row.error("names is empty")
            code = check_code(row)
            start, end = check_date(row, "start"), check_date(row, "end")
            if start and end and end < start[: len(end)]:
                raise row.error(f"end {end} is before start {start}")
            entry = Entry(
                names[0],
                code,
                row["kind"] or kind_default,
                row["role"] or None,
                start,
                end,
                f"{path.name}:{row.line}",
            )
            added.extend((name_key(n), entry) for n in names)
            if entry.kind == "person":
                self.by_surname[surname_key(names[0])].append(entry)
            self.surfaces.update(n.removeprefix("the ").removeprefix("The ") for n in names)
        for key, entry in added:
            if priority:
                self.entries[key].insert(0, entry)
            else:
                self.entries[key].append(entry)
        self.files.append(str(path))
        return len(added)

    def lookup(self, text: str, date: str | None = None) -> Entry | None:
        """The entry a name stands for on `date` (the latest-starting valid one; without a
        date, entries still open), else None."""
        candidates = self.entries.get(name_key(text))
        if not candidates:
            return None
        valid = [e for e in candidates if e.valid_on(date)]
        if date is None:  # no date: what the name stands for now, if anything
            valid = [e for e in valid if not e.end] or valid
        if not valid:
            return None
        first_origin = valid[0].origin.split(":")[0]
        same_file = [e for e in valid if e.origin.split(":")[0] == first_origin]
        return max(same_file, key=lambda e: e.start or "")

    def in_office(self, surname: str, date: str | None) -> Entry | None:
        """The one person in office on `date` whose full name ends in `surname`, for a
        titled mention ("Deputy Secretary Hicks"); None when no one or several are."""
        terms = [e for e in self.by_surname.get(name_key(surname), []) if e.valid_on(date)]
        if date is None or len({e.name for e in terms}) != 1:
            return None
        return self.lookup(terms[0].name, date)

    def former(self, text: str, date: str | None) -> Entry | None:
        """A person whose every term in the dictionary ended before `date`: CAMEO codes
        former office holders as elites of their country (`DEUELI`)."""
        if date is None:
            return None
        terms = [e for e in self.entries.get(name_key(text), []) if e.kind == "person"]
        if not terms or any(not e.end or date[: len(e.end)] <= e.end for e in terms):
            return None
        last = max(terms, key=lambda e: e.end)
        country = last.code[:3]
        return Entry(
            last.name,
            country + "ELI",
            "person",
            f"former {last.role or 'official'}",
            last.end,
            "",
            last.origin,
        )

    def person(self, text: str) -> Entry | None:
        """The latest person entry for a name whatever the date: someone the dictionary knows,
        mentioned before or between their terms ("opposition leader Morgan Tsvangirai" in
        2008, before he was prime minister)."""
        terms = [e for e in self.entries.get(name_key(text), []) if e.kind == "person"]
        return max(terms, key=lambda e: e.start or "") if terms else None

    def names(self) -> list[str]:
        return list(self.entries)


@dataclass(frozen=True)
class Agent:
    phrase: str
    sector: str
    kind: str
    # For modifiers: the sectors they change ("state" turns MED into GOV); empty = every sector.
    applies_to: frozenset[str] = frozenset()


class Agents:
    """Agent nouns ("journalist", "armed forces", "foreign minister") → sector codes."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.by_phrase: dict[tuple[str, ...], Agent] = {}
        self.modifiers: dict[str, Agent] = {}
        self.words: set[str] = set()  # every word of a phrase, for telling titles from names
        self.longest = 1
        self.load(path or data_path("agents.tsv"))

    def load(self, path: str | Path) -> int:
        """Add the phrases and modifiers of one agent file; returns how many rows it had."""
        count = 0
        for row in read_tsv(path, ("phrase", "sector")):
            count += 1
            sector = row["sector"]
            if not re.fullmatch(r"(?:[A-Z0-9]{3})+", sector):
                raise row.error(f"sector {sector!r} is not a three-letter code such as GOV or MIL")
            words = tuple(row["phrase"].lower().split())
            applies_to = frozenset(s for s in row["applies_to"].split("|") if s)
            agent = Agent(row["phrase"], sector, row["kind"] or "group", applies_to)
            if agent.kind == "modifier":  # "former", "Jewish": changes the sector of a phrase
                self.modifiers[" ".join(words)] = agent
                continue
            self.by_phrase[words] = agent
            self.words.update(words)
            self.longest = max(self.longest, len(words))
        return count

    def match(self, lemmas: list[str]) -> Agent | None:
        """The agent whose phrase is the longest suffix of `lemmas` (words ending at a noun)."""
        for size in range(min(self.longest, len(lemmas)), 0, -1):
            agent = self.by_phrase.get(tuple(lemmas[-size:]))
            if agent:
                return agent
        return None


def load_dictionary(user_dirs: list[str | Path] | None = None) -> ActorDictionary:
    dictionary = ActorDictionary()
    for name in BUILTIN_FILES:
        path = data_path(name)
        if path.exists():
            dictionary.load(path)
    for path in files_of_kind(user_dirs, "actors"):
        dictionary.load(path, priority=True)
    return dictionary


def load_agents(user_dirs: list[str | Path] | None = None) -> Agents:
    """The built-in agent nouns plus the agent files (header `phrase`) in the user's folders."""
    agents = Agents()
    for path in files_of_kind(user_dirs, "agents"):
        agents.load(path)
    return agents
