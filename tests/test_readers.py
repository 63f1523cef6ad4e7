"""kronika.readers: every input format, the rejections and the date forms."""

from __future__ import annotations

import io
import json
import sys

import pytest

from kronika.readers import ReaderError, normalise_date, read
from kronika.records import Document, Rejected

ARTICLE = "Iran opened a drone factory in Tajikistan. Officials attended the ceremony."


def read_all(*paths, date=None):
    return list(read([str(p) for p in paths], date=date))


def documents(items):
    return [item for item in items if isinstance(item, Document)]


def rejections(items):
    return [item for item in items if isinstance(item, Rejected)]


# -- text -------------------------------------------------------------------------------


def test_dated_text_takes_the_date_and_drops_the_header(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(f" date 2022-05-24 {ARTICLE}\n\nSecond paragraph.\n", encoding="utf-8")

    [doc] = read_all(path)

    assert isinstance(doc, Document)
    assert doc.date == "2022-05-24"
    assert doc.text == f"{ARTICLE}\n\nSecond paragraph."
    assert "date" not in doc.text[:10] and "2022-05-24" not in doc.text
    assert doc.id == "story"
    assert doc.path == str(path)
    # Offsets index the text without the header: the first word starts at 0.
    start = doc.text.index("Tajikistan")
    assert doc.text[start : start + len("Tajikistan")] == "Tajikistan"
    assert doc.text[:4] == "Iran"


def test_dated_header_wins_over_the_date_option(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(f" date 2022-05-24 {ARTICLE}", encoding="utf-8")

    [doc] = read_all(path, date="2001-01-01")

    assert doc.date == "2022-05-24"


@pytest.mark.parametrize(("given", "expected"), [("2021-03-04", "2021-03-04"), (None, None)])
def test_plain_text_uses_the_date_option(tmp_path, given, expected):
    path = tmp_path / "plain.txt"
    path.write_text(ARTICLE + "\n", encoding="utf-8")

    [doc] = read_all(path, date=given)

    assert isinstance(doc, Document)
    assert doc.date == expected
    assert doc.text == ARTICLE


def test_empty_text_file_is_rejected(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text(" date 2022-05-24 \n\n", encoding="utf-8")

    [item] = read_all(path)

    assert isinstance(item, Rejected)
    assert item.path == str(path)
    assert "no text" in item.reason


def test_text_with_a_utf8_bom_reads(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(("\ufeff date 2022-05-24 " + ARTICLE).encode("utf-8"))

    [doc] = read_all(path)

    assert doc.date == "2022-05-24"
    assert doc.text == ARTICLE


# -- JSON -------------------------------------------------------------------------------


def test_json_lines_rejects_bad_records_and_keeps_the_good_ones(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps(
            {
                "id": "a",
                "date": "2022-05-24",
                "title": "T",
                "text": ARTICLE,
                "source": "TRT",
                "url": "https://example.org/a",
            }
        ),
        "this is not JSON",
        json.dumps({"id": "no-text", "date": "2022-05-24"}),
        "",
        json.dumps({"id": "bad-date", "date": "yesterday-ish", "text": ARTICLE}),
        json.dumps({"text": "Tajikistan welcomed the plan."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    items = read_all(path, date="2020-02-02")

    docs = documents(items)
    assert [d.id for d in docs] == ["a", "batch:6"]
    first, last = docs
    assert (first.date, first.title, first.source, first.url, first.text) == (
        "2022-05-24",
        "T",
        "TRT",
        "https://example.org/a",
        ARTICLE,
    )
    assert first.path == str(path)
    assert last.date == "2020-02-02"  # the option fills a record without a date

    rejected = {r.record: r for r in rejections(items)}
    assert sorted(rejected) == [2, 3, 5]
    assert all(r.path == str(path) for r in rejected.values())
    assert "not valid JSON" in rejected[2].reason
    assert "text" in rejected[3].reason
    assert "date" in rejected[5].reason and "yesterday-ish" in rejected[5].reason
    assert str(rejected[2]).startswith(f"{path}:2: ")


def test_json_record_that_is_not_an_object_is_rejected(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": ARTICLE}) + '\n42\n"just a string"\n', encoding="utf-8")

    items = read_all(path)

    assert len(documents(items)) == 1
    bad = rejections(items)
    assert [r.record for r in bad] == [2, 3]
    assert all("expected an object" in r.reason for r in bad)


def test_json_array_file(tmp_path):
    path = tmp_path / "articles.json"
    records = [
        {"id": "one", "date": "2022-05-24", "text": ARTICLE},
        {"id": "two", "text": "Iran and Tajikistan signed an accord."},
        {"id": "three", "text": ""},
    ]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")

    items = read_all(path, date="2022-06-01")

    assert [d.id for d in documents(items)] == ["one", "two"]
    assert [d.date for d in documents(items)] == ["2022-05-24", "2022-06-01"]
    [bad] = rejections(items)
    assert (bad.path, bad.record) == (str(path), 3)
    assert "text" in bad.reason


def test_pretty_printed_json_object_file(tmp_path):
    """The module documents "a JSON array or object": one object over several lines."""
    path = tmp_path / "article.json"
    path.write_text(
        json.dumps({"id": "solo", "date": "2022-05-24", "text": ARTICLE}, indent=2),
        encoding="utf-8",
    )

    items = read_all(path)

    assert rejections(items) == []
    assert [d.id for d in documents(items)] == ["solo"]


def test_broken_json_array_is_one_rejection(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"text": "Iran"}, ', encoding="utf-8")

    [item] = read_all(path)

    assert isinstance(item, Rejected)
    assert item.record is None
    assert "not valid JSON" in item.reason


# -- CSV / TSV --------------------------------------------------------------------------

COLUMNS = ["id", "date", "title", "text", "source", "url"]


@pytest.mark.parametrize(("suffix", "delimiter"), [(".csv", ","), (".tsv", "\t")])
def test_tables_with_all_columns(tmp_path, suffix, delimiter):
    path = tmp_path / f"articles{suffix}"
    rows = [
        COLUMNS,
        [
            "r1",
            "20220524",
            "Drones",
            "Iran opened a factory, officials said.",
            "TRT",
            "https://example.org/1",
        ],
        ["r2", "", "", "Tajikistan welcomed it.", "", ""],
        ["r3", "2022-05-24", "No text", "", "TRT", ""],
    ]
    if delimiter == ",":
        body = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in row) for row in rows)
    else:
        body = "\n".join(delimiter.join(row) for row in rows)
    path.write_text(body + "\n", encoding="utf-8")

    items = read_all(path, date="2022-06-01")

    docs = documents(items)
    assert [d.id for d in docs] == ["r1", "r2"]
    assert docs[0].date == "2022-05-24"
    assert docs[0].text == "Iran opened a factory, officials said."
    assert (docs[0].title, docs[0].source, docs[0].url) == (
        "Drones",
        "TRT",
        "https://example.org/1",
    )
    assert docs[1].date == "2022-06-01"
    assert (docs[1].title, docs[1].source, docs[1].url) == (None, None, None)
    [bad] = rejections(items)
    assert (bad.path, bad.record) == (str(path), 4)  # line 4: header is line 1
    assert "text" in bad.reason


def test_csv_with_only_a_text_column(tmp_path):
    path = tmp_path / "minimal.csv"
    path.write_text("text\nIran opened a factory.\n", encoding="utf-8")

    [doc] = read_all(path)

    assert isinstance(doc, Document)
    assert doc.text == "Iran opened a factory."
    assert doc.id == "minimal:2"
    assert doc.date is None


def test_csv_without_a_text_column_is_one_rejection(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("id,date,body\n1,2022-05-24,Iran opened a factory.\n", encoding="utf-8")

    items = read_all(path)

    assert len(items) == 1
    [item] = items
    assert isinstance(item, Rejected)
    assert item.path == str(path)
    assert item.record is None
    assert "header" in item.reason and "'text'" in item.reason
    assert "body" in item.reason  # names what was found instead


def test_csv_row_with_too_many_fields_is_rejected(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("id,text\n1,Iran opened a factory.\n2,too,many,fields\n", encoding="utf-8")

    items = read_all(path)

    assert [d.id for d in documents(items)] == ["1"]
    [bad] = rejections(items)
    assert bad.record == 3
    assert "fields" in bad.reason


# -- directories, missing files, encodings, stdin ---------------------------------------


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "b.txt").write_text(" date 2022-05-02 Second article.", encoding="utf-8")
    (root / "a.txt").write_text(" date 2022-05-01 First article.", encoding="utf-8")
    (root / "sub" / "c.jsonl").write_text(
        json.dumps({"id": "c1", "text": "Third article."}) + "\n", encoding="utf-8"
    )
    (root / ".hidden.txt").write_text("Never read.", encoding="utf-8")

    items = read_all(root)

    assert rejections(items) == []
    assert [d.text for d in items] == ["First article.", "Second article.", "Third article."]
    assert [d.id for d in items] == ["a", "b", "c1"]
    assert items[2].path == str(root / "sub" / "c.jsonl")


def test_missing_path_is_rejected_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    missing = tmp_path / "nope.txt"

    items = read_all(missing, good)

    assert isinstance(items[0], Rejected)
    assert items[0].path == str(missing)
    assert items[0].record is None
    assert "no such file" in items[0].reason
    assert isinstance(items[1], Document) and items[1].text == ARTICLE


def test_non_utf8_file_is_rejected(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Déclaration de la République française: «non».".encode("latin-1"))

    [item] = read_all(path)

    assert isinstance(item, Rejected)
    assert item.path == str(path)
    assert "UTF-8" in item.reason


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (f" date 2022-05-24 {ARTICLE}", [("2022-05-24", ARTICLE)]),
        (
            json.dumps({"date": "20220524", "text": ARTICLE})
            + "\n"
            + json.dumps({"date": "2022-05-25T10:00:00Z", "text": "More."})
            + "\n",
            [("2022-05-24", ARTICLE), ("2022-05-25", "More.")],
        ),
    ],
    ids=["dated-text", "jsonl"],
)
def test_stdin(monkeypatch, content, expected):
    monkeypatch.setattr(sys, "stdin", io.StringIO(content))

    items = list(read(["-"]))

    assert all(isinstance(i, Document) for i in items)
    assert [(d.date, d.text) for d in items] == expected
    assert all(d.path == "-" for d in items)


# -- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-05-24", "2022-05-24"),
        ("20220524", "2022-05-24"),
        ("2022-05-24T10:00:00Z", "2022-05-24"),
        ("2022-05-24T23:59:59+02:00", "2022-05-24"),
        ("2022-05-24 10:00:00", "2022-05-24"),
        (20220524, "2022-05-24"),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2022-13-01", "24/05/2022", "2022-02-30"])
def test_normalise_date_rejects_non_dates(value):
    with pytest.raises(ReaderError, match="not an ISO date"):
        normalise_date(value)


@pytest.mark.parametrize("value", ["20220524", "2022-05-24T10:00:00Z"])
def test_record_dates_are_normalised(tmp_path, value):
    path = tmp_path / "dates.jsonl"
    path.write_text(json.dumps({"date": value, "text": ARTICLE}) + "\n", encoding="utf-8")

    [doc] = read_all(path)

    assert doc.date == "2022-05-24"


@pytest.mark.parametrize("value", ["20220524", "2022-05-24T10:00:00Z"])
def test_date_option_is_normalised(tmp_path, value):
    path = tmp_path / "plain.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    [doc] = read_all(path, date=value)

    assert doc.date == "2022-05-24"
