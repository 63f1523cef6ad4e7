"""How much knowledge is loaded, and from where: `kronika dictionaries stats`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from .tables import data_path

SOURCES = ("kronika", "phoenix", "ngec", "user")


def source_of(path: str | Path) -> str:
    """Which source a loaded file belongs to: kronika's own tables, the field's dictionaries
    converted from Phoenix/PETRARCH or NGEC, or a user's folder."""
    path = Path(path).resolve()
    data = data_path().resolve()
    if not path.is_relative_to(data):
        return "user"
    folder = path.relative_to(data).parts[0]
    return {"phoenix": "phoenix", "petrarch": "phoenix", "ngec": "ngec"}.get(folder, "kronika")


def dictionary_stats(
    dictionaries: list[str | Path] | None = None, *, builtin: bool = True
) -> dict[str, Any]:
    """Counts of actor entries, dated roles, agent nouns, verb classes and verb patterns,
    in all and by source."""
    from ..coding.cameo import cameo_table
    from ..coding.patterns import PatternSet
    from .actors import load_agents, load_dictionary
    from .tables import files_of_kind

    actors = load_dictionary(dictionaries, builtin=builtin)
    agents = load_agents(dictionaries, builtin=builtin)
    patterns = PatternSet(
        cameo_table(),
        paths=None if builtin else [],
        user_paths=files_of_kind(dictionaries, "patterns"),
        petrarch_paths=files_of_kind(dictionaries, "petrarch_verbs"),
        builtin=builtin,
    )
    by_source: dict[str, Counter[str]] = {source: Counter() for source in SOURCES}
    for path, count in actors.counts.items():
        by_source[source_of(path)]["actors"] += count
    for path, count in actors.dated.items():
        by_source[source_of(path)]["dated_roles"] += count
    for path, count in agents.counts.items():
        by_source[source_of(path)]["agent_nouns"] += count
    for path, (classes, count) in patterns.counts.items():
        by_source[source_of(path)]["verb_classes"] += classes
        by_source[source_of(path)]["verb_patterns"] += count
    keys = ("actors", "dated_roles", "agent_nouns", "verb_classes", "verb_patterns")
    totals = {key: sum(counts[key] for counts in by_source.values()) for key in keys}
    return {
        **totals,
        "by_source": {
            source: {key: counts[key] for key in keys} for source, counts in by_source.items()
        },
    }
