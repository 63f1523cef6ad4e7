"""PETRARCH's reading of a noun phrase, for a user's PETRARCH dictionaries in place of kronika's.

PETRARCH codes a noun phrase with the code of the first actor its words name, then adds the
code of every agent its words name, in order (`check_NEphrase`): "MSF Arnor" is NGOARN (MSF's
`[NGO~]` goes before the actor's code), "an MSF Arnor diplomat" NGOARNGOV, "the primary
official news agency" ---GOV (an agent and no actor), "The KU basketball team" USAEDU. An agent
whose code the phrase's code already holds ends the reading ("West German world government
activists": GMWGOV, then WGO, then GOV already there). kronika reads so the phrases it could
not resolve itself: a noun phrase with no actor, or with one coded `---`.
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
        if current is not None and current.code != "---":
            continue
        words = list(doc[head.left_edge.i : head.i + 1])
        code = phrase_code(words, names, lookup, agents, index)
        if code is None:
            continue
        country = code[:3] if not code.startswith("---") else None
        actor = Actor(
            text=doc[words[0].i : head.i + 1].text,
            name=doc[words[0].i : head.i + 1].text,
            code=code,
            country=country,
            sector=code[3:] or None,
            kind="group",
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
) -> str | None:
    """The code of a phrase's words: its first actor's, with its agents' (None: neither)."""
    first, last = words[0].i, words[-1].i
    doc = words[0].doc
    code = None
    for start, end in sorted(names):
        if first <= start and end - 1 <= last:
            entry = lookup(doc[start:end].text)
            if entry is not None and not entry.code.startswith("---"):
                code = entry.code
                break
    if code is None:  # a country kronika knows without the dictionary ("Libya")
        for token in words:
            actor = index.at(token)
            if actor is not None and actor.kind == "country" and actor.country:
                code = actor.code
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
    return code


def phrase_agents(words: list[Token], agents: Agents) -> list[Agent]:
    """The agents a phrase's words name, in order; at each word the longest phrase that
    starts there, as written or as lemmas ("officials", "official")."""
    lowers = [t.lower_ for t in words]
    lemmas = [t.lemma_.lower() for t in words]
    found: list[Agent] = []
    for k in range(len(words)):
        for size in range(min(agents.longest, len(words) - k), 0, -1):
            agent = agents.by_phrase.get(tuple(lowers[k : k + size])) or agents.by_phrase.get(
                tuple(lemmas[k : k + size])
            )
            if agent is not None:
                found.append(agent)
                break
    return found
