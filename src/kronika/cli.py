"""The `kronika` command: a thin layer over the library's functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .cli_store import dictionaries_option, input_options


def _fail(message: str) -> None:
    click.echo(f"kronika: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kronika")
def cli() -> None:
    """Who did what to whom, when, where, and who said so — from news articles."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines for machines, a table for people.",
)
@input_options
@click.option("--model", envvar="KRONIKA_MODEL", help="spaCy model name [env: KRONIKA_MODEL].")
@dictionaries_option
def extract(
    paths: tuple[str, ...],
    fmt: str,
    date: str | None,
    columns: dict[str, str] | None,
    max_chars: int,
    model: str | None,
    dictionaries: tuple[str, ...],
) -> None:
    """Extract actors, events, quotes, places and dates from articles.

    PATHS are files, directories (read recursively) or - for stdin: dated text, plain
    text, JSON Lines, JSON, CSV or TSV. Prints one JSON object per document.
    """
    from .knowledge.tables import DictionaryError
    from .nlp import ModelError
    from .pipeline import Extractor
    from .readers import ReaderError, read
    from .records import Rejected
    from .report import table

    try:
        extractor = Extractor(model, list(dictionaries))
        items = read(paths, date=date, columns=columns, max_chars=max_chars)
        rejected: list[Rejected] = []

        def documents():
            for item in items:
                if isinstance(item, Rejected):
                    rejected.append(item)
                    click.echo(f"kronika: rejected {item}", err=True)
                else:
                    yield item

        def failed(document, reason: str) -> None:
            item = Rejected(
                document.path or "-",
                None,
                f"document {document.id!r} could not be extracted: {reason}",
            )
            rejected.append(item)
            click.echo(f"kronika: rejected {item}", err=True)

        count = 0
        for extraction in extractor.extract_many(documents(), on_error=failed):
            count += 1
            if fmt == "table":
                click.echo(table(extraction))
            else:
                click.echo(json.dumps(extraction.to_dict(), ensure_ascii=False))
    except (ModelError, DictionaryError, ReaderError) as exc:
        _fail(str(exc))
    click.echo(f"kronika: extracted {count} document(s), rejected {len(rejected)}", err=True)
    if rejected and not count:
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@input_options
@click.option("--model", envvar="KRONIKA_MODEL", help="spaCy model name [env: KRONIKA_MODEL].")
@dictionaries_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document.")
@click.option("--all", "show_all", is_flag=True, help="Also list sentences with no candidates.")
def explain(
    paths: tuple[str, ...],
    date: str | None,
    columns: dict[str, str] | None,
    max_chars: int,
    model: str | None,
    dictionaries: tuple[str, ...],
    as_json: bool,
    show_all: bool,
) -> None:
    """Show, sentence by sentence, which words coded events by which rule, and what almost
    matched and why not."""
    from .knowledge.tables import DictionaryError
    from .nlp import ModelError
    from .pipeline import Extractor
    from .readers import read
    from .records import Rejected

    try:
        extractor = Extractor(model, list(dictionaries))
    except (ModelError, DictionaryError) as exc:
        _fail(str(exc))
    for item in read(paths, date=date, columns=columns, max_chars=max_chars):
        if isinstance(item, Rejected):
            click.echo(f"kronika: rejected {item}", err=True)
            continue
        report = extractor.explain(item)
        if as_json:
            click.echo(json.dumps({"document": item.id, "sentences": report}, ensure_ascii=False))
            continue
        click.echo(f"== {item.id}  date {item.date or 'unknown'}")
        for sentence in report:
            if not sentence["words"] and not show_all:
                continue
            click.echo(f"\n  {sentence['sentence']}")
            for note in sentence["words"]:
                if note["outcome"] == "event":
                    flags = " negated" if note["negated"] else ""
                    click.echo(
                        f"    + {note['word']}: {note['rule']} → "
                        f"{'/'.join(note['source'])} → "
                        f"{'/'.join(note['target']) or '(no target)'} "
                        f"[{note['modality']}{flags}]"
                    )
                else:
                    rule = f" {note['rule']}:" if note.get("rule") else ""
                    click.echo(f"    - {note['word']}:{rule} {note['reason']}")


@cli.command()
@click.argument("fmt", metavar="FORMAT")
@click.argument("path", type=click.Path())
@click.option(
    "--details",
    type=click.Path(dir_okay=False),
    help="Write per-record hits and misses (JSON Lines).",
)
@click.option("--model", envvar="KRONIKA_MODEL", help="spaCy model name [env: KRONIKA_MODEL].")
@click.option("--limit", type=int, help="Evaluate only the first N records.")
def evaluate(
    fmt: str, path: str, details: str | None, model: str | None, limit: int | None
) -> None:
    """Score kronika against a gold data set and print the metrics as JSON.

    FORMAT is one of the registered evaluators; an unknown FORMAT prints their names.
    """
    from .evaluate import EVALUATORS, EvaluationError, run

    if fmt not in EVALUATORS:
        _fail(f"unknown evaluation format {fmt!r}; known: {', '.join(sorted(EVALUATORS))}")
    if not Path(path).exists():
        _fail(f"{path}: no such file or directory")
    try:
        metrics = run(
            fmt, Path(path), details=Path(details) if details else None, model=model, limit=limit
        )
    except EvaluationError as exc:
        _fail(str(exc))
    click.echo(json.dumps(metrics, indent=2))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--events", "n_events", default=50, show_default=True, help="Events to draw.")
@click.option(
    "--articles", default=200, show_default=True, help="Articles to draw and extract first."
)
@click.option("--seed", default=1, show_default=True, help="Seed of the random draws.")
@click.option(
    "--all-modalities",
    is_flag=True,
    help="Also draw negated, requested, hypothetical, alleged and denied events.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "jsonl"]),
    default="text",
    show_default=True,
    help="Text to read and tick, or JSON Lines with an empty 'judgement' to fill in.",
)
@click.option("--model", envvar="KRONIKA_MODEL", help="spaCy model name [env: KRONIKA_MODEL].")
@dictionaries_option
def audit(
    paths: tuple[str, ...],
    n_events: int,
    articles: int,
    seed: int,
    all_modalities: bool,
    fmt: str,
    model: str | None,
    dictionaries: tuple[str, ...],
) -> None:
    """Print a random, seeded sample of coded events with their sentences, for a person to
    judge: the precision check for news that has no gold labels.

    PATHS are read as by `extract`; the same --seed draws the same sample.
    """
    from .audit import format_item, sample_events
    from .knowledge.tables import DictionaryError
    from .nlp import ModelError
    from .pipeline import Extractor
    from .readers import ReaderError, read
    from .records import Document

    try:
        documents = [d for d in read(paths) if isinstance(d, Document)]
        extractor = Extractor(model, list(dictionaries))
        items = sample_events(
            extractor,
            documents,
            events=n_events,
            articles=articles,
            seed=seed,
            facts_only=not all_modalities,
        )
    except (ModelError, DictionaryError, ReaderError) as exc:
        _fail(str(exc))
    for item in items:
        if fmt == "jsonl":
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        else:
            click.echo(format_item(item) + "\n")
    click.echo(
        f"kronika: {len(items)} event(s) drawn from {min(articles, len(documents))} of "
        f"{len(documents)} article(s), seed {seed}",
        err=True,
    )


@cli.group()
def dictionaries() -> None:
    """Work with actor dictionaries."""


@dictionaries.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--all", "show_all", is_flag=True, help="List every conflict, not the first 50.")
def dictionaries_check(paths: tuple[str, ...], show_all: bool) -> None:
    """Validate dictionary files, naming the file, line and problem: actor TSVs (`names`,
    `code`), agent TSVs (`phrase`, `sector`), event patterns (`pattern`, `code`, like
    verbs.tsv), equipment (`names`, `type`, `kind`) and PETRARCH dictionaries (`.txt`).

    Without PATHS, checks kronika's built-in tables and the field's converted ones, and
    lists the names that kronika's own tables and the field's dictionaries code differently
    (kronika's entries are kept)."""
    from .knowledge.tables import DictionaryError, file_kind, user_files

    problems = 0
    if not paths:
        try:
            lines, conflicts = _check_builtin()
        except DictionaryError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        for line in lines:
            click.echo(f"ok: {line}")
        click.echo(f"{len(conflicts)} conflicts between kronika's tables and the field's:")
        for conflict in conflicts if show_all else conflicts[:50]:
            click.echo(f"conflict: {conflict}")
        if len(conflicts) > 50 and not show_all:
            click.echo(f"... and {len(conflicts) - 50} more (--all lists them)")
        return
    for given in paths:
        for path in user_files(given):
            try:
                count, what = _check_file(path, file_kind(path))
            except DictionaryError as exc:
                problems += 1
                click.echo(f"error: {exc}", err=True)
            else:
                click.echo(f"ok: {path} ({count} {what})")
    if problems:
        sys.exit(1)


def _check_builtin() -> tuple[list[str], list]:
    """Load every built-in table, reading every row; returns what was checked, and the
    conflicts between kronika's actor tables and the field's."""
    from .coding.cameo import cameo_table
    from .coding.patterns import PatternSet
    from .knowledge.actors import load_agents, load_dictionary

    actors = load_dictionary()
    for entry in actors.field.values():
        actors._materialise(entry)  # every row of the field's tables, validated
    lines = [f"{path} ({count} entries)" for path, count in actors.counts.items()]
    agents = load_agents()
    lines += [f"{path} ({count} agent phrases)" for path, count in agents.counts.items()]
    patterns = PatternSet(cameo_table())
    for name in list(patterns.petrarch.class_codes):
        patterns.petrarch.class_patterns(name)
    lines += [
        f"{path} ({count} patterns{f', {classes} verb classes' if classes else ''})"
        for path, (classes, count) in patterns.counts.items()
    ]
    return lines, actors.conflicts()


@dictionaries.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@dictionaries_option
def dictionaries_stats(as_json: bool, dictionaries: tuple[str, ...]) -> None:
    """How many actor entries, dated roles, agent nouns, verb classes and verb patterns are
    loaded, in all and by source (kronika, Phoenix, NGEC, user)."""
    from .knowledge.stats import dictionary_stats
    from .knowledge.tables import DictionaryError

    try:
        stats = dictionary_stats(list(dictionaries))
    except DictionaryError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    keys = [k for k in stats if k != "by_source"]
    click.echo(f"{'':14}" + "".join(f"{k:>15}" for k in keys))
    click.echo(f"{'all':14}" + "".join(f"{stats[k]:>15,}" for k in keys))
    for source, counts in stats["by_source"].items():
        click.echo(f"{source:14}" + "".join(f"{counts[k]:>15,}" for k in keys))


def _check_file(path: Path, kind: str) -> tuple[int, str]:
    """Load one dictionary file of the given kind; returns (entries, what they are)."""
    from .coding.cameo import cameo_table
    from .coding.patterns import PatternSet
    from .coding.petrarch import PetrarchVerbs
    from .knowledge.actors import ActorDictionary, Agents

    if kind == "agents":
        return Agents(builtin=False).load(path), "agent phrases"
    if kind == "patterns":
        patterns = PatternSet(cameo_table(), paths=[])
        return patterns.load(path, cameo_table(), override=True), "event patterns"
    if kind == "petrarch_verbs":
        class_count, count = PetrarchVerbs().load(path)
        return count, f"PETRARCH verb patterns in {class_count} classes"
    if kind == "discards":
        from .knowledge.tables import read_tsv

        return sum(1 for _ in read_tsv(path, ("discard",))), "discard phrases"
    if kind == "equipment":
        from .annotate.equipment import read_equipment

        classes, systems = read_equipment(path)
        return len(classes) + len(systems), "equipment names"
    return ActorDictionary().load(path), "names"


@dictionaries.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write kronika dictionaries into (use it with --dictionaries).",
)
def dictionaries_import(paths: tuple[str, ...], out_dir: str) -> None:
    """Convert PETRARCH/TABARI/Phoenix dictionaries (actors, agents, verbs, discards) into
    kronika's TSVs. A malformed line is reported with its file, line and reason, and skipped."""
    from .knowledge.petrarch import Problem, import_file
    from .knowledge.tables import DictionaryError

    for path in paths:
        problems: list[Problem] = []
        try:
            kind, out, rows = import_file(path, out_dir, problems)
        except DictionaryError as exc:
            _fail(str(exc))
        for problem in problems:
            click.echo(f"kronika: skipped {problem}", err=True)
        what = "verb patterns" if kind == "verbs" else f"{kind} rows"
        click.echo(f"{path}: {rows} {what} → {out} ({len(problems)} lines skipped)")


from .cli_store import register_store_commands  # noqa: E402

register_store_commands(cli)

from .cli_serve import register_serve_command  # noqa: E402

register_serve_command(cli)


def main() -> None:
    import warnings

    from .knowledge.tables import DictionaryWarning

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        if issubclass(category, DictionaryWarning):
            click.echo(f"kronika: skipped {message}", err=True)
        else:
            original(message, category, filename, lineno, file, line)

    original = warnings.showwarning
    warnings.showwarning = show
    warnings.simplefilter("always", DictionaryWarning)
    cli(prog_name="kronika")


if __name__ == "__main__":
    main()
