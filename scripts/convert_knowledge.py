"""Convert the field's dictionaries in ../shared/knowledge into kronika's own tables.

Reads the Phoenix actor, agent and discard dictionaries and CAMEO.2.0's verb patterns
(openeventdata/petrarch2) and NGEC's PLOVER agents (ahalterman/NGEC-2025), all under the MIT
licence (see NOTICE), and writes under src/kronika/data/:

- phoenix/countries.tsv.gz (gzip, 2.6 MB as text), international.tsv, milnonstate.tsv: actors, one
  row per code with its dates, the source file and line, and kronika's `kind`;
- phoenix/omitted.tsv: names that are not matched in text, and why (country names and places
  that kronika's own tables resolve, common English words, discarded phrases, names several
  entries share);
- (phoenix/code_map.tsv, kept by hand, says which Phoenix codes kronika writes its own way;
  the script prints the pairs it sees on names both list, for review);
- phoenix/agents.tsv, ngec/agents.tsv: agent nouns; phoenix/discards.tsv: the discard list;
- petrarch/cameo_verbs.tsv: CAMEO.2.0's synsets, verb classes and patterns.

The output depends only on the input files and kronika's own tables, so running it again
gives the same files. Usage: python scripts/convert_knowledge.py [--knowledge DIR]
"""

from __future__ import annotations

import argparse
import gzip
import re
from collections import Counter, defaultdict
from pathlib import Path

from kronika.coding.cameo import cameo_table
from kronika.coding.petrarch import NO_CODE, parse_pattern
from kronika.knowledge.actors import SECTOR_CODES, name_key
from kronika.knowledge.countries import country_code
from kronika.knowledge.petrarch import (
    ActorEntry,
    Problem,
    read_actors,
    read_agents,
    read_discards,
    write_discard_tsv,
)
from kronika.knowledge.petrarch_verbs import VerbDictionary, read_verbs, write_verb_tsv
from kronika.knowledge.tables import ACTOR_CODE, data_path, read_tsv

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT.parent / "shared" / "knowledge"
DATA = ROOT / "src" / "kronika" / "data"
PETRARCH = "openeventdata/petrarch2 petrarch2/data/dictionaries (commit 676801cd), MIT licence"
NGEC = "ahalterman/NGEC-2025 NGEC/assets (commit a3909e2a), MIT licence"
ACTOR_FILES = {
    "Phoenix.Countries.actors.txt": "countries.tsv.gz",
    "Phoenix.International.actors.txt": "international.tsv",
    "Phoenix.MilNonState.actors.txt": "milnonstate.tsv",
}
KRONIKA_ACTORS = ("metonyms.tsv", "organisations_by_date.tsv", "organisations.tsv", "people.tsv")
# Leading chunks of Phoenix codes that are not the ISO 3166 codes kronika uses (docs/actors.md):
# old country codes, and CAMEO regions, religions and sectors standing first, which name no
# country ("MEAREB": a Middle Eastern rebel group, "---REB" in kronika's scheme).
LEADING = {
    "TMP": "TLS",
    "KSV": "XKX",
    "USR": "SUN",
    "FRY": "YUG",
    "SCG": "SRB",
    "SRP": "BIH",
    "KRJ": "HRV",
    "FRN": "FRA",
    "ANG": "AGO",
}
NO_COUNTRY = set(
    "INT MEA SAS KKL KNT WEU SEA EAF LAM CFR ASA AFR SAF NMR EEU EUR CAS EIN SAM NAF WAF".split()
)
RELIGIONS = {"HIN", "BUD", "MOS", "BAH", "MUS", "CHR", "JEW"}
# CAMEO's sector chunks: kronika's, and the religions CAMEO codes on their own.
SECTORS = SECTOR_CODES | {"MUS", "CHR", "CTH", "PRO", "JEW", "HIN", "BUD", "SHI", "SUN", "ORT"}
# NGEC's agent codes that differ from kronika's: MED is medical in NGEC, media in kronika;
# NGEC's paramilitaries are kronika's irregular forces.
NGEC_SECTORS = {"MED": "HLH", "PRM": "UAF"}
# NGEC marks words that are not actors at all (disasters, weekdays): they are left out, and
# so are nouns with no sector ("UNK": "region", "group", "men").
NGEC_NOT_ACTORS = {"JNK", "NON", "UNK"}
# NGEC codes the press and journalists alike JRN; kronika keeps JRN for journalists and
# codes the media MED ("state media" GOVMED, as CAMEO's OFFICIAL_MEDIA).
PERSON_NOUN = re.compile(r"(?:ist|er|or|man|men|woman|women|person|ent)s?$")
# The field's agent lists hold every noun PETRARCH met inside an actor's phrase, abstract ones
# too ("state", "time", "security", "magazine"); kronika turns agent nouns into actors
# wherever they stand, so from those lists it takes phrases of several words and the nouns
# for people (with the endings below), and leaves the other single words out.
PEOPLE_NOUN = re.compile(
    r"(?:er|or|ist|ian|ean|man|men|woman|women|person|people|ant|ent|ee|crat|ier|eer|iff"
    r"|ary|aries)s?$"
)
# ... but an "-er" in business or the military is as often a vessel or a plane ("tanker",
# "carrier", "bomber") as a person.
THING_NOUN = re.compile(r"(?:er|or)s?$")
THING_SECTORS = ("BUS", "MIL")
MONTHS = "january february march april may june july august september october november december"
DATE_NAME = re.compile(
    rf"^(?:(?:{MONTHS.replace(' ', '|')}) \d+|\d+ (?:{MONTHS.replace(' ', '|')}))$"
)
# Phoenix's people are a snapshot of early 2014 (CountryInfo.140130): a term it leaves open is
# taken to end with 2015, after which the person is coded as out of office (docs/actors.md).
OPEN_ROLES_END = "2015"
# Words that may be lower case inside a name ("Ban Ki-moon", "bin Salman", "Ministry of ...").
CONNECTORS = {
    "of",
    "the",
    "and",
    "for",
    "al",
    "el",
    "bin",
    "ibn",
    "de",
    "la",
    "le",
    "du",
    "da",
    "di",
}


def header(source: str, what: str) -> str:
    return (
        f"# {what}\n# Converted by scripts/convert_knowledge.py from {source}.\n"
        "# Do not edit by hand: change the script or kronika's own tables and run it again.\n"
    )


def english_words() -> set[str]:
    """Lower-case English words (WordNet's nouns, verbs, adjectives and adverbs as spaCy's
    lemmatizer ships them, with their plurals) and stop words: a one-word name that is also
    one of these ("Bush", "Shell", "Target") is too ambiguous to match."""
    from kronika.nlp import load_model

    nlp = load_model(None)
    words: set[str] = set(nlp.Defaults.stop_words)
    lemmatizer = nlp.get_pipe("lemmatizer")
    for forms in lemmatizer.lookups.get_table("lemma_index").values():
        words.update(forms)
    words.update(w + "s" for w in list(words))
    return words


def leading(code: str) -> str:
    """A Phoenix code in kronika's scheme: its first chunk an ISO 3166 code (or an
    organisation prefix, or "---"), and, after a country, only sector chunks: territories
    and regions inside a country are the country ("GBRFLKGOV", the Falklands' governor,
    is GBRGOV, as kronika codes the leaders of self-governing regions)."""
    head, rest = code[:3], code[3:]
    if head in LEADING:
        head = LEADING[head]
    elif head in NO_COUNTRY:
        head = "---"
    elif head in RELIGIONS:
        head, rest = "---", "REL" + rest
    elif head in ("MED", "ELI"):
        head, rest = "---", code
    if head in ("IGO", "NGO", "IMG", "MNC"):
        return head + rest
    chunks = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    chunks = [c for c in chunks if c in SECTORS]
    if chunks[:2] == ["GOV", "LEG"]:
        chunks = chunks[1:]  # Phoenix's legislators are GOVLEG; kronika's legislature is LEG
    return head + "".join(chunks)


def kind_of(file: str, entry: ActorEntry, code: str) -> str:
    dated = any(c.start or c.end for c in entry.codes)
    if file.endswith("MilNonState.actors.txt"):
        return "armed_group"
    if code.startswith("IGO"):
        return "person" if dated else "igo"
    if code.startswith("NGO"):
        return "person" if dated else "ngo"
    if code.startswith("MNC"):
        return "company"
    if code.startswith("IMG"):
        return "armed_group"
    person = "CountryInfo" in entry.comment
    if file.endswith("Countries.actors.txt") and not person:
        if country_code(entry.names[0].title()) or country_code(entry.names[0]):
            return "country"  # a country or territory block ("BRITISH VIRGIN ISLANDS")
    if person or dated or code.endswith("ELI"):
        return "person"
    return "organisation"


def kronika_names() -> dict[str, tuple[str, str]]:
    """kronika's own actor names → (code, file:line) of their first entry."""
    names: dict[str, tuple[str, str]] = {}
    for file in KRONIKA_ACTORS:
        path = data_path("actors", file)
        for row in read_tsv(path, ("names", "code")):
            for name in row["names"].split("|"):
                names.setdefault(name_key(name), (row["code"], f"{file}:{row.line}"))
    return names


def convert_actors(
    knowledge: Path, out_dir: Path, words: set[str], problems: list[Problem]
) -> tuple[int, int]:
    discards = {d.phrase for d in read_discards(knowledge / "Phoenix.discards.txt", problems)}
    agent_phrases = {
        row["phrase"].lower() for row in read_tsv(data_path("agents.tsv"), ("phrase", "sector"))
    }
    for agents_file in (
        knowledge / "Phoenix.agents.txt",
        knowledge.parent / "ngec" / "PLOVER_agents.txt",
    ):
        agent_phrases.update(a.phrase for a in read_agents(agents_file, []))
    kronika = kronika_names()
    entries = {file: read_actors(knowledge / file, problems) for file in ACTOR_FILES}
    # The countries of the entries that use each name, for names that entries of different
    # countries share ("National Assembly").
    users: dict[str, list[set[str]]] = defaultdict(list)
    for found in entries.values():
        for entry in found:
            heads = {leading(c.code)[:3] for c in entry.codes}
            for name in dict.fromkeys(name_key(n) for n in entry.names):
                users[name].append(heads)
    # Organisation codes that Phoenix and kronika give to names both list, for review.
    pairs: dict[str, Counter[str]] = defaultdict(Counter)
    for found in entries.values():
        for entry in found:
            for code in entry.codes:
                ours = leading(code.code)
                if not ours.startswith(("IGO", "NGO", "IMG")) or code.start or code.end:
                    continue
                for name in entry.names:
                    known = kronika.get(name_key(name))
                    if known and known[0] != ours and known[0][:3] == ours[:3]:
                        pairs[ours][known[0]] += 1
    code_map = {
        row["phoenix_code"]: row["code"]
        for row in read_tsv(out_dir / "code_map.tsv", ("phoenix_code", "code"))
    }
    for ours, theirs in sorted(pairs.items()):
        if ours not in code_map and len(ours) > 3:
            print(f"to review: {ours} is {dict(theirs)} on names kronika lists too")
    omitted = ["name\treason\tsource"]
    rows_written = entry_count = 0
    for file, out_name in ACTOR_FILES.items():
        rows = [
            header(f"{file} ({PETRARCH})", "Phoenix actors in kronika's format (docs/actors.md)")
            + "names\tcode\tkind\tstart\tend\tsource\tphoenix_code"
        ]
        for entry in entries[file]:
            codes = [(leading(c.code), c) for c in entry.codes]
            codes = [(code_map.get(code, code), c) for code, c in codes]
            codes = [(code, c) for code, c in codes if ACTOR_CODE.match(code) and code != "---"]
            if not codes:
                continue
            kind = kind_of(file, entry, codes[0][0])
            names = []
            for name in dict.fromkeys(entry.names):
                reason = omit_reason(name, kind, words, discards, users, agent_phrases)
                if reason:
                    omitted.append(f"{name}\t{reason}\t{file}:{entry.line}")
                elif "|" not in name:
                    names.append(name)
            if not names:
                continue
            entry_count += 1
            for code, original in codes:
                mapped = original.code if original.code != code else ""
                end = original.end
                if kind == "person" and original.start and not end:
                    end = OPEN_ROLES_END  # what the snapshot knows, no more
                rows.append(
                    f"{'|'.join(names)}\t{code}\t{kind}\t{original.start}\t{end}\t"
                    f"{file}:{original.line}\t{mapped}"
                )
                rows_written += 1
        text = "\n".join(rows) + "\n"
        if out_name.endswith(".gz"):  # a table too large to ship as text; mtime 0: reproducible
            (out_dir / out_name).write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
        else:
            (out_dir / out_name).write_text(text, encoding="utf-8")
    (out_dir / "omitted.tsv").write_text(
        header(PETRARCH, "Phoenix actor names that kronika does not match in text, and why")
        + "\n".join(omitted)
        + "\n",
        encoding="utf-8",
    )
    return entry_count, rows_written


def omit_reason(
    name: str,
    kind: str,
    words: set[str],
    discards: set[str],
    users: dict[str, list[set[str]]],
    agent_phrases: set[str],
) -> str:
    """Why a Phoenix name is not matched in text, or "" when it is."""
    key = name_key(name)
    if kind == "country":
        return "a country's name, demonym or place: kronika's countries and gazetteer resolve them"
    if key in discards:
        return "in Phoenix.discards.txt"
    if key in agent_phrases or key.rstrip("s") in agent_phrases:
        return "an agent noun: the country comes from the text around it"
    if DATE_NAME.match(key):
        return "a date"
    letters = re.sub(r"[^a-z]", "", key)
    if len(letters) < 3:
        return "shorter than three letters"
    tokens = key.split()
    if len(tokens) == 1 and (key in words or key.strip(".") in words or letters in words):
        return "a common English word"
    shared = users[key]
    if len(shared) > 1 and not set.intersection(*shared):
        return f"entries of several countries share it ({', '.join(sorted(set.union(*shared)))})"
    return ""


def convert_agents(
    path: Path, out: Path, source: str, problems: list[Problem], ngec: bool, omitted: list[str]
) -> int:
    rows = [
        header(source, "Agent nouns in kronika's format (see data/agents.tsv)")
        + "phrase\tsector\tkind\tposition\tsource"
    ]
    seen: set[str] = set()
    for agent in read_agents(path, problems):
        chunks = [agent.code[i : i + 3] for i in range(0, len(agent.code), 3)]
        if ngec:
            if chunks == ["UNK"] or chunks[0] in NGEC_NOT_ACTORS:
                continue
            chunks = [NGEC_SECTORS.get(c, c) for c in chunks]
            if "JRN" in chunks and not PERSON_NOUN.search(agent.phrase.split()[-1]):
                chunks = ["MED" if c == "JRN" else c for c in chunks]
        if agent.phrase in seen:
            continue
        seen.add(agent.phrase)
        thing = THING_NOUN.search(agent.phrase) and agent.code.startswith(THING_SECTORS)
        if " " not in agent.phrase and (not PEOPLE_NOUN.search(agent.phrase) or thing):
            omitted.append(
                f"{agent.phrase}\ta single word that does not name people\t{path.name}:{agent.line}"
            )
            continue
        position = "before" if agent.before else ""
        rows.append(
            f"{agent.phrase}\t{''.join(chunks)}\tgroup\t{position}\t{path.name}:{agent.line}"
        )
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def drop_unreadable(verbs: VerbDictionary, problems: list[Problem], path: str) -> None:
    """Leave out the patterns kronika cannot read (unbalanced brackets, undefined synsets) or
    whose codes are not in its CAMEO table, as PETRARCH ignores them too."""
    cameo = cameo_table()
    synsets = {name: [text for text, _ in members] for name, members in verbs.synsets.items()}
    for verb_class in verbs.classes:
        kept = []
        for text, code, line in verb_class.patterns:
            try:
                parse_pattern(text, code, verb_class.name, synsets, "")
            except ValueError as exc:
                problems.append(Problem(path, line, f"pattern {text!r}: {exc}"))
                continue
            unknown = [c for c in code.split(":") if c.strip() not in NO_CODE and c not in cameo]
            if unknown:
                problems.append(Problem(path, line, f"code {unknown[0]} is not in CAMEO"))
                continue
            kept.append((text, code, line))
        verb_class.patterns = kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--knowledge", type=Path, default=KNOWLEDGE, help="the shared folder")
    parser.add_argument("--out", type=Path, default=DATA, help="the data folder to write into")
    args = parser.parse_args()
    petrarch, ngec = args.knowledge / "petrarch2", args.knowledge / "ngec"
    if not petrarch.is_dir():
        raise SystemExit(f"no dictionaries at {petrarch}: nothing converted")
    phoenix_dir, ngec_dir, verbs_dir = (args.out / d for d in ("phoenix", "ngec", "petrarch"))
    for folder in (phoenix_dir, ngec_dir, verbs_dir):
        folder.mkdir(parents=True, exist_ok=True)
    if not (phoenix_dir / "code_map.tsv").exists():
        (phoenix_dir / "code_map.tsv").write_text(
            (DATA / "phoenix" / "code_map.tsv").read_text(encoding="utf-8"), encoding="utf-8"
        )
    problems: list[Problem] = []
    entries, rows = convert_actors(petrarch, phoenix_dir, english_words(), problems)
    print(f"actors: {entries} entries, {rows} rows")
    omitted = ["phrase\treason\tsource"]
    count = convert_agents(
        petrarch / "Phoenix.agents.txt",
        phoenix_dir / "agents.tsv",
        PETRARCH,
        problems,
        False,
        omitted,
    )
    print(f"Phoenix agents: {count}")
    count = convert_agents(
        ngec / "PLOVER_agents.txt", ngec_dir / "agents.tsv", NGEC, problems, True, omitted
    )
    print(f"NGEC agents: {count}")
    (phoenix_dir / "omitted_agents.tsv").write_text(
        header(f"{PETRARCH}; {NGEC}", "Agent nouns of the field that kronika leaves out, and why")
        + "\n".join(omitted)
        + "\n",
        encoding="utf-8",
    )
    discards = read_discards(petrarch / "Phoenix.discards.txt", problems)
    out = phoenix_dir / "discards.tsv"
    write_discard_tsv(discards, out, "Phoenix.discards.txt")
    out.write_text(header(PETRARCH, "Phoenix's discard list") + out.read_text(), encoding="utf-8")
    verbs = read_verbs(petrarch / "CAMEO.2.0.txt", problems)
    drop_unreadable(verbs, problems, str(petrarch / "CAMEO.2.0.txt"))
    out = verbs_dir / "cameo_verbs.tsv"
    patterns = write_verb_tsv(verbs, out, "CAMEO.2.0.txt")
    out.write_text(
        header(f"CAMEO.2.0.txt ({PETRARCH})", "CAMEO verb classes and patterns (docs/events.md)")
        + out.read_text(),
        encoding="utf-8",
    )
    print(f"verbs: {len(verbs.classes)} classes, {patterns} patterns")
    for problem in sorted(set(problems), key=lambda p: (p.path, p.line)):
        print(f"skipped {Path(problem.path).name}:{problem.line}: {problem.reason}")


if __name__ == "__main__":
    main()
