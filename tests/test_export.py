"""Exports round-trip: what kronika writes, pandas, pyarrow and networkx read back."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kronika.cli import cli
from kronika.store import StoreError, connect, ingest
from kronika.store.export import EXPORTERS, GDELT_COLUMNS, export
from kronika.store.query import EventFilter, events, network

pytestmark = pytest.mark.slow

TEXTS = [
    ("2023-03-13", "Germany's foreign minister met Russia's envoy in Berlin."),
    ("2023-03-13", "Kenya's foreign minister visited Ethiopia."),
    ("2023-03-14", "Poland condemned Belarus for the border incident."),
    ("2023-03-15", "Iran signed a defence agreement with Tajikistan in Dushanbe."),
    ("2023-03-15", "Brazil praised Argentina for the trade deal.\tTabs and\nnewlines."),
    ("2023-03-16", "Egypt accused Israel of violating the ceasefire."),
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
    graph = network(store)
    assert len(found) >= 6 and graph.edges  # enough to make the round trips mean something
    return {
        "events": len(found),
        "located": sum(1 for e in found if e.location and e.location.get("lat") is not None),
        "edges": len(graph.edges),
        "nodes": len(graph.nodes),
    }


def test_every_gdelt_line_has_61_columns_with_codes_as_strings(store, counts, tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "events.gdelt.tsv"

    written = export(store, "gdelt", out)

    lines = out.read_text(encoding="utf-8").splitlines()
    assert written == len(lines) == counts["events"]
    assert all(len(line.split("\t")) == 61 for line in lines)
    frame = pd.read_csv(
        out, sep="\t", header=None, names=GDELT_COLUMNS, dtype=str, keep_default_na=False
    )
    assert len(frame) == counts["events"]
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
    assert len(frame) == counts["events"]
    assert frame["CAMEO Code"].str.len().min() >= 3


def test_csv_round_trips_and_keeps_leading_zeros(store, counts, tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "events.csv"

    export(store, "csv", out)

    frame = pd.read_csv(out, dtype={"cameo": str})
    assert len(frame) == counts["events"]
    assert "042" in set(frame["cameo"])


def test_parquet_round_trips_with_typed_columns(store, counts, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"

    export(store, "parquet", out)

    table = pq.read_table(out)
    assert table.num_rows == counts["events"]
    assert str(table.schema.field("goldstein").type) == "double"
    assert str(table.schema.field("cameo").type) == "string"


def test_plover_json_lines_carry_type_and_mentions(store, counts, tmp_path):
    out = tmp_path / "events.plover.jsonl"

    export(store, "plover", out)

    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == counts["events"]
    assert all(r["event"] and r["event"].isupper() for r in records)
    assert all(len(r["mentions"]) == r["num_mentions"] for r in records)


def test_geojson_holds_the_events_with_coordinates(store, counts, tmp_path):
    out = tmp_path / "events.geojson"

    written = export(store, "geojson", out)

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert written == len(data["features"]) == counts["located"] > 0
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_actor_network_round_trips_through_networkx(store, counts, tmp_path, fmt):
    nx = pytest.importorskip("networkx")
    out = tmp_path / f"actors.{fmt}"

    export(store, fmt, out)

    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert graph.is_directed()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (counts["nodes"], counts["edges"])
    assert all(data["weight"] >= 1 for _, _, data in graph.edges(data=True))


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


def test_cli_export(store, tmp_path):
    db = store.execute("PRAGMA database_list").fetchone()["file"]
    out = tmp_path / "tjk.gdelt"

    result = CliRunner().invoke(
        cli, ["export", "--format", "gdelt", str(out), "--db", db, "--dyad", "IRN:TJK"]
    )

    assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) == 1
