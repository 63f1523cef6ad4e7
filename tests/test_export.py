"""Exports round-trip: what kronika writes, the tools users use read back (pandas with
GDELT's column names, pyarrow, networkx, geopandas), each format by its own conventions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kronika.cli import cli
from kronika.knowledge import codes
from kronika.store import StoreError, connect, ingest
from kronika.store.export import EXPORTERS, FLAT_COLUMNS, GDELT_COLUMNS, export
from kronika.store.query import EventFilter, events, network

pytestmark = pytest.mark.slow

TEXTS = [
    ("2023-03-13", "Germany's foreign minister met Russia's envoy in Berlin."),
    ("2023-03-13", "Kenya's foreign minister visited Ethiopia."),
    ("2023-03-14", "Poland condemned Belarus for the border incident."),
    ("2023-03-15", "Iran signed a defence agreement with Tajikistan in Dushanbe."),
    ("2023-03-15", "Brazil praised Argentina for the trade deal.\tTabs and\nnewlines."),
    ("2023-03-16", "Egypt accused Israel of violating the ceasefire."),
    ("2023-03-17", "Chile did not condemn Peru for the border incident."),
    ("2023-03-17", "Turkey will visit Greece next month."),
]


@pytest.fixture(scope="module")
def store(extractor, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    corpus = folder / "news.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps({"id": f"e{n}", "date": d, "text": t, "url": f"https://x.test/{n}"})
            for n, (d, t) in enumerate(TEXTS)
        )
        + "\n",
        encoding="utf-8",
    )
    conn = connect(folder / "kronika.db")
    ingest(conn, [corpus], extractor)
    return conn


@pytest.fixture(scope="module")
def counts(store):
    found = events(store)
    facts = [e for e in found if e.modality == "asserted" and not e.negated]
    graph = network(store)
    assert len(facts) >= 6 and graph.edges  # enough to make the round trips mean something
    assert len(facts) < len(found), "the corpus has a negated and an intended event"
    return {
        "events": len(found),
        "facts": len(facts),
        "located": sum(1 for e in found if e.location and e.location.get("lat") is not None),
        "edges": len(graph.edges),
        "nodes": len(graph.nodes),
    }


def test_every_gdelt_line_has_61_columns_with_codes_as_strings(store, counts, tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "events.gdelt.tsv"

    written = export(store, "gdelt", out)

    lines = out.read_text(encoding="utf-8").splitlines()
    assert written == len(lines) == counts["facts"]
    assert all(len(line.split("\t")) == 61 for line in lines)
    frame = pd.read_csv(
        out, sep="\t", header=None, names=GDELT_COLUMNS, dtype=str, keep_default_na=False
    )
    assert len(frame) == counts["facts"]
    assert frame["EventCode"].str.fullmatch(r"\d{3,4}").all()
    assert (frame["EventRootCode"] == frame["EventCode"].str[:2]).all()
    assert frame["SQLDATE"].str.fullmatch(r"2023031\d").all()
    assert set(frame["SOURCEURL"]) <= {f"https://x.test/{n}" for n in range(len(TEXTS))}
    kenya = frame[frame["Actor1Code"] == "KENGOV"].iloc[0]
    assert (kenya["Actor1CountryCode"], kenya["Actor1Type1Code"], kenya["EventCode"]) == (
        "KEN",
        "GOV",
        "042",
    )


def test_icews_round_trips_through_pandas(store, counts, tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "events.icews.tsv"

    export(store, "icews", out)

    frame = pd.read_csv(out, sep="\t", dtype={"CAMEO Code": str})
    assert len(frame) == counts["facts"]
    assert frame["CAMEO Code"].str.len().min() >= 3
    kenya = frame[frame["Source Country"] == "Kenya"].iloc[0]
    assert (kenya["Source Name"], kenya["Source Sectors"]) == ("Government (Kenya)", "Government")
    assert kenya["Target Country"] == "Ethiopia"
    tajik = frame[frame["Target Country"] == "Tajikistan"].iloc[0]
    assert (tajik["Source Name"], tajik["City"], tajik["Country"]) == (
        "Iran",
        "Dushanbe",
        "Tajikistan",
    )
    assert set(frame["Modality"]) == {"asserted"} and not frame["Negated"].any()


def test_csv_round_trips_and_keeps_leading_zeros(store, counts, tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "events.csv"

    export(store, "csv", out)

    frame = pd.read_csv(out, dtype={"cameo": str})
    assert len(frame) == counts["events"]  # every event, however it was reported
    assert "042" in set(frame["cameo"])
    chile = frame[frame["source_code"] == "CHL"].iloc[0]
    assert (bool(chile["negated"]), chile["modality"]) == (True, "asserted")
    assert "intent" in set(frame["modality"])
    assert frame["confidence"].between(0, 1).all()


def test_parquet_round_trips_with_typed_columns(store, counts, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"

    export(store, "parquet", out)

    table = pq.read_table(out)
    assert table.num_rows == counts["events"]
    assert str(table.schema.field("goldstein").type) == "double"
    assert str(table.schema.field("cameo").type) == "string"
    assert str(table.schema.field("negated").type) == "bool"
    assert set(table.column("modality").to_pylist()) >= {"asserted", "intent"}


def test_plover_follows_the_manual_and_pyarrow_reads_it(store, counts, tmp_path):
    pj = pytest.importorskip("pyarrow.json")
    out = tmp_path / "events.plover.jsonl"

    written = export(store, "plover", out, all_events=True)

    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert written == len(records) == counts["events"]
    for record in records:
        assert {"id", "date", "actor", "recipient", "event", "mode", "context"} <= set(record)
        assert "source" not in record and "target" not in record
        assert record["event"] and record["event"][0].isupper()  # every event typed
        assert isinstance(record["actor"], list) and isinstance(record["recipient"], list)
        assert record["actor"][0]["code"] and record["event_text"]
        assert len(record["mentions"]) == record["num_mentions"]
    chile = next(r for r in records if r["actor"][0]["code"] == "CHL")
    assert chile["negated"] is True and "negation" in chile["context"]
    turkey = next(r for r in records if r["actor"][0]["code"] == "TUR")
    assert turkey["modality"] == "intent" and "future" in turkey["context"]
    # small blocks make pyarrow infer each part of the file on its own and then unify them
    options = pj.ReadOptions(block_size=2048)
    table = pj.read_json(out, read_options=options)
    assert table.num_rows == counts["events"]
    assert str(table.schema.field("recipient").type).startswith("list<item: struct<")


def test_plover_holds_asserted_facts_by_default(store, counts, tmp_path):
    out = tmp_path / "facts.plover.jsonl"

    written = export(store, "plover", out)

    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert written == len(records) == counts["facts"]
    assert all(r["modality"] == "asserted" and not r["negated"] for r in records)


def test_plover_types_cameo_statements():
    from kronika.store.export import plover_statements

    table = plover_statements()
    assert {f"01{n}" for n in range(10)} <= set(table)
    assert (table["015"], table["016"]) == ("AGREE", "REJECT")  # the manual's suggestions


def test_geojson_is_read_by_geopandas(store, counts, tmp_path):
    gpd = pytest.importorskip("geopandas")
    out = tmp_path / "events.geojson"

    written = export(store, "geojson", out)

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert written == len(data["features"]) == counts["located"] > 0
    frame = gpd.read_file(out)
    assert len(frame) == written
    assert (frame.geometry.geom_type == "Point").all()
    assert frame.geometry.x.between(-180, 180).all() and frame.geometry.y.between(-90, 90).all()
    assert {"modality", "negated", "confidence", "cameo"} <= set(frame.columns)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_actor_network_round_trips_through_networkx(store, counts, tmp_path, fmt):
    nx = pytest.importorskip("networkx")
    out = tmp_path / f"actors.{fmt}"

    export(store, fmt, out)

    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert graph.is_directed()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (counts["nodes"], counts["edges"])
    assert all(data["weight"] >= 1 for _, _, data in graph.edges(data=True))
    kenya = graph.nodes["KENGOV"]
    assert kenya["label"] == "Kenya · government"
    assert (kenya["country"], kenya["sector"]) == ("KEN", "GOV")
    assert kenya["first"] == kenya["last"] == "2023-03-13"
    assert graph.nodes["CHL"]["first"] == "2023-03-17"
    assert all("asserted" in data and "confidence" in data for *_, data in graph.edges(data=True))


def test_exports_take_the_event_filters(store, tmp_path):
    out = tmp_path / "poland.csv"

    written = export(store, "csv", out, EventFilter(source="POL"))

    assert written == 1
    assert "POL,Poland" in out.read_text(encoding="utf-8")


def test_every_format_is_registered_and_unknown_ones_are_refused(store, tmp_path):
    assert set(EXPORTERS) == {
        "gdelt",
        "icews",
        "plover",
        "csv",
        "parquet",
        "geojson",
        "gexf",
        "graphml",
    }
    with pytest.raises(StoreError, match="unknown export format 'xml'; known: csv, gdelt"):
        export(store, "xml", tmp_path / "x")


def test_gdelt_geography_is_fips_and_filters_by_country(store, tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "events.gdelt.tsv"
    export(store, "gdelt", out)
    frame = pd.read_csv(
        out, sep="\t", header=None, names=GDELT_COLUMNS, dtype=str, keep_default_na=False
    )

    tajikistan = frame[frame["ActionGeo_CountryCode"] == "TI"]  # FIPS, not ISO's TJ
    assert len(tajikistan) == 1
    row = tajikistan.iloc[0]
    assert row["ActionGeo_FullName"] == "Dushanbe" and row["ActionGeo_Type"] == "4"
    assert row["ActionGeo_ADM1Code"].startswith("TI") and len(row["ActionGeo_ADM1Code"]) == 4
    assert (row["Actor1Geo_CountryCode"], row["Actor2Geo_CountryCode"]) == ("IR", "TI")
    assert (row["Actor1Geo_Type"], row["Actor1Geo_FullName"]) == ("1", "Iran")
    germany = frame[frame["Actor1Code"] == "DEUGOV"].iloc[0]
    assert (germany["Actor1CountryCode"], germany["Actor1Geo_CountryCode"]) == ("DEU", "GM")
    assert germany["ActionGeo_CountryCode"] == "GM"  # Berlin
    assert set(frame["ActionGeo_CountryCode"]) <= set(codes.fips(c) for c in codes.countries())


def test_event_data_formats_hold_facts_unless_asked(store, counts, tmp_path):
    out = tmp_path / "all.gdelt.tsv"

    assert export(store, "gdelt", out, all_events=True) == counts["events"]
    assert export(store, "gdelt", out, EventFilter(modality="intent")) == 1
    assert export(store, "icews", out, EventFilter(negated=True)) == 1
    assert (
        export(store, "csv", out, EventFilter(modality="asserted", negated=False))
        == (counts["facts"])
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["nodir/x.tsv"], "the folder nodir does not exist"),
        (["."], "is a directory"),
        (["x.tsv", "--modality", "maybe"], "--modality 'maybe' is not one of asserted"),
    ],
)
def test_cli_export_refuses_what_it_cannot_write(store, tmp_path, monkeypatch, args, words):
    db = store.execute("PRAGMA database_list").fetchone()["file"]
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["export", "--format", "gdelt", *args, "--db", db])

    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output


def test_python_export_names_what_it_cannot_write(store, tmp_path):
    with pytest.raises(StoreError, match="cannot write .*nodir/x.tsv: the folder .* not exist"):
        export(store, "csv", tmp_path / "nodir" / "x.tsv")
    with pytest.raises(StoreError, match="it is a folder"):
        export(store, "csv", tmp_path)


def test_cli_events_csv_has_the_columns_of_the_csv_export(store, tmp_path):
    db = store.execute("PRAGMA database_list").fetchone()["file"]
    out = tmp_path / "events.csv"
    export(store, "csv", out)

    result = CliRunner().invoke(cli, ["events", "--format", "csv", "--db", db])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == out.read_text(encoding="utf-8").splitlines()[0]
    assert result.output.splitlines()[0].split(",") == FLAT_COLUMNS
    assert len(result.output.splitlines()) == len(out.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--modality", "intent"], {("TUR", "intent", False)}),
        (["--negated"], {("CHL", "asserted", True)}),
        (["--source", "CHL", "--not-negated"], set()),
        (["--actor", "KEN", "--exact"], set()),
        (["--actor", "KEN*", "--exact"], {("KENGOV", "asserted", False)}),
        (["--actor", "KENGOV", "--exact"], {("KENGOV", "asserted", False)}),
    ],
)
def test_cli_events_filter_by_modality_negation_and_exact_codes(store, args, expected):
    db = store.execute("PRAGMA database_list").fetchone()["file"]

    result = CliRunner().invoke(cli, ["events", "--format", "json", "--db", db, *args])

    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert {(e["source_code"], e["modality"], e["negated"]) for e in found} == expected


def test_cli_export(store, tmp_path):
    db = store.execute("PRAGMA database_list").fetchone()["file"]
    out = tmp_path / "tjk.gdelt"

    result = CliRunner().invoke(
        cli, ["export", "--format", "gdelt", str(out), "--db", db, "--dyad", "IRN:TJK"]
    )

    assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) == 1


def test_seed_article_gdelt_holds_facts_and_csv_every_event(extractor, tmp_path):
    pd = pytest.importorskip("pandas")
    seed = Path(__file__).resolve().parents[1] / "examples" / "000_faf24893d20170c3.txt"
    conn = connect(tmp_path / "seed.db")
    ingest(conn, [seed], extractor)
    stored = events(conn)
    assert any(e.modality != "asserted" or e.negated for e in stored)

    export(conn, "gdelt", tmp_path / "seed.tsv")
    export(conn, "csv", tmp_path / "seed.csv")

    gdelt = pd.read_csv(
        tmp_path / "seed.tsv", sep="\t", header=None, names=GDELT_COLUMNS, dtype=str
    )
    facts = {str(e.id) for e in stored if e.modality == "asserted" and not e.negated}
    assert set(gdelt["GLOBALEVENTID"]) == facts
    table = pd.read_csv(tmp_path / "seed.csv", dtype={"cameo": str, "id": str})
    assert set(table["id"]) == {str(e.id) for e in stored}
    assert dict(zip(table["id"], table["modality"], strict=True)) == {
        str(e.id): e.modality for e in stored
    }


def test_http_api_filters_by_reading_and_exports_facts(store, counts):
    import asyncio

    import httpx

    from kronika.web import create_app

    app = create_app(store.execute("PRAGMA database_list").fetchone()["file"])

    async def get(url: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
            return await c.get(url)

    intent = asyncio.run(get("/api/events?modality=intent")).json()["items"]
    assert [(e["source_code"], e["modality"]) for e in intent] == [("TUR", "intent")]
    negated = asyncio.run(get("/api/events?negated=true")).json()["items"]
    assert [e["source_code"] for e in negated] == ["CHL"] and negated[0]["confidence"] > 0
    gdelt = asyncio.run(get("/api/export?format=gdelt")).text.splitlines()
    everything = asyncio.run(get("/api/export?format=gdelt&all_events=true")).text.splitlines()
    assert (len(gdelt), len(everything)) == (counts["facts"], counts["events"])
    bad = asyncio.run(get("/api/events?modality=maybe"))
    assert bad.status_code == 400 and "modality: 'maybe' is not one of" in bad.text
