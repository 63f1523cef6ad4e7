"""kronika.readers: every input format, the rejections and the date forms."""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import json
import lzma
import re
import sys
import tracemalloc
from pathlib import Path

import pytest

from kronika.readers import ReaderError, formats, normalise_date, read, sources
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


def test_broken_json_array_keeps_the_elements_before_the_break(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"text": "Iran"}, ', encoding="utf-8")

    good, bad = read_all(path)

    assert isinstance(good, Document) and good.text == "Iran"
    assert isinstance(bad, Rejected)
    assert bad.record is None
    assert "not valid JSON" in bad.reason


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


def test_a_csv_header_that_is_no_csv_is_one_rejection(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes(b"id,\rtext\n1,Iran opened a factory.\n")  # a lone carriage return

    [item] = read_all(path)

    assert isinstance(item, Rejected)
    assert item.record == 1 and item.reason.startswith("header: not valid CSV")


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
    with pytest.raises(ReaderError, match="not a (date kronika reads|calendar date)") as caught:
        normalise_date(value)

    assert repr(value) in str(caught.value)


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


# -- one bad record costs one record ----------------------------------------------------


def jsonl(*records) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def test_a_bad_byte_costs_one_json_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    good = jsonl({"id": "a", "text": ARTICLE})
    bad = b'{"id": "b", "text": "caf\xe9 society"}\n'
    path.write_bytes(good + bad + jsonl({"id": "c", "text": "Sweden sent aid."}))

    items = read_all(path)

    assert [d.id for d in documents(items)] == ["a", "c"]
    [rejected] = rejections(items)
    assert rejected.record == 2
    offset = len(good) + bad.index(b"\xe9")
    assert rejected.reason == f"invalid UTF-8: byte 0xe9 at byte {offset:,}"


def test_a_bad_byte_costs_one_csv_row(tmp_path):
    path = tmp_path / "rows.csv"
    head = b"id,text\n1,Iran opened a factory.\n"
    path.write_bytes(head + b'2,"Bad \xff byte,\nover two lines"\n3,Sweden sent aid.\n')

    items = read_all(path)

    assert [d.id for d in documents(items)] == ["1", "3"]
    [rejected] = rejections(items)
    assert rejected.record == 3
    assert rejected.reason == f"invalid UTF-8: byte 0xff at byte {len(head) + 7:,}"


def test_a_bad_byte_costs_one_json_array_element(tmp_path):
    path = tmp_path / "articles.json"
    path.write_bytes(
        b'[{"text": "Iran opened a factory."},\n {"text": "caf\xe9"},\n {"text": "Fine."}]'
    )

    items = read_all(path)

    assert [d.text for d in documents(items)] == ["Iran opened a factory.", "Fine."]
    [rejected] = rejections(items)
    assert rejected.record == 2 and "byte 0xe9" in rejected.reason


def test_a_json_array_is_read_element_by_element_across_lines(tmp_path):
    path = tmp_path / "articles.json"
    records = [{"id": str(i), "text": f"Article {i}.\n" * 50} for i in range(300)]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")

    items = read_all(path)

    assert rejections(items) == []
    assert [d.id for d in items] == [str(i) for i in range(300)]


@pytest.mark.parametrize(
    "record",
    [
        b'{"id": "nul", "text": "\\u0000\\u0000\\u0000\\u0000"}\n',
        b'{"id": "nul", "text": "\x00\x00\x00\x00\x00\x00"}\n',
    ],
    ids=["escaped", "raw"],
)
def test_a_nul_filled_record_is_rejected(tmp_path, record):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(jsonl({"id": "a", "text": ARTICLE}) + record)

    items = read_all(path)

    assert [d.id for d in documents(items)] == ["a"]
    [rejected] = rejections(items)
    assert rejected.record == 2
    assert "NUL" in rejected.reason or "not valid JSON" in rejected.reason


def test_a_nul_filled_file_is_not_an_article(tmp_path):
    path = tmp_path / "zeros.txt"
    path.write_bytes(b"\x00" * 5000)

    [item] = read_all(path)

    assert isinstance(item, Rejected) and "NUL" in item.reason


# -- which files are articles -----------------------------------------------------------


def test_files_of_other_kinds_are_reported_not_read(tmp_path):
    (tmp_path / "README.md").write_text("# About this corpus\n\nIran opened a factory.")
    (tmp_path / "LICENSE").write_text("Permission is hereby granted.")
    (tmp_path / "a.txt").write_text(ARTICLE)

    items = read_all(tmp_path)

    assert [d.text for d in documents(items)] == [ARTICLE]
    rejected = {Path(r.path).name: r.reason for r in rejections(items)}
    assert set(rejected) == {"README.md", "LICENSE"}
    assert all(
        "not an article file" in reason and ".jsonl" in reason for reason in rejected.values()
    )


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
     ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-16-le", b"")],
    ids=["utf-16-le", "utf-16-be", "utf-32", "utf-16-no-bom"],
)  # fmt: skip
def test_utf16_and_utf32_files_are_decoded(tmp_path, encoding, bom):
    path = tmp_path / "wide.jsonl"
    body = jsonl({"id": "a", "text": "Déclaration de la République"}, {"id": "b", "text": ARTICLE})
    path.write_bytes(bom + body.decode().encode(encoding))

    items = read_all(path)

    assert rejections(items) == []
    assert [d.text for d in items] == ["Déclaration de la République", ARTICLE]


def test_a_utf16_text_file_with_a_bom_reads(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + f" date 2022-05-24 {ARTICLE}".encode("utf-16-le"))

    [doc] = read_all(path)

    assert (doc.date, doc.text) == ("2022-05-24", ARTICLE)


# -- compression ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "opener"),
    [(".gz", gzip.open), (".bz2", bz2.open), (".xz", lzma.open)],
)
def test_compressed_files_are_read(tmp_path, suffix, opener):
    path = tmp_path / f"batch.jsonl{suffix}"
    with opener(path, "wb") as handle:
        handle.write(jsonl({"text": ARTICLE}, {"text": "Sweden sent aid."}))

    items = read_all(path)

    assert [d.text for d in items] == [ARTICLE, "Sweden sent aid."]
    assert [d.id for d in items] == ["batch:1", "batch:2"]


def test_compressed_csv_and_text(tmp_path):
    with bz2.open(tmp_path / "rows.csv.bz2", "wt", encoding="utf-8") as handle:
        handle.write("id;text\n1;Iran opened a factory.\n")
    with lzma.open(tmp_path / "story.txt.xz", "wt", encoding="utf-8") as handle:
        handle.write(f" date 2022-05-24 {ARTICLE}")

    items = read_all(tmp_path)

    assert [(d.id, d.text) for d in items] == [("1", "Iran opened a factory."), ("story", ARTICLE)]


def test_a_truncated_gzip_keeps_what_came_before_and_says_where_it_broke(tmp_path):
    whole = gzip.compress(
        jsonl(*({"id": str(i), "text": f"Article {i}. " * 40} for i in range(200)))
    )
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])

    items = read_all(path)

    assert len(documents(items)) > 50
    last = items[-1]
    assert isinstance(last, Rejected) and "cannot be read after line" in last.reason


def test_compressed_stdin_is_recognised(monkeypatch):
    data = gzip.compress(jsonl({"text": ARTICLE}))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    [doc] = list(read(["-"]))

    assert doc.text == ARTICLE


# -- delimiters and column names ---------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "|", "\t", ","])
def test_the_csv_delimiter_is_sniffed_from_the_header(tmp_path, delimiter):
    path = tmp_path / "rows.csv"
    rows = [["id", "date", "text"], ["1", "2022-05-24", "Iran opened a factory, officials said"]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)

    [doc] = read_all(path)

    assert (doc.id, doc.date, doc.text) == ("1", "2022-05-24", rows[1][2])


def test_columns_map_fields_to_a_files_own_names(tmp_path):
    table = tmp_path / "rows.csv"
    table.write_text(
        "guid;published;headline;body\n"
        "7;Tue, 24 May 2022 10:00:00 +0000;Drones;Iran opened a factory.\n",
        encoding="utf-8",
    )
    lines = tmp_path / "more.jsonl"
    lines.write_bytes(jsonl({"guid": "8", "body": "Sweden sent aid.", "published": "May 25, 2022"}))

    columns = "id=guid,date=published,title=headline,text=body"
    docs = list(read([table, lines], columns=columns))

    assert [(d.id, d.date, d.title, d.text) for d in docs] == [
        ("7", "2022-05-24", "Drones", "Iran opened a factory."),
        ("8", "2022-05-25", None, "Sweden sent aid."),
    ]


def test_a_csv_without_the_text_column_says_how_to_name_it(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("id;body\n1;Iran opened a factory.\n", encoding="utf-8")

    [item] = read_all(path)

    assert "--columns text=NAME" in item.reason and "body" in item.reason


@pytest.mark.parametrize(
    ("spec", "message"),
    [("text", "FIELD=COLUMN"), ("body=text", "not a field"), ("text=", "give the column")],
)
def test_bad_columns_are_refused_before_reading(spec, message):
    with pytest.raises(ReaderError, match=message):
        next(read(["nowhere.jsonl"], columns=spec))


# -- date forms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 24 May 2022 10:00:00 +0000", "2022-05-24"),
        ("7:58 AM ET, Sat January 3, 2015", "2015-01-03"),
        ("January 3, 2015", "2015-01-03"),
        ("3 Jan. 2015", "2015-01-03"),
        ("2022/05/24", "2022-05-24"),
        ("2009-03-20 12:24:52.002364-05", "2009-03-20"),
    ],
)
def test_common_date_forms_in_the_date_column(tmp_path, value, expected):
    path = tmp_path / "dates.jsonl"
    path.write_bytes(jsonl({"date": value, "text": ARTICLE}))

    [doc] = read_all(path)

    assert doc.date == expected


def test_an_unreadable_date_costs_its_record(tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text("date,text\n24/05/2022,One.\n2022-05-24,Two.\n", encoding="utf-8")

    items = read_all(path)

    assert [d.text for d in documents(items)] == ["Two."]
    [bad] = rejections(items)
    assert bad.record == 2 and "'24/05/2022'" in bad.reason and "either way round" in bad.reason


@pytest.mark.parametrize("value", ["24/05/2022", "7:58 AM ET", "2010-13", "yesterday"])
def test_a_document_refuses_a_date_that_is_no_date(value):
    with pytest.raises(ValueError, match=re.escape(repr(value))):
        Document(text=ARTICLE, date=value)


def test_a_document_keeps_its_date_as_an_iso_day():
    assert Document(text=ARTICLE, date="Tue, 24 May 2022 10:00:00 +0000").date == "2022-05-24"


# -- long texts and long lines ----------------------------------------------------------


def test_an_article_over_the_limit_is_cut_and_marked(tmp_path):
    text = ("Iran opened a factory in Tajikistan. " * 30 + "\n\n") * 20
    path = tmp_path / "long.jsonl"
    path.write_bytes(jsonl({"id": "long", "text": text}))

    [doc] = list(read([path], max_chars=5000))

    assert doc.truncated == len(text)
    assert len(doc.text) <= 5000 and text.startswith(doc.text)
    assert doc.text.endswith(".")  # cut at a break, not inside a word


def test_a_text_file_over_the_limit_is_read_only_that_far(tmp_path):
    text = "Iran opened a factory in Tajikistan.\n" * 10_000
    path = tmp_path / "long.txt"
    path.write_text(f" date 2022-05-24 {text}", encoding="utf-8")

    [doc] = list(read([path], max_chars=2000))

    assert doc.truncated == len(text.strip())
    assert len(doc.text) <= 2000 and doc.date == "2022-05-24"


def test_a_line_over_the_size_limit_is_rejected_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_LINE_BYTES", 1000)
    monkeypatch.setattr(formats, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "batch.jsonl"
    path.write_bytes(jsonl({"text": "x" * 5000}, {"id": "after", "text": ARTICLE}))

    items = read_all(path)

    assert [d.id for d in documents(items)] == ["after"]
    [bad] = rejections(items)
    assert bad.record == 1 and "over 1,000 bytes" in bad.reason


def peak_memory(function) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_files_and_stdin_are_streamed_not_read_whole(tmp_path, monkeypatch):
    data = jsonl(*({"id": str(i), "text": f"Article number {i}. " * 200} for i in range(4000)))
    assert len(data) > 15_000_000
    path = tmp_path / "big.jsonl"
    path.write_bytes(data)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    def count(paths):
        return lambda: sum(1 for _ in read(paths))

    assert peak_memory(count([path])) < 3_000_000
    assert peak_memory(count(["-"])) < 3_000_000
