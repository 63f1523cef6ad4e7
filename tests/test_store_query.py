"""Queries over a small ingested store, as Python functions and as CLI commands."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from kronika.cli import cli
from kronika.store import StoreError, connect, ingest
from kronika.store import query as q

pytestmark = pytest.mark.slow

MET = "Germany's foreign minister met Russia's envoy in Berlin."
PACT = "Iran signed a defence agreement with Tajikistan in Dushanbe."
RECORDS = [
    {
        "id": "d1",
        "date": "2023-03-13",
        "source": "A",
        "title": "Talks in Berlin",
        "text": MET + ' "We want a lasting peace," said German Foreign Minister Anna Keller.',
    },
    {"id": "d2", "date": "2023-03-14", "source": "B", "text": "Earlier, " + MET},
    {"id": "d3", "date": "2023-03-21", "source": "A", "text": "Again, " + MET},
    {
        "id": "d4",
        "date": "2023-04-02",
        "source": "A",
        "text": "Poland condemned Belarus for the border incident.",
    },
    {"id": "d5", "date": "2023-04-02", "source": "B", "text": PACT},
    {"id": "d6", "date": "2023-04-02", "source": "C", "text": "Separately, " + PACT},
]


@pytest.fixture(scope="module")
def store_path(extractor, tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    corpus = folder / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    path = folder / "kronika.db"
    ingest(connect(path), [corpus], extractor)
    return path


@pytest.fixture
def store(store_path):
    conn = connect(store_path)
    yield conn
    conn.close()


def dyads(found) -> list[tuple[str | None, str | None]]:
    return [(e.source_code, e.target_code) for e in found]


def test_events_by_dyad_take_country_codes_or_full_codes(store):
    by_country = q.events(store, q.EventFilter(dyad="DEU:RUS"))
    by_code = q.events(store, q.EventFilter(dyad="DEUGOV:RUSGOV"))

    assert [e.day for e in by_country] == ["2023-03-13", "2023-03-14", "2023-03-21"]
    assert [e.id for e in by_code] == [e.id for e in by_country]
    assert q.events(store, q.EventFilter(dyad="RUS:DEU")) == []  # a dyad is directed


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (q.EventFilter(actor="RUS"), {("DEUGOV", "RUSGOV")}),
        (q.EventFilter(source="POL"), {("POL", "BLR")}),
        (q.EventFilter(target="TJK"), {("IRN", "TJK")}),
        (q.EventFilter(code="05*"), {("IRN", "TJK")}),
        (q.EventFilter(code="111"), {("POL", "BLR")}),
        (q.EventFilter(plover="accuse"), {("POL", "BLR")}),
        (q.EventFilter(since="2023-04"), {("POL", "BLR"), ("IRN", "TJK")}),
        (q.EventFilter(until="2023-03"), {("DEUGOV", "RUSGOV")}),
        (q.EventFilter(text="border incident"), {("POL", "BLR")}),
        (q.EventFilter(actor="Poland"), {("POL", "BLR")}),
    ],
)
def test_event_filters(store, where, expected):
    assert set(dyads(q.events(store, where))) == expected


def test_events_reported_by_several_articles_count_their_mentions(store):
    (pact,) = q.events(store, q.EventFilter(dyad="IRN:TJK"))

    assert (pact.num_mentions, pact.num_sources, pact.num_articles) == (2, 2, 2)
    found = q.mentions(store, [pact.id])[pact.id]
    assert [m.document for m in found] == ["d5", "d6"]
    assert all(m.sentence.endswith(PACT) for m in found)


def test_events_by_place_and_limit(store):
    found = q.events(store, q.EventFilter(place="DEU"))

    assert found and all(e.location and e.location["country"] == "DEU" for e in found)
    assert len(q.events(store, q.EventFilter(limit=2))) == 2


def test_quotes_by_speaker_and_text(store):
    (quote,) = q.quotes(store, text="lasting peace")

    assert quote.speaker_name == "Anna Keller" and quote.document == "d1"
    assert q.quotes(store, speaker="Keller") == [quote]
    assert q.quotes(store, text="war") == []


def test_actors_are_counted_by_code_and_name(store):
    found = {(a.code, a.name): a for a in q.actors(store)}

    assert found[("POL", "Poland")].documents == 1
    assert all(a.code.startswith("IRN") for a in q.actors(store, code="IRN"))


def test_search_finds_documents_and_explains_bad_syntax(store):
    assert {hit.document for hit in q.search(store, "Dushanbe")} == {"d5", "d6"}
    assert "[Berlin]" in q.search(store, "berlin AND peace")[0].snippet
    with pytest.raises(StoreError, match="double quotes"):
        q.search(store, '"unbalanced')


def test_timeline_counts_events_per_week_starting_monday(store):
    weeks = q.timeline(store, q.EventFilter(dyad="DEU:RUS"), by="week")

    assert [(p.period, p.events) for p in weeks] == [("2023-03-13", 2), ("2023-03-20", 1)]
    assert weeks[0].goldstein is not None
    assert [p.period for p in q.timeline(store, by="month")] == ["2023-03", "2023-04"]
    with pytest.raises(StoreError, match="cannot group by 'fortnight'"):
        q.timeline(store, by="fortnight")


def test_network_weights_edges_by_events(store):
    graph = q.network(store)

    edges = {(e.source, e.target): e.events for e in graph.edges}
    assert edges[("DEUGOV", "RUSGOV")] == 3
    assert graph.nodes["POL"].name == "Poland"
    germany = graph.nodes["DEUGOV"]  # named by its code, not by one of its members
    assert (germany.name, germany.country, germany.sector) == ("Germany · government", "DEU", "GOV")
    assert germany.first <= germany.last and germany.events == 3


def test_stats_count_what_the_store_holds(store):
    counts = q.stats(store)

    assert counts["documents"] == len(RECORDS)
    assert counts["events"] >= 5 and counts["quotes"] >= 1 and counts["places"] >= 1
    assert counts["rejected"] == 0


@pytest.mark.parametrize(
    "where",
    [
        q.EventFilter(),
        q.EventFilter(since="2023-03-14", until="2023-03"),
        q.EventFilter(actor="DEU"),
        q.EventFilter(dyad="DEU:RUS"),
        q.EventFilter(source="IRN"),
        q.EventFilter(code="04*"),
        q.EventFilter(plover="CONSULT"),
        q.EventFilter(actor="DEU", negated=False),
    ],
)
def test_summaries_answer_as_the_events_would(store, where):
    """Counts, timelines, networks and the map come from summary tables when the filters
    allow; they give what the same question over the events gives."""
    sql, params = where.where()
    assert q.count_events(store, where) == len(q.events(store, where))
    by_week = store.execute(
        "SELECT date(e.day, '-6 days', 'weekday 1') AS w, count(*), sum(e.num_mentions),"
        f" round(avg(e.goldstein), 2) FROM events e{sql}"
        f" {'AND' if sql else 'WHERE'} e.day IS NOT NULL GROUP BY w ORDER BY w",
        params,
    ).fetchall()
    assert [tuple(p.to_dict().values()) for p in q.timeline(store, where)] == [
        tuple(r) for r in by_week
    ]
    edges = store.execute(
        "SELECT e.source_code, e.target_code, count(*), sum(e.num_mentions),"
        " round(avg(e.goldstein), 2), sum(e.modality = 'asserted' AND NOT e.negated),"
        f" round(avg(e.confidence), 2), min(e.day), max(e.day) FROM events e{sql}"
        f" {'AND' if sql else 'WHERE'} e.target_code IS NOT NULL"
        " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
        params,
    ).fetchall()
    assert [tuple(e.to_dict().values()) for e in q.network(store, where).edges] == [
        tuple(r) for r in edges
    ]
    places = store.execute(
        "SELECT e.location_name, count(*) FROM events e"
        f"{sql} {'AND' if sql else 'WHERE'} e.location_lat IS NOT NULL"
        " GROUP BY e.location_name, e.location_country, e.location_lat, e.location_lon",
        params,
    ).fetchall()
    found = q.locations(store, where)
    assert sorted((p["name"], p["events"]) for p in found) == sorted(tuple(r) for r in places)


def test_the_summaries_equal_a_recount_of_the_ingested_rows(store):
    from kronika.store.schema import stale_totals

    assert stale_totals(store) == []


def test_events_page_by_page_after_a_cursor_equal_the_whole_listing(store):
    everything = q.events(store)
    for where in (q.EventFilter(limit=2), q.EventFilter(actor="DEU", limit=1)):
        pages, after = [], None
        while True:
            page = q.events(store, where, after=after)
            if not page:
                break
            pages += page
            after = q.cursor_of(page[-1])
        expected = everything if not where.actor else q.events(store, q.EventFilter(actor="DEU"))
        assert [e.id for e in pages] == [e.id for e in expected]
        assert len(expected) > where.limit  # more than one page was read


def test_actors_list_counts_mentions_and_documents_per_code_and_name(store):
    found = {(a.code, a.name): (a.mentions, a.documents) for a in q.actors(store)}
    counted = store.execute(
        "SELECT code, name, count(*), count(DISTINCT document_id) FROM actors GROUP BY 1, 2"
    ).fetchall()
    assert found == {(r[0], r[1]): (r[2], r[3]) for r in counted}


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()


def test_cli_events_as_json_csv_and_table(runner, store_path):
    db = ["--db", str(store_path)]

    as_json = runner.invoke(cli, ["events", *db, "--dyad", "DEU:RUS", "--format", "json"])
    as_csv = runner.invoke(cli, ["events", *db, "--code", "05*", "--format", "csv"])
    table = runner.invoke(cli, ["events", *db, "--plover", "ACCUSE"])

    assert as_json.exit_code == 0, as_json.stderr
    assert [e["day"] for e in json.loads(as_json.stdout)] == [
        "2023-03-13",
        "2023-03-14",
        "2023-03-21",
    ]
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["cameo"] for r in rows] == ["057"]
    assert "POL" in table.stdout and "BLR" in table.stdout and "cameo" in table.stdout


def test_cli_events_with_mentions_as_jsonl(runner, store_path):
    result = runner.invoke(
        cli,
        ["events", "--db", str(store_path), "--dyad", "IRN:TJK", "--mentions", "--format", "jsonl"],
    )

    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert [m["document"] for m in event["mentions"]] == ["d5", "d6"]


@pytest.mark.parametrize(
    "args",
    [
        ["quotes", "--speaker", "Keller"],
        ["actors", "--code", "POL"],
        ["search", "Dushanbe"],
        ["timeline", "--dyad", "DEU:RUS", "--by", "month"],
        ["network"],
    ],
)
def test_cli_query_commands_print_json(runner, store_path, args):
    result = runner.invoke(cli, [*args, "--db", str(store_path), "--format", "json"])

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)


def test_cli_stats_json(runner, store_path):
    result = runner.invoke(cli, ["stats", "--db", str(store_path), "--json"])

    assert json.loads(result.stdout)["documents"] == len(RECORDS)


def test_cli_reads_the_store_from_the_environment(runner, store_path, monkeypatch):
    monkeypatch.setenv("KRONIKA_DB", str(store_path))

    result = runner.invoke(cli, ["stats", "--json"])

    assert json.loads(result.stdout)["documents"] == len(RECORDS)


def test_cli_query_on_a_missing_store_fails_cleanly(runner, tmp_path):
    result = runner.invoke(cli, ["events", "--db", str(tmp_path / "none.db")])

    assert result.exit_code == 2
    assert "no store at" in result.stderr and "kronika ingest" in result.stderr


def test_cli_bad_dyad_is_explained(runner, store_path):
    result = runner.invoke(cli, ["events", "--db", str(store_path), "--dyad", "IRN"])

    assert result.exit_code == 2
    assert "must be SOURCE:TARGET" in result.stderr


def test_cli_events_pages_after_the_last_day_and_id(runner, store_path):
    def ids(*args: str) -> list[int]:
        result = runner.invoke(cli, ["events", "--db", str(store_path), "--format", "json", *args])
        assert result.exit_code == 0, result.stderr
        return [e["id"] for e in json.loads(result.stdout)]

    everything = ids()
    first = json.loads(
        runner.invoke(
            cli, ["events", "--db", str(store_path), "--format", "json", "--limit", "2"]
        ).stdout
    )
    after = f"{first[-1]['day']},{first[-1]['id']}"
    assert [e["id"] for e in first] + ids("--after", after) == everything
    bad = runner.invoke(cli, ["events", "--db", str(store_path), "--after", "page 2"])
    assert bad.exit_code == 2 and "is not a position in the listing" in bad.stderr


def test_cli_ingest_prints_the_summary_and_logs_progress(runner, tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(json.dumps(RECORDS[3]) + "\nnot json\n", encoding="utf-8")
    db = tmp_path / "cli.db"

    first = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db)])
    second = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db), "--json"])

    assert first.exit_code == 0, first.stderr
    assert first.stdout.strip() == "ingested 1, duplicates 0, rejected 1"
    assert "kronika: rejected" in first.stderr and ":2: line is not valid JSON" in first.stderr
    assert "kronika: ingest: 1 stored" in first.stderr  # plain log lines off a terminal
    summary = json.loads(second.stdout)
    assert (summary["ingested"], summary["duplicates"], summary["rejected"]) == (0, 1, 1)


def test_cli_recode_re_codes_what_an_edit_can_change_or_all(runner, tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(json.dumps(RECORDS[3]) + "\n", encoding="utf-8")
    db = ["--db", str(tmp_path / "recode.db")]
    runner.invoke(cli, ["ingest", str(corpus), *db])

    unedited = runner.invoke(cli, ["recode", *db, "--json"])
    everything = runner.invoke(cli, ["recode", *db, "--all"])

    assert unedited.exit_code == 0, unedited.stderr
    summary = json.loads(unedited.stdout)
    assert (summary["documents"], summary["unchanged"]) == (0, 1)
    assert everything.exit_code == 0, everything.stderr
    assert everything.stdout.startswith("recoded 1 document(s) (0 re-parsed, 0 unchanged")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--since", "2010-13"], "--since '2010-13' is not a calendar date"),
        (["--until", "2023-02-30"], "--until '2023-02-30' is not a calendar date"),
        (["--since", "last week"], "--since 'last week' is not a date; use YYYY, YYYY-MM"),
        (["--since", "2024", "--until", "2023"], "--since 2024 is after --until 2023"),
        (["--modality", "rumoured"], "--modality 'rumoured' is not one of asserted"),
    ],
)
@pytest.mark.parametrize("command", ["events", "timeline", "network", "export"])
def test_cli_refuses_bad_dates_and_modalities(runner, store_path, tmp_path, command, args, words):
    extra = ["--format", "csv", str(tmp_path / "x.csv")] if command == "export" else []
    result = runner.invoke(cli, [command, *extra, "--db", str(store_path), *args])
    assert result.exit_code == 2, result.output
    assert words in result.stderr and "Traceback" not in result.stderr


def test_cli_resolves_yesterday_and_says_which_day(runner, store_path):
    from datetime import date, timedelta

    result = runner.invoke(
        cli, ["events", "--db", str(store_path), "--since", "yesterday", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    day = (date.today() - timedelta(days=1)).isoformat()
    assert f"kronika: --since yesterday is {day}" in result.stderr
    assert json.loads(result.stdout) == []  # the test corpus is from 2023
