"""The store's commands: ingest, recode, events, quotes, actors, search, timeline, network,
stats and export. Each parses its options, calls `kronika.store`, and prints the result."""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

FORMATS = ["table", "csv", "json", "jsonl"]


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"kronika: {message}", err=True)
    sys.exit(code)


# Every command that extracts or codes reads the users' own knowledge the same way.
dictionaries_option = click.option(
    "--dictionaries",
    "dictionaries",
    multiple=True,
    type=click.Path(exists=True),
    help="A folder (or file) of your own actors, agent nouns, event patterns or weapon "
    "systems (see docs/actors.md); repeatable.",
)


def _article_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from .article_date import DateError, article_date

    try:
        return article_date(value)
    except DateError as exc:
        raise click.BadParameter(str(exc)) from None


def _columns(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    from .readers import ReaderError, columns

    try:
        return columns(value) or None
    except ReaderError as exc:
        raise click.BadParameter(str(exc)) from None


def input_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """How commands that read articles read them: the default date, the column names and
    the longest text. Bad values stop the command (exit 2) before any model loads."""
    from .readers import MAX_CHARS

    options = [
        click.option(
            "--date",
            callback=_article_date,
            help="Article date (YYYY-MM-DD) for records that carry none.",
        ),
        click.option(
            "--columns",
            callback=_columns,
            metavar="FIELD=COLUMN,…",
            help="Columns (or JSON keys) that hold the fields, e.g. text=body,date=published,"
            "title=headline.",
        ),
        click.option(
            "--max-chars",
            type=click.IntRange(min=1),
            default=MAX_CHARS,
            show_default=True,
            help="Longest article text; a longer one is cut there and marked 'truncated'.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def db_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        envvar="KRONIKA_DB",
        default="kronika.db",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="The store file [env: KRONIKA_DB].",
    )(function)


def format_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="A table for people; csv, json or jsonl for machines.",
    )(function)


FILTERS = [
    ("--actor", "Source or target: a code (IRN matches IRNMIL) or part of a name."),
    ("--source", "Who acts: a code prefix or part of a name."),
    ("--target", "Whom it is aimed at: a code prefix or part of a name."),
    ("--dyad", "SOURCE:TARGET, e.g. IRN:TJK (directed)."),
    ("--code", "CAMEO code, exact (042) or prefix (06*)."),
    ("--plover", "PLOVER event type, e.g. COOPERATE."),
    ("--since", "First day (YYYY, YYYY-MM or YYYY-MM-DD), inclusive."),
    ("--until", "Last day (YYYY, YYYY-MM or YYYY-MM-DD), inclusive."),
    ("--place", "Part of the event location's name, or its country code."),
    ("--text", "Words in a sentence that reports the event."),
    (
        "--modality",
        "How the events were reported: asserted, intent, hypothetical, requested, alleged or "
        "denied; several comma-separated.",
    ),
]
RELATIVE_DAYS = {"today": 0, "yesterday": 1}


def filter_options(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option(
        "--exact",
        is_flag=True,
        help="Actor codes match only themselves (IRN, not IRNMIL); IRN* is still a prefix.",
    )(function)
    function = click.option(
        "--negated/--not-negated",
        default=None,
        help="Only negated events (did not attack), or only the others.",
    )(function)
    for flag, help_text in reversed(FILTERS):
        function = click.option(flag, help=help_text)(function)
    return function


def _filter(options: dict[str, Any], limit: int | None = None) -> Any:
    from .store.query import EventFilter

    values = {flag[2:]: options.pop(flag[2:], None) for flag, _ in FILTERS}
    for bound in ("since", "until"):
        values[bound] = _day(f"--{bound}", values[bound])
    if values["since"] and values["until"] and values["since"] > values["until"]:
        _fail(f"--since {values['since']} is after --until {values['until']}")
    where = EventFilter(
        **values, limit=limit, negated=options.pop("negated", None), exact=options.pop("exact")
    )
    try:
        where.modalities()
    except Exception as exc:  # StoreError: an unknown modality
        _fail(f"--{exc}")
    return where


def _day(flag: str, value: str | None) -> str | None:
    """A --since/--until value checked as a calendar date (YYYY, YYYY-MM or YYYY-MM-DD);
    'today' and 'yesterday' are resolved, and the day used is printed."""
    from datetime import date, timedelta

    from .store.query import parse_day

    if value is None:
        return None
    word = value.strip().lower()
    if word in RELATIVE_DAYS:
        day = (date.today() - timedelta(days=RELATIVE_DAYS[word])).isoformat()
        click.echo(f"kronika: {flag} {word} is {day}", err=True)
        return day
    try:
        return parse_day(value)
    except ValueError as exc:
        _fail(f"{flag} {exc}")
    return None


def _open(db: str, *, create: bool = False) -> Any:
    from .store import StoreError, connect

    try:
        return connect(db, create=create)
    except StoreError as exc:
        _fail(str(exc))


def store_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into a clean message and exit status 2."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .store import StoreError

        try:
            return function(*args, **kwargs)
        except StoreError as exc:
            _fail(str(exc))

    return wrapper


def render(rows: Sequence[Any], fmt: str, columns: list[str] | None = None) -> str:
    """Typed rows (with `to_dict`) as a table, CSV, a JSON array or JSON Lines."""
    dicts = [row.to_dict() for row in rows]
    if fmt == "json":
        return json.dumps(dicts, ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "\n".join(json.dumps(d, ensure_ascii=False) for d in dicts)
    columns = columns or (list(dicts[0]) if dicts else [])
    if fmt == "csv":
        from .store.export import safe_cell

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, list(dicts[0]) if dicts else columns, lineterminator="\n")
        writer.writeheader()
        for d in dicts:
            writer.writerow(
                {
                    k: safe_cell(json.dumps(v) if isinstance(v, dict | list) else v)
                    for k, v in d.items()
                }
            )
        return buffer.getvalue().rstrip("\n")
    if not dicts:
        return "(none)"
    from .report import text_table

    return text_table(columns, [[_cell(d.get(c)) for c in columns] for d in dicts], width=60)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("name") or "")
    return str(value).replace("\n", " ")


class IngestProgress:
    """A progress bar (tqdm) on a terminal, plain log lines per committed batch otherwise."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.bar: Any = None

    def __call__(self, report: Any, committed: bool) -> None:
        if self.tty:
            if self.bar is None:
                from tqdm import tqdm

                self.bar = tqdm(
                    total=report.total_bytes or None,
                    unit="B",
                    unit_scale=True,
                    unit_divisor=1000,
                    file=sys.stderr,
                    mininterval=0.25,
                    dynamic_ncols=True,
                    leave=False,
                )
            self.bar.update(report.read_bytes - self.bar.n)
            self.bar.set_postfix_str(
                f"{report.extracted} new, {report.duplicates} dup, {report.rate:.1f} docs/s",
                refresh=False,
            )
        elif committed:
            click.echo(
                f"kronika: ingest: {report.ingested} stored, {report.duplicates} duplicate(s),"
                f" {report.rejected} rejected, {report.rate:.1f} docs/s",
                err=True,
            )

    def rejected(self, item: Any) -> None:
        message = f"kronika: rejected {item}"
        if self.bar is not None:  # above the bar, which is redrawn below it
            self.bar.write(message, file=sys.stderr)
        else:
            click.echo(message, err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def register_store_commands(cli: click.Group) -> None:
    """Add the store's commands to the `kronika` group."""

    @cli.command()
    @click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
    @db_option
    @input_options
    @click.option("--limit", type=click.IntRange(min=1), help="Read only the first N documents.")
    @click.option(
        "--batch-size",
        type=click.IntRange(min=1),
        default=32,
        show_default=True,
        help="Documents per transaction.",
    )
    @click.option(
        "--workers",
        type=click.IntRange(min=1),
        help="Extraction processes (local engine) or LocalCluster workers [default: cores].",
    )
    @click.option(
        "--engine",
        type=click.Choice(["local", "dask"]),
        default="local",
        show_default=True,
        help="local: worker processes write into --db; dask: Parquet shards into --out.",
    )
    @click.option(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler (tcp://host:8786); without it, a LocalCluster on this machine.",
    )
    @click.option(
        "--out",
        type=click.Path(file_okay=False),
        help="With --engine dask: the directory for the shards and manifest.json.",
    )
    @click.option(
        "--partition-size",
        type=click.IntRange(min=1),
        default=200,
        show_default=True,
        help="With --engine dask: documents per partition (and per shard).",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
    @click.option("--model", envvar="KRONIKA_MODEL", help="spaCy model [env: KRONIKA_MODEL].")
    @dictionaries_option
    @store_errors
    def ingest(
        paths,
        db,
        date,
        columns,
        max_chars,
        limit,
        batch_size,
        workers,
        engine,
        scheduler,
        out,
        partition_size,
        as_json,
        model,
        dictionaries,
    ) -> None:
        """Extract articles into the store, skipping those already stored.

        Safe to interrupt: run the same command again to finish. Prints
        `ingested N, duplicates D, rejected R` (what was committed) and exits 1 when nothing
        was stored or found stored because every record was rejected or none was found.
        With `--engine dask --out DIR`, extracts on a Dask cluster into Parquet shards
        instead; store them with `kronika load DIR`.
        """
        from .engine import EngineError, ExtractorSpec
        from .engine.local import default_workers
        from .knowledge.tables import DictionaryError
        from .nlp import ModelError
        from .pipeline import Extractor
        from .readers import ReaderError
        from .store import ingest as run_ingest

        if engine == "dask":
            if not out:
                _fail("--engine dask writes Parquet shards: give the directory with --out DIR")
            from .engine.dask import ingest_to_shards

            def shard_progress(report: Any) -> None:
                click.echo(
                    f"kronika: ingest: shard {report.partitions}, {report.documents} document(s)",
                    err=True,
                )

            try:
                spec = ExtractorSpec.resolve(model, dictionaries)
                shard_report = ingest_to_shards(
                    paths,
                    out,
                    spec,
                    scheduler=scheduler,
                    workers=workers,
                    date=date,
                    columns=columns,
                    max_chars=max_chars,
                    limit=limit,
                    partition_size=partition_size,
                    progress=shard_progress,
                )
            except (EngineError, ReaderError) as exc:
                _fail(str(exc))
            click.echo(json.dumps(shard_report.to_dict()) if as_json else str(shard_report))
            return
        if scheduler or out:
            _fail("--scheduler and --out go with --engine dask")
        workers = workers or default_workers()
        conn = _open(db, create=True)
        progress = IngestProgress(sys.stderr.isatty())
        try:
            if workers > 1:
                extractor: Any = ExtractorSpec.resolve(model, dictionaries)
            else:
                extractor = Extractor(model, list(dictionaries))
            report = run_ingest(
                conn,
                paths,
                extractor,
                workers=workers,
                date=date,
                columns=columns,
                max_chars=max_chars,
                limit=limit,
                batch_size=batch_size,
                progress=progress,
                on_rejected=progress.rejected,
            )
        except (ModelError, DictionaryError, ReaderError, EngineError) as exc:
            _fail(str(exc))
        finally:
            progress.close()
        if as_json:
            click.echo(json.dumps(report.to_dict()))
        else:
            click.echo(str(report))
        if not report.ingested and not report.duplicates:
            why = f"all {report.rejected} record(s) rejected" if report.rejected else "none found"
            _fail(f"nothing stored: {why} in {', '.join(paths)}", code=1)

    @cli.command()
    @click.argument("shards", type=click.Path(exists=True, file_okay=False))
    @db_option
    @click.option(
        "--batch-size",
        type=click.IntRange(min=1),
        default=32,
        show_default=True,
        help="Documents per transaction.",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
    @store_errors
    def load(shards, db, batch_size, as_json) -> None:
        """Store the Parquet shards of `kronika ingest --engine dask --out SHARDS`.

        Documents already in the store (same content hash) are skipped, so loading the
        same shards twice, or after an interrupted load, is safe.
        """
        from .engine import EngineError
        from .store.ingest import load as run_load

        conn = _open(db, create=True)
        progress = IngestProgress(sys.stderr.isatty())
        try:
            report = run_load(conn, shards, batch_size=batch_size, progress=progress)
        except EngineError as exc:
            _fail(str(exc))
        finally:
            progress.close()
        click.echo(json.dumps(report.to_dict()) if as_json else str(report))

    @cli.command()
    @db_option
    @click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
    @click.option("--model", envvar="KRONIKA_MODEL", help="spaCy model [env: KRONIKA_MODEL].")
    @dictionaries_option
    @click.option(
        "--all",
        "everything",
        is_flag=True,
        help="Re-code every document, not only those the edited dictionaries can change.",
    )
    @store_errors
    def recode(db, as_json, model, dictionaries, everything) -> None:
        """Re-run actors, events and quotes over the stored corpus, reusing cached parses:
        the documents an edit of the dictionaries can change, or all of them with --all."""
        from .engine import ExtractorSpec
        from .knowledge.tables import DictionaryError
        from .nlp import ModelError
        from .store.recode import recode as run_recode

        conn = _open(db)
        try:  # the model loads only if some document has to be re-coded
            spec = ExtractorSpec.resolve(model, list(dictionaries))
            report = run_recode(conn, spec, everything=everything)
        except (ModelError, DictionaryError) as exc:
            _fail(str(exc))
        click.echo(json.dumps(report.to_dict()) if as_json else str(report))

    @cli.command()
    @db_option
    @filter_options
    @click.option("--limit", type=click.IntRange(min=1), help="At most N events.")
    @click.option(
        "--after",
        metavar="DAY,ID",
        help="Only events after this one in the listing's order (the last DAY,ID of a page).",
    )
    @click.option(
        "--mentions",
        "with_mentions",
        is_flag=True,
        help="With json/jsonl, include every mention (document and sentence).",
    )
    @format_option
    @store_errors
    def events(db, limit, after, with_mentions, fmt, **options) -> None:
        """Events across articles, with their mention, source and article counts, and how
        they were reported (modality, negated, confidence).

        Page through a large store with --limit and --after: the next page starts after
        the DAY,ID of the last event printed, an index seek however deep.
        """
        from .store import query
        from .store.export import write_csv

        where = _filter(options, limit)
        conn = _open(db)
        cursor = query.parse_cursor(after) if after else None
        found = query.events(conn, where, after=cursor)
        if fmt == "csv":  # the columns of `kronika export --format csv`
            write_csv(sys.stdout, found)
            return
        if with_mentions and fmt in ("json", "jsonl"):
            linked = query.mentions(conn, [e.id for e in found])
            rows = [_WithMentions(e, linked.get(e.id, [])) for e in found]
            click.echo(render(rows, fmt))
            return
        click.echo(
            render(
                found,
                fmt,
                [
                    "id",
                    "day",
                    "source_code",
                    "target_code",
                    "cameo",
                    "plover_type",
                    "modality",
                    "goldstein",
                    "num_mentions",
                    "num_articles",
                    "location",
                    "sentence",
                ],
            )
        )

    @cli.command()
    @db_option
    @click.option("--speaker", help="The speaker's code prefix or part of their name.")
    @click.option("--text", help="Words in the quote (full-text search).")
    @click.option("--limit", type=click.IntRange(min=1), help="At most N quotes.")
    @format_option
    @store_errors
    def quotes(db, speaker, text, limit, fmt) -> None:
        """Quotes with their speakers."""
        from .store import query

        found = query.quotes(_open(db), speaker=speaker, text=text, limit=limit)
        click.echo(render(found, fmt, ["date", "speaker_name", "speaker_code", "direct", "text"]))

    @cli.command()
    @db_option
    @click.option("--code", help="A code prefix (IRN) or part of a name.")
    @click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
    @format_option
    @store_errors
    def actors(db, code, limit, fmt) -> None:
        """Actors by name and code, most mentioned first."""
        from .store import query

        click.echo(render(query.actors(_open(db), code=code, limit=limit), fmt))

    @cli.command()
    @click.argument("text")
    @db_option
    @click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
    @format_option
    @store_errors
    def search(text, db, limit, fmt) -> None:
        """Full-text search over article titles and text (FTS5 syntax: "a phrase", OR, NOT)."""
        from .store import query

        click.echo(render(query.search(_open(db), text, limit=limit), fmt))

    @cli.command()
    @db_option
    @filter_options
    @click.option(
        "--by",
        type=click.Choice(["day", "week", "month", "year"]),
        default="week",
        show_default=True,
    )
    @format_option
    @store_errors
    def timeline(db, by, fmt, **options) -> None:
        """Events per period: counts, mentions and mean Goldstein score."""
        from .store import query

        click.echo(render(query.timeline(_open(db), _filter(options), by=by), fmt))

    @cli.command()
    @db_option
    @filter_options
    @format_option
    @store_errors
    def network(db, fmt, **options) -> None:
        """The actor network of the selected events: edges weighted by events and mentions."""
        from .store import query

        graph = query.network(_open(db), _filter(options))
        if fmt == "json":
            click.echo(json.dumps(graph.to_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo(render(graph.edges, fmt))

    @cli.command()
    @click.argument("doc_id", metavar="ID")
    @db_option
    @store_errors
    def document(doc_id, db) -> None:
        """One stored article by its id, with everything found in it, as JSON.

        The id is the one its record gave (`kronika events` prints it as `document`), any
        characters included: quote it for the shell, as in 'basil/2b95_1'.
        """
        from .store.documents import document as stored_document

        found = stored_document(_open(db), doc_id)
        if found is None:
            _fail(f"no document with id {doc_id!r} in {db}", code=1)
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))

    @cli.command()
    @db_option
    @click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
    @store_errors
    def stats(db, as_json) -> None:
        """What the store holds: documents, events, quotes, actors, places, rejected."""
        from .store import query

        counts = query.stats(_open(db))
        if as_json:
            click.echo(json.dumps(counts))
        else:
            width = max(map(len, counts))
            click.echo("\n".join(f"{k.ljust(width)}  {v}" for k, v in counts.items()))

    @cli.command()
    @click.argument("out", type=click.Path(dir_okay=False))
    @click.option(
        "--format",
        "fmt",
        required=True,
        type=click.Choice(
            ["gdelt", "icews", "plover", "csv", "parquet", "geojson", "gexf", "graphml"]
        ),
        help="The file format (see docs/exports.md).",
    )
    @db_option
    @filter_options
    @click.option("--limit", type=click.IntRange(min=1), help="At most N events.")
    @click.option(
        "--all-events",
        is_flag=True,
        help="gdelt, icews and plover hold only asserted, non-negated events unless this is "
        "given (or --modality/--negated); the other formats hold every event.",
    )
    @store_errors
    def export(out, fmt, db, limit, all_events, **options) -> None:
        """Write the selected events (or their actor network) to OUT.

        Every format except gdelt says how each event was reported (modality, negated,
        confidence); see docs/exports.md.
        """
        from .store.export import export as run_export

        where = _filter(options, limit)
        count = run_export(_open(db), fmt, out, where, all_events=all_events)
        unit = "edge(s)" if fmt in ("gexf", "graphml") else "event(s)"
        click.echo(f"kronika: exported {count} {unit} to {out} ({fmt})", err=True)


class _WithMentions:
    def __init__(self, event: Any, found: list[Any]) -> None:
        self.event, self.found = event, found

    def to_dict(self) -> dict[str, Any]:
        return {**self.event.to_dict(), "mentions": [m.to_dict() for m in self.found]}
