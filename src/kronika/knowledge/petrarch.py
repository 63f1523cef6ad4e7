"""Import PETRARCH/TABARI/Phoenix actor and agent dictionaries into kronika's TSV formats.

Actor files hold entries such as::

    AUSTRALIA [AUS]
    +AUSTRALIAN
    GOLLUM  # a comment
    +SMEAGOL
        [HOB < 950601]
        [HOBGOV 19950601 - 19990815]
        [HOBREB > 990816]

(a name with its code, `+` synonyms, and date-restricted code lines below a bare name).
Agent files hold lines such as ``FOREIGN_MINISTER [~GOVFRM]`` and ``!PERSON!`` macros.
Words are joined by `_` or spaces; `#` starts a comment; `<!-- -->` blocks are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .tables import ACTOR_CODE, DictionaryError

CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
RESTRICTED = re.compile(
    r"^\s*(?P<code>[^\s<>]+)\s*(?:(?P<op>[<>])\s*(?P<date>\d{6,8})|"
    r"(?P<start>\d{6,8})\s*-\s*(?P<end>\d{6,8}))?\s*$"
)


@dataclass
class ActorEntry:
    names: list[str]
    codes: list[tuple[str, str, str]] = field(default_factory=list)  # (code, start, end)
    line: int = 0


def _day(value: str, path: Path, line: int) -> date:
    if len(value) == 6:  # YYMMDD, as TABARI wrote them
        year = int(value[:2])
        value = f"{2000 + year if year < 50 else 1900 + year}{value[2:]}"
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise DictionaryError(path, line, f"{value!r} is not a date (YYMMDD or YYYYMMDD)") from None


def _name(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).strip()


def _clean_lines(path: Path) -> list[tuple[int, str]]:
    try:
        content = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DictionaryError(path, None, f"cannot be read: {exc}") from None
    lines: list[tuple[int, str]] = []
    in_comment = False
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw
        if in_comment:
            if "-->" in line:
                in_comment = False
                line = line.split("-->", 1)[1]
            else:
                continue
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


def _code(block: str, path: Path, line: int) -> tuple[str, str, str]:
    match = RESTRICTED.match(block)
    if match is None:
        raise DictionaryError(
            path,
            line,
            f"[{block}] is not a code block ([CODE], [CODE < YYMMDD], "
            "[CODE > YYMMDD] or [CODE YYYYMMDD - YYYYMMDD])",
        )
    code = match["code"].upper()
    start = end = ""
    if match["op"] == "<":
        end = (_day(match["date"], path, line) - timedelta(days=1)).isoformat()
    elif match["op"] == ">":
        start = (_day(match["date"], path, line) + timedelta(days=1)).isoformat()
    elif match["start"]:
        start = _day(match["start"], path, line).isoformat()
        end = _day(match["end"], path, line).isoformat()
    return code, start, end


def read_actors(path: str | Path) -> list[ActorEntry]:
    """Entries of a PETRARCH actor dictionary, with their (date-restricted) codes."""
    path = Path(path)
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None
    for number, line in _clean_lines(path):
        stripped = line.strip()
        if stripped.startswith("+"):
            if current is None:
                raise DictionaryError(path, number, "a '+' synonym before any actor name")
            current.names.append(_name(stripped[1:]))
            continue
        if stripped.startswith("["):
            if current is None:
                raise DictionaryError(path, number, "a code block before any actor name")
            for block in CODE_BLOCK.findall(stripped):
                current.codes.append(_code(block, path, number))
            continue
        if line[:1].isspace() and current is not None and not CODE_BLOCK.search(stripped):
            continue
        name_part = CODE_BLOCK.split(stripped)[0]
        current = ActorEntry([_name(name_part)], line=number)
        entries.append(current)
        for block in CODE_BLOCK.findall(stripped):
            current.codes.append(_code(block, path, number))
    for entry in entries:
        if not entry.codes:
            raise DictionaryError(path, entry.line, f"actor {entry.names[0]!r} has no [CODE]")
    return entries


def read_agents(path: str | Path) -> list[tuple[str, str]]:
    """(phrase, sector) pairs of a PETRARCH agent dictionary, macros expanded."""
    path = Path(path)
    macros: dict[str, list[str]] = {}
    agents: list[tuple[str, str]] = []
    for number, line in _clean_lines(path):
        stripped = line.strip()
        macro = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", stripped)
        if macro:
            macros[macro.group(1)] = [_name(w) for w in macro.group(2).split(",")]
            continue
        blocks = CODE_BLOCK.findall(stripped)
        if not blocks:
            raise DictionaryError(path, number, "an agent line needs a code block like [~GOV]")
        sector = blocks[-1].strip().replace("~", "").upper()
        if not re.fullmatch(r"(?:[A-Z]{3})+", sector):
            raise DictionaryError(path, number, f"[{blocks[-1]}] is not a sector code like [~GOV]")
        phrase = CODE_BLOCK.split(stripped)[0]
        phrase = re.sub(r"\{[^}]*\}", "", phrase)
        forms = [phrase]
        for key, words in macros.items():
            if key in phrase:
                forms = [f.replace(key, " " + w) for f in forms for w in words]
        for form in forms:
            agents.append((_name(form).lower(), sector))
    return agents


def write_actor_tsv(entries: list[ActorEntry], out: Path) -> int:
    rows = ["names\tcode\tstart\tend"]
    for entry in entries:
        names = "|".join(n for n in entry.names if n)
        for code, start, end in entry.codes:
            if not ACTOR_CODE.match(code):
                continue  # discard markers such as ### carry no actor
            rows.append(f"{names}\t{code}\t{start}\t{end}")
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def write_agent_tsv(agents: list[tuple[str, str]], out: Path) -> int:
    rows = ["phrase\tsector\tkind"] + [f"{phrase}\t{sector}\tgroup" for phrase, sector in agents]
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(agents)


def import_file(path: str | Path, out_dir: str | Path) -> tuple[str, Path, int]:
    """Convert one PETRARCH dictionary (actors or agents, told apart by `[~` codes) into a TSV
    in `out_dir`. Returns (kind, output path, rows written)."""
    path, out_dir = Path(path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8", errors="replace")
    if "[~" in text:
        out = out_dir / f"{path.stem}.tsv"
        return "agents", out, write_agent_tsv(read_agents(path), out)
    out = out_dir / f"{path.stem}.tsv"
    return "actors", out, write_actor_tsv(read_actors(path), out)
