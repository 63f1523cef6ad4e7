"""Read PETRARCH/TABARI/Phoenix dictionaries: actors, agents and discards (verbs are read in
`petrarch_verbs`), and convert them into kronika's TSV formats.

Actor files hold entries such as::

    AUSTRALIA [AUS]
    +AUSTRALIAN
    GOLLUM  # a comment
    +SMEAGOL
        [HOB < 950601]
        [HOBGOV 19950601 - 19990815]
        [HOBREB > 990816]

(a name with its code, `+` synonyms, and date-restricted code lines below a bare name; as
PETRARCH's documentation says, the limits of a restriction are "or equal to"). Agent files
hold lines such as ``FOREIGN_MINISTER [~GOVFRM]``, ``HUMAN_RIGHTS_BODY [NGO~]`` and
``!PERSON!`` macros; discard files one phrase a line, `+` for a whole story. Words are
joined by `_` or spaces; `#` starts a comment; `<!-- -->` blocks are skipped.

A malformed line does not stop the reading: it is recorded as a `Problem` (file, line and
reason) and the rest of the file is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .tables import ACTOR_CODE, DictionaryError

CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
RESTRICTED = re.compile(
    r"^\s*(?P<code>[^\s<>]+)\s*(?:(?P<op>[<>])\s*(?P<date>\d{6,8})|"
    r"(?P<start>\d{6,8})\s*-\s*(?P<end>\d{6,8}))?\s*$"
)
AGENT_CODE = re.compile(r"\[\s*(~[A-Za-z]*|[A-Za-z]+~)\s*[\]}]")
MACRO = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")


@dataclass(frozen=True)
class Problem:
    """A line of a dictionary that could not be read, and why."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass
class ActorCode:
    code: str  # "FRO/BIL/SAM": a name that stands for several actors
    start: str  # ISO date or ""
    end: str
    line: int


@dataclass
class ActorEntry:
    names: list[str]
    codes: list[ActorCode] = field(default_factory=list)
    line: int = 0
    comment: str = ""  # the comment on the entry's first line ("CountryInfo.txt")


@dataclass(frozen=True)
class AgentEntry:
    phrase: str  # lower case, words separated by spaces
    code: str  # the sector chunks, without "~"
    before: bool  # "NGO~": the code goes before the actor's code, not after it
    line: int


@dataclass(frozen=True)
class Discard:
    phrase: str  # lower case
    story: bool  # "+": the whole story is not coded
    whole_word: bool  # ends in "_": the phrase must end at a word boundary
    line: int


def _day(value: str) -> date:
    """A PETRARCH date (YYMMDD, as TABARI wrote them, or YYYYMMDD); ValueError if none.
    Two-digit years below 30 are 20xx ("130101"), the others 19xx ("331108")."""
    if len(value) == 6:
        year = int(value[:2])
        value = f"{2000 + year if year < 30 else 1900 + year}{value[2:]}"
    if len(value) != 8:
        raise ValueError(value)
    return date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def phrase_text(text: str) -> str:
    """A dictionary phrase as words separated by single spaces ("AL_QAEDA_" → "AL QAEDA")."""
    return " ".join(text.replace("_", " ").split()).strip()


def clean_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the lines that hold something, comments removed."""
    try:
        content = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DictionaryError(path, None, f"cannot be read: {exc}") from None
    lines: list[tuple[int, str]] = []
    in_comment = False
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw
        if in_comment:
            if "-->" not in line:
                continue
            in_comment = False
            line = line.split("-->", 1)[1]
        while "<!--" in line:
            before, _, after = line.partition("<!--")
            if "-->" in after:
                line = before + after.split("-->", 1)[1]
            else:
                line, in_comment = before, True
        line = line.split("#", 1)[0].rstrip()
        if line.strip().startswith("<!") and line.strip().endswith(">"):
            continue  # a comment written as "<! -- ... -->"
        if line.strip():
            lines.append((number, line))
    return lines


def _comment(path: Path) -> dict[int, str]:
    """The comment after `#` on each line (for the "; CountryInfo.txt" marks of people)."""
    comments = {}
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, raw in enumerate(text.splitlines(), start=1):
        if "#" in raw:
            comments[number] = raw.split("#", 1)[1].strip()
    return comments


def _code(block: str) -> tuple[str, str, str]:
    """(code, start, end) of a code block; ValueError with the reason if malformed."""
    match = RESTRICTED.match(block)
    if match is None:
        raise ValueError(
            f"[{block}] is not a code block ([CODE], [CODE < YYMMDD], [CODE > YYMMDD] or "
            "[CODE YYYYMMDD - YYYYMMDD])"
        )
    code = match["code"].upper()
    start = end = ""
    try:
        if match["op"] == "<":
            end = _day(match["date"]).isoformat()
        elif match["op"] == ">":
            start = _day(match["date"]).isoformat()
        elif match["start"]:
            start = _day(match["start"]).isoformat()
            end = _day(match["end"]).isoformat()
    except ValueError as exc:
        raise ValueError(f"[{block}]: {exc.args[0]!r} is not a date (YYMMDD or YYYYMMDD)") from None
    if start and end and end < start:
        raise ValueError(f"[{block}]: the period ends before it starts")
    return code, start, end


def read_actors(path: str | Path, problems: list[Problem] | None = None) -> list[ActorEntry]:
    """Entries of a PETRARCH actor dictionary with their (date-restricted) codes. Malformed
    lines are added to `problems` (or raise DictionaryError when no list is given)."""
    path = Path(path)
    found: list[Problem] = []
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None
    comments = _comment(path)

    def add_codes(text: str, number: int) -> None:
        assert current is not None
        for block in CODE_BLOCK.findall(text):
            try:
                code, start, end = _code(block)
            except ValueError as exc:
                found.append(Problem(str(path), number, str(exc)))
                continue
            current.codes.append(ActorCode(code, start, end, number))

    for number, line in clean_lines(path):
        stripped = line.strip()
        if stripped.startswith("+"):
            if current is None:
                found.append(Problem(str(path), number, "a '+' synonym before any actor name"))
                continue
            name = phrase_text(CODE_BLOCK.split(stripped[1:])[0])
            if name:
                current.names.append(name)
            add_codes(stripped, number)
            continue
        if stripped.startswith("["):
            if current is None:
                found.append(Problem(str(path), number, "a code block before any actor name"))
                continue
            add_codes(stripped, number)
            continue
        if line[:1].isspace() and current is not None and not CODE_BLOCK.search(stripped):
            continue  # an indented remark under an entry
        name = phrase_text(CODE_BLOCK.split(stripped)[0])
        if not name:
            found.append(Problem(str(path), number, "an entry without a name"))
            continue
        current = ActorEntry([name], line=number, comment=comments.get(number, ""))
        entries.append(current)
        add_codes(stripped, number)
    kept = []
    for entry in entries:
        if entry.codes:
            kept.append(entry)
        else:
            found.append(Problem(str(path), entry.line, f"actor {entry.names[0]!r} has no [CODE]"))
    _report(found, problems)
    return kept


def _report(found: list[Problem], problems: list[Problem] | None) -> None:
    if problems is not None:
        problems.extend(found)
    elif found:
        first = found[0]
        raise DictionaryError(first.path, first.line, first.reason)


def plural(word: str) -> str:
    """The regular plural PETRARCH makes of a noun: -ies after y, -es after s, else -s."""
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def read_agents(path: str | Path, problems: list[Problem] | None = None) -> list[AgentEntry]:
    """Agent nouns of a PETRARCH agent dictionary, macros expanded and the plurals in `{...}`
    added (regular plurals are left to the lemmatizer)."""
    path = Path(path)
    found: list[Problem] = []
    macros: dict[str, list[str]] = {}
    agents: list[AgentEntry] = []
    for number, line in clean_lines(path):
        stripped = line.strip()
        macro = MACRO.match(stripped)
        if macro:
            macros[macro.group(1)] = [phrase_text(w) for w in macro.group(2).split(",")]
            continue
        blocks = AGENT_CODE.findall(stripped)  # "[~LEG}" happens too
        block = blocks[-1].strip() if blocks else ""
        if not block:
            found.append(
                Problem(str(path), number, "an agent line needs a code like [~GOV] or [NGO~]")
            )
            continue
        before = block.endswith("~")
        code = block.replace("~", "").upper()
        if not code:
            continue  # "[~]": PETRARCH's "not an agent"
        if not re.fullmatch(r"(?:[A-Z]{3})+", code):
            found.append(Problem(str(path), number, f"[{block}] is not a sector code like [~GOV]"))
            continue
        phrase = stripped[: stripped.rfind("[")]
        plurals = re.findall(r"\{([^}]*)\}", phrase)
        phrase = re.sub(r"\{[^}]*\}", "", phrase)
        forms = [phrase] + [p for group in plurals for p in group.split() if p.strip()]
        for key, words in macros.items():
            if any(key in f for f in forms):
                forms = [f.replace(key, w) for f in forms for w in words]
        for form in forms:
            text = phrase_text(form).lower()
            if text:
                agents.append(AgentEntry(text, code, before, number))
    _report(found, problems)
    return agents


def read_discards(path: str | Path, problems: list[Problem] | None = None) -> list[Discard]:
    """The phrases of a PETRARCH discard list."""
    path = Path(path)
    found: list[Problem] = []
    discards = []
    for number, line in clean_lines(path):
        text = line.strip()
        story = text.startswith("+")
        text = text.lstrip("+").strip()
        whole_word = text.endswith("_")
        phrase = phrase_text(text).lower()
        if not phrase:
            found.append(Problem(str(path), number, "an empty discard phrase"))
            continue
        discards.append(Discard(phrase, story, whole_word, number))
    _report(found, problems)
    return discards


def file_kind(path: str | Path) -> str:
    """What a PETRARCH dictionary holds, told from its lines: "verbs" (`---` blocks and `-`
    patterns), "agents" (`[~CODE]` or `[CODE~]`), "actors" (`[CODE]`) or "discards"."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    if re.search(r"^---\s.*---\s*$", text, re.M) and re.search(r"^-\s", text, re.M):
        return "verbs"
    if re.search(r"\[~[A-Za-z]|\[[A-Za-z]+~\]", text):
        return "agents"
    if CODE_BLOCK.search(text):
        return "actors"
    return "discards"


def write_actor_tsv(entries: list[ActorEntry], out: Path, source: str = "") -> int:
    """Write actor entries as a kronika actor TSV, one row per code, with provenance."""
    rows = ["names\tcode\tstart\tend\tsource\talso"]
    for entry in entries:
        names = "|".join(n for n in entry.names if n and "|" not in n)
        for code in entry.codes:
            first, *others = code.code.split("/")
            if not ACTOR_CODE.match(first) or not all(ACTOR_CODE.match(c) for c in others):
                continue  # discard markers such as ### carry no actor
            origin = f"{source}:{code.line}" if source else ""
            also = "|".join(others)
            rows.append(f"{names}\t{first}\t{code.start}\t{code.end}\t{origin}\t{also}")
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def write_agent_tsv(agents: list[AgentEntry], out: Path, source: str = "") -> int:
    rows = ["phrase\tsector\tkind\tposition\tsource"]
    seen = set()
    for agent in agents:
        if agent.phrase in seen:
            continue
        seen.add(agent.phrase)
        position = "before" if agent.before else ""
        origin = f"{source}:{agent.line}" if source else ""
        rows.append(f"{agent.phrase}\t{agent.code}\tgroup\t{position}\t{origin}")
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def write_discard_tsv(discards: list[Discard], out: Path, source: str = "") -> int:
    rows = ["discard\tscope\tsource"]
    for discard in discards:
        phrase = discard.phrase + ("_" if discard.whole_word else "")
        origin = f"{source}:{discard.line}" if source else ""
        rows.append(f"{phrase}\t{'story' if discard.story else 'sentence'}\t{origin}")
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def import_file(
    path: str | Path, out_dir: str | Path, problems: list[Problem] | None = None
) -> tuple[str, Path, int]:
    """Convert one PETRARCH dictionary (actors, agents, verbs or discards, told apart by
    their lines) into a TSV in `out_dir`. Returns (kind, output path, rows written);
    malformed lines go to `problems` (or raise DictionaryError when no list is given)."""
    from .petrarch_verbs import read_verbs, write_verb_tsv

    path, out_dir = Path(path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    kind = file_kind(path)
    out = out_dir / f"{path.stem}.tsv"
    if kind == "agents":
        return kind, out, write_agent_tsv(read_agents(path, problems), out, path.name)
    if kind == "verbs":
        return kind, out, write_verb_tsv(read_verbs(path, problems), out, path.name)
    if kind == "discards":
        return kind, out, write_discard_tsv(read_discards(path, problems), out, path.name)
    return kind, out, write_actor_tsv(read_actors(path, problems), out, path.name)
