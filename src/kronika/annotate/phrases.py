"""PETRARCH's reading of a noun phrase, for a user's PETRARCH dictionaries in place of kronika's.

PETRARCH codes a noun phrase with the code of the first actor its words name, then adds the
code of every agent its words name, in order (`check_NEphrase`; a word of a longer agent
phrase is not an agent of its own): "MSF Arnor" is NGOARN (MSF's `[NGO~]` goes before the
actor's code), "an MSF Arnor diplomat" NGOARNGOV, "the primary official news agency" ---GOV
(an agent and no actor), "The KU basketball team" USAEDU, "the Gondor main opposition group"
GONMOP. An agent whose code the phrase's code already holds ends the reading. kronika reads
so the phrases it could not resolve itself (a noun phrase with no actor, or with one coded
`---`) and those whose code PETRARCH's reading extends (kronika's ARNGOV for the diplomat).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from ..knowledge.actors import Agent, Agents, Entry
from ..records import Actor

# Words that stand before the noun of their phrase: the noun is read with them.
PHRASE_MODIFIERS = {"compound", "amod", "nmod", "nummod", "poss"}


def read_phrases(
    doc: Doc,
    index,
    names: list[tuple[int, int]],
    lookup: Callable[[str], Entry | None],
    agents: Agents,
) -> None:
    """Give the actor index an actor for each noun phrase of `doc` that has none (or one
    coded `---`) and whose words name an actor or an agent, coded as PETRARCH codes it.
    `names` are the token spans of the dictionary's names, `lookup` their entries."""
    for head in doc:
        if head.pos_ not in ("NOUN", "PROPN"):
            continue
        if head.dep_ in PHRASE_MODIFIERS and head.head.i > head.i:
            continue  # a word of a longer phrase, read with its noun
        current = index.at(head)
        words = list(doc[head.left_edge.i : head.i + 1])
        read = phrase_code(words, names, lookup, agents, index)
        if read is None:
            continue
        code, kind = read
        if current is not None and current.code != "---" and not _more(code, current.code):
            continue  # kronika's resolution, unless PETRARCH's reading says more of it
        country = code[:3] if not code.startswith("---") else None
        actor = Actor(
            text=doc[words[0].i : head.i + 1].text,
            name=doc[words[0].i : head.i + 1].text,
            code=code,
            country=country,
            sector=code[3:] or None,
            kind=kind,
            role=None,
            start=words[0].idx,
            end=head.idx + len(head),
            how="PETRARCH phrase",
        )
        if current is not None and words[0].idx <= current.start and current.end <= actor.end:
            index.replace(current, actor)
        else:
            index.add(actor, range(head.i, head.i + 1))


def phrase_code(
    words: list[Token],
    names: list[tuple[int, int]],
    lookup: Callable[[str], Entry | None],
    agents: Agents,
    index,
) -> tuple[str, str] | None:
    """The code of a phrase's words, its first actor's with its agents', and the kind of
    actor it names (None: neither an actor nor an agent)."""
    first, last = words[0].i, words[-1].i
    doc = words[0].doc
    code = None
    kind = "group"
    for start, end in sorted(names):
        if first <= start and end - 1 <= last:
            entry = lookup(doc[start:end].text)
            if entry is not None and not entry.code.startswith("---"):
                code, kind = entry.code, entry.kind
                break
    if code is None:  # a country kronika knows without the dictionary ("Libya")
        for token in words:
            actor = index.at(token)
            if actor is not None and actor.kind == "country" and actor.country:
                code, kind = actor.code, actor.kind
                break
    found = phrase_agents(words, agents)
    if code is None and not found:
        return None
    code = code or "---"
    for agent in found:
        sector = agent.sector
        if any(code[k : k + len(sector)] == sector for k in range(0, len(code), 3)):
            break  # PETRARCH stops at an agent the code already holds
        code = sector + code if agent.before else code + sector
        kind = "group"
    return code, kind


def _more(code: str, resolved: str) -> bool:
    """Whether a phrase's PETRARCH code holds kronika's and more ("An MSF Arnor diplomat":
    NGOARNGOV for kronika's ARNGOV)."""
    return len(code) > len(resolved) and resolved in code


def phrase_agents(words: list[Token], agents: Agents) -> list[Agent]:
    """The agents a phrase's words name, in order: the longest phrase that starts at a word,
    as written or as lemmas ("officials", "official"), then the words after it ("main
    opposition group" is MAIN_OPPOSITION_GROUP, not OPPOSITION_GROUP too)."""
    lowers = [t.lower_ for t in words]
    lemmas = [t.lemma_.lower() for t in words]
    found: list[Agent] = []
    k = 0
    while k < len(words):
        size = min(agents.longest, len(words) - k)
        while size > 0:
            agent = agents.by_phrase.get(tuple(lowers[k : k + size])) or agents.by_phrase.get(
                tuple(lemmas[k : k + size])
            )
            if agent is not None:
                found.append(agent)
                break
            size -= 1
        k += max(size, 1)
    return found
