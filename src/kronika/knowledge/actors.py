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

from .cache import cached
from .tables import (
    DictionaryError,
    Row,
    check_code,
    check_date,
    data_path,
    files_of_kind,
    read_rows,
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
# The field's actor dictionaries, converted by scripts/convert_knowledge.py (see NOTICE). They
# come after kronika's own files, and a name kronika's files already know keeps kronika's
# entries: the conflicts are listed by `kronika dictionaries check`.
FIELD_FILES = (
    "phoenix/countries.tsv.gz",  # 2.6 MB of text: shipped compressed
    "phoenix/international.tsv",
    "phoenix/milnonstate.tsv",
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


QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-"})


def name_key(text: str) -> str:
    """The form a name is looked up by: lower case, straight quotes, no leading 'the'."""
    text = " ".join(text.translate(QUOTES).split())
    if text.endswith("'s"):
        text = text[:-2]
    if text[:4].lower() == "the ":
        text = text[4:]
    return text.strip(" .,").lower()


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
    source: str = ""  # the line of the dictionary a converted row comes from
    also: tuple[str, ...] = ()  # the other actors the name stands for ("FRO/BIL/SAM")

    @property
    def provenance(self) -> str:
        return f"{self.origin} ({self.source})" if self.source else self.origin

    def valid_on(self, date: str | None) -> bool:
        if date is None:
            return True
        if self.start and date[: len(self.start)] < self.start:
            return False
        if self.end and date[: len(self.end)] > self.end:
            return False
        return True


@dataclass(frozen=True)
class Conflict:
    """A name that kronika's own tables and a field dictionary code differently."""

    name: str
    ours: Entry
    theirs: Entry

    def __str__(self) -> str:
        return (
            f"{self.name}: kronika {self.ours.code} ({self.ours.provenance}), "
            f"{Path(self.theirs.origin.split(':')[0]).stem} {self.theirs.code} "
            f"({self.theirs.provenance}); kronika's kept"
        )


@dataclass
class FieldEntry:
    """The rows of one entry of a field dictionary, turned into `Entry` objects only when a
    name of it is looked up: 27,000 entries are indexed at start-up, few are ever used."""

    path: str
    columns: list[str]
    rows: list[tuple[int, list[str]]]  # (line, fields)
    names: list[str]
    entries: list[Entry] | None = None


class ActorDictionary:
    """Names → entries, with user files taking precedence over the built-in ones, and the
    built-in ones over the field's dictionaries."""

    def __init__(self) -> None:
        self.entries: dict[str, list[Entry]] = defaultdict(list)
        # names as written, for matching in text → True when written in capitals by a
        # dictionary that writes every name so ("HAMID KARZAI"), which matches them in
        # any capitalisation where the words start with a capital
        self.surfaces: dict[str, bool] = {}
        self.by_surname: dict[str, list[Entry]] = defaultdict(list)  # people, by last word
        self.files: list[str] = []
        self.counts: dict[str, int] = defaultdict(int)  # entries loaded per file
        self.dated: dict[str, int] = defaultdict(int)  # rows with a period, per file
        self.field: dict[str, FieldEntry] = {}  # names only a field dictionary knows
        self.field_surnames: dict[str, list[FieldEntry]] = defaultdict(list)
        self.shadowed: dict[str, list[FieldEntry]] = defaultdict(list)

    def load(self, path: str | Path, *, priority: bool = False, defer: bool = False) -> int:
        """Add the entries of one file; returns how many names it added. With `priority`
        (users' files) its entries come first; with `defer` (the field's dictionaries), a
        name already known keeps its entries, and the clash is kept for `conflicts`."""
        if defer:
            return self._load_field(Path(path))
        path = Path(path)
        kind_default = DEFAULT_KIND.get(path.name, "organisation")
        added: list[tuple[str, Entry]] = []
        previous_names = None
        for row in read_tsv(path, ("names", "code")):
            names = split_names(row["names"])
            if not names:
                raise row.error("names is empty")
            entry = _entry(row, kind_default, path.name)
            if row["names"] != previous_names:  # one entry, several rows (dated roles)
                self.counts[str(path)] += 1
                previous_names = row["names"]
            self.dated[str(path)] += bool(entry.start or entry.end)
            added.extend((name_key(n), entry) for n in names)
            if entry.kind == "person":
                self.by_surname[surname_key(names[0])].append(entry)
            for name in names:
                form = name.removeprefix("the ").removeprefix("The ")
                self.surfaces.setdefault(form, form.isupper() and " " in form.strip())
        for key, entry in added:
            if priority:
                self.entries[key].insert(0, entry)
            else:
                self.entries[key].append(entry)
        self.files.append(str(path))
        return len(added)

    def _load_field(self, path: Path) -> int:
        """Index a field dictionary's names; its rows become entries when first looked up."""
        parsed = cached(
            f"actors-{path.parent.name}-{path.stem}", [path], lambda: _parse_field(path)
        )
        header, items, entries, dated = parsed
        added = 0
        for rows, names, keys, surname in items:
            current = FieldEntry(str(path), header, rows, names)
            for name, key in zip(names, keys, strict=True):
                if key in self.entries or self._titled_known(key):
                    self.shadowed[key].append(current)
                    continue
                if key in self.field:
                    continue  # the first entry with a name keeps it
                self.field[key] = current
                added += 1
                form = name.removeprefix("THE ").removeprefix("the ")
                self.surfaces.setdefault(form, form.isupper() and " " in form.strip())
            if surname:
                self.field_surnames[surname].append(current)
        self.counts[str(path)] += entries
        self.dated[str(path)] += dated
        self.files.append(str(path))
        return added

    def _titled_known(self, key: str) -> bool:
        """A field name made of words before a name kronika knows ("president obama",
        "vice president joe biden"): kronika's entries for the person say who it is."""
        words = key.split()
        return any(" ".join(words[k:]) in self.entries for k in range(1, len(words)))

    def _materialise(self, found: FieldEntry) -> list[Entry]:
        if found.entries is None:
            file = Path(found.path).name
            found.entries = [
                _entry(
                    Row(found.path, number, dict(zip(found.columns, fields, strict=False))),
                    "organisation",
                    file,
                )
                for number, fields in found.rows
            ]
        return found.entries

    def candidates(self, key: str) -> list[Entry]:
        """The entries of a name key: kronika's and the users', else a field dictionary's."""
        found = self.entries.get(key)
        if found:
            return found
        field = self.field.get(key)
        return self._materialise(field) if field is not None else []

    def conflicts(self) -> list[Conflict]:
        """Names kronika's own tables and a field dictionary code differently."""
        found = []
        for key, shadowed in self.shadowed.items():
            ours = self.entries.get(key) or []
            codes = {_principal(e.code) for e in ours}
            for entry in shadowed:
                theirs = self._materialise(entry)
                if ours and not codes & {_principal(e.code) for e in theirs}:
                    found.append(Conflict(key, ours[0], theirs[0]))
                    break
        return found

    def lookup(self, text: str, date: str | None = None) -> Entry | None:
        """The entry a name stands for on `date` (the latest-starting valid one; without a
        date, entries still open), else None."""
        candidates = self.candidates(name_key(text))
        if not candidates:
            return None
        valid = [e for e in candidates if e.valid_on(date)]
        if date is None:  # no date: what the name stands for now, if anything
            valid = [e for e in valid if not e.end] or valid
        if not valid:
            return None
        first_origin = valid[0].origin.split(":")[0]
        same_file = [e for e in valid if e.origin.split(":")[0] == first_origin]
        # A role with dates before the entry's default (PETRARCH's "[RHO <790606] [ZBW]"),
        # then the latest-starting.
        return max(same_file, key=lambda e: (bool(e.start or e.end), e.start or ""))

    def in_office(self, surname: str, date: str | None) -> Entry | None:
        """The one person in office on `date` whose full name ends in `surname`, for a
        titled mention ("Deputy Secretary Hicks"); None when no one or several are."""
        key = name_key(surname)
        people = list(self.by_surname.get(key, []))
        for field in self.field_surnames.get(key, []):
            people.extend(e for e in self._materialise(field) if e.kind == "person")
        terms = [e for e in people if e.valid_on(date)]
        if date is None or len({e.name for e in terms}) != 1:
            return None
        return self.lookup(terms[0].name, date)

    def former(self, text: str, date: str | None) -> Entry | None:
        """A person whose every term in the dictionary ended before `date`: CAMEO codes
        former office holders as elites of their country (`DEUELI`)."""
        if date is None:
            return None
        terms = [e for e in self.candidates(name_key(text)) if e.kind == "person"]
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
            last.source,
        )

    def person(self, text: str) -> Entry | None:
        """The latest person entry for a name whatever the date: someone the dictionary knows,
        mentioned before or between their terms ("opposition leader Morgan Tsvangirai" in
        2008, before he was prime minister)."""
        terms = [e for e in self.candidates(name_key(text)) if e.kind == "person"]
        return max(terms, key=lambda e: e.start or "") if terms else None

    def names(self) -> list[str]:
        return list(self.entries) + [key for key in self.field if key not in self.entries]


def _principal(code: str) -> str:
    """The part of a code two dictionaries must agree on: the country or organisation and
    the first sector (Phoenix's GOVBUS, a minister of the economy, is kronika's GOV)."""
    return code[:9] if code.startswith(("IGO", "NGO", "IMG", "MNC")) else code[:6]


def _parse_field(path: Path) -> tuple:
    """A field dictionary as (header, entries, entry count, dated rows), each entry as
    (rows, names, name keys, surname key of a person or "")."""
    lines = read_rows(path, ("names", "code"))
    names_at, kind_at = lines.columns["names"], lines.columns.get("kind")
    dated_at = [lines.columns[c] for c in ("start", "end") if c in lines.columns]
    items: list[tuple] = []
    previous = None
    dated = 0
    for number, fields in lines.rows:
        dated += any(fields[at] for at in dated_at if at < len(fields))
        raw = fields[names_at]
        if raw == previous:
            items[-1][0].append((number, fields))
            continue
        previous = raw
        names = split_names(raw)
        if not names:
            raise DictionaryError(path, number, "names is empty")
        person = kind_at is not None and fields[kind_at] == "person"
        items.append(
            (
                [(number, fields)],
                names,
                [name_key(n) for n in names],
                surname_key(names[0]) if person else "",
            )
        )
    return list(lines.columns), items, len(items), dated


def _entry(row: Row, kind_default: str, file: str) -> Entry:
    """An entry from a validated row of an actor TSV."""
    code = check_code(row)
    start, end = check_date(row, "start"), check_date(row, "end")
    if start and end and end < start[: len(end)]:
        raise row.error(f"end {end} is before start {start}")
    return Entry(
        split_names(row["names"])[0],
        code,
        row["kind"] or kind_default,
        row["role"] or None,
        start,
        end,
        f"{file}:{row.line}",
        row["source"],
        tuple(check_code(Row(row.path, row.line, {"code": c})) for c in split_names(row["also"])),
    )


@dataclass(frozen=True)
class Agent:
    phrase: str
    sector: str
    kind: str
    # For modifiers: the sectors they change ("state" turns MED into GOV); empty = every sector.
    applies_to: frozenset[str] = frozenset()
    # PETRARCH's "NGO~": the code goes before the actor's code rather than after it
    before: bool = False
    origin: str = ""


class Agents:
    """Agent nouns ("journalist", "armed forces", "foreign minister") → sector codes."""

    def __init__(self, path: str | Path | None = None, *, builtin: bool = True) -> None:
        self.by_phrase: dict[tuple[str, ...], Agent] = {}
        self.modifiers: dict[str, Agent] = {}
        self.words: set[str] = set()  # every word of a phrase, for telling titles from names
        self.last_words: set[str] = set()  # the word each phrase ends in
        self.longest = 1
        self.counts: dict[str, int] = {}  # phrases added per file
        if builtin:
            self.load(path or data_path("agents.tsv"))

    def load(self, path: str | Path, *, override: bool = True) -> int:
        """Add the phrases and modifiers of one agent file; returns how many rows it had.
        Without `override` (the field's files), a phrase already known keeps its sector."""
        count = added = 0
        for row in read_tsv(path, ("phrase", "sector")):
            count += 1
            sector = row["sector"]
            if not re.fullmatch(r"(?:[A-Z0-9]{3})+", sector):
                raise row.error(f"sector {sector!r} is not a three-letter code such as GOV or MIL")
            words = tuple(row["phrase"].lower().split())
            applies_to = frozenset(s for s in row["applies_to"].split("|") if s)
            agent = Agent(
                row["phrase"],
                sector,
                row["kind"] or "group",
                applies_to,
                row["position"] == "before",
                row["source"] or f"{Path(path).name}:{row.line}",
            )
            if agent.kind == "modifier":  # "former", "Jewish": changes the sector of a phrase
                self.modifiers[" ".join(words)] = agent
                continue
            if not override and words in self.by_phrase:
                continue
            added += 1
            self.by_phrase[words] = agent
            self.words.update(words)
            self.last_words.update(words[-1:])
            self.longest = max(self.longest, len(words))
        self.counts[str(path)] = added
        return count

    def match(self, lemmas: list[str]) -> Agent | None:
        """The agent whose phrase is the longest suffix of `lemmas` (words ending at a noun)."""
        if not lemmas or lemmas[-1] not in self.last_words:
            return None
        for size in range(min(self.longest, len(lemmas)), 0, -1):
            agent = self.by_phrase.get(tuple(lemmas[-size:]))
            if agent:
                return agent
        return None


def load_dictionary(
    user_dirs: list[str | Path] | None = None, *, builtin: bool = True
) -> ActorDictionary:
    """kronika's actor tables, then the field's (Phoenix), then the users' files, which take
    precedence. Without `builtin`, only the users' files are read (a PETRARCH test that
    brings its own dictionaries)."""
    dictionary = ActorDictionary()
    if builtin:
        # the same 100,000 names each time: indexed once, then read from the cache (the
        # code that indexes them is among its sources, so an edit of it rebuilds it)
        files = [data_path(name) for name in (*BUILTIN_FILES, *FIELD_FILES)]
        code = [Path(__file__), Path(__file__).with_name("tables.py")]
        sources = [path for path in files if path.exists()] + code
        dictionary = cached("actors-builtin", sources, _builtin_dictionary)
    for path in files_of_kind(user_dirs, "actors"):
        dictionary.load(path, priority=True)
    return dictionary


def _builtin_dictionary() -> ActorDictionary:
    """kronika's actor tables, then the field's."""
    dictionary = ActorDictionary()
    for name in BUILTIN_FILES:
        path = data_path(name)
        if path.exists():
            dictionary.load(path)
    for name in FIELD_FILES:
        path = data_path(name)
        if path.exists():
            dictionary.load(path, defer=True)
    return dictionary


# The field's agent nouns (scripts/convert_knowledge.py): NGEC's, the newer, before Phoenix's.
FIELD_AGENT_FILES = ("ngec/agents.tsv", "phoenix/agents.tsv")


def load_agents(user_dirs: list[str | Path] | None = None, *, builtin: bool = True) -> Agents:
    """kronika's agent nouns, then the field's (for phrases kronika has no row for), then the
    agent files (header `phrase`) in the user's folders, which override both."""
    agents = Agents(builtin=builtin)
    for name in FIELD_AGENT_FILES if builtin else ():
        path = data_path(name)
        if path.exists():
            agents.load(path, override=False)
    for path in files_of_kind(user_dirs, "agents"):
        agents.load(path)
    return agents
