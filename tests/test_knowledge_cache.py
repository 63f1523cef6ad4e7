"""The cache of indexes compiled from large data files (`kronika.knowledge.cache`)."""

from __future__ import annotations

import os
import pickle

from kronika.knowledge.cache import cached


def test_a_cached_index_is_read_back_until_one_of_its_sources_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("KRONIKA_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "names.tsv"
    source.write_text("Iran\tIRN\n", encoding="utf-8")
    builds: list[int] = []

    def build() -> dict[str, str]:
        builds.append(1)
        name, code = source.read_text(encoding="utf-8").split()[:2]
        return {name: code}

    assert cached("names", [source], build) == {"Iran": "IRN"}
    assert cached("names", [source], build) == {"Iran": "IRN"} and len(builds) == 1
    source.write_text("Tajikistan\tTJK\n", encoding="utf-8")
    assert cached("names", [source], build) == {"Tajikistan": "TJK"} and len(builds) == 2
    # one file per index: the earlier version is gone
    assert len(list((tmp_path / "cache").glob("names-*.pickle"))) == 1


def test_an_unreadable_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("KRONIKA_CACHE_DIR", str(tmp_path))
    source = tmp_path / "names.tsv"
    source.write_text("x", encoding="utf-8")
    cached("names", [source], lambda: {"a": 1})
    (path,) = tmp_path.glob("names-*.pickle")
    path.write_bytes(b"not a pickle")
    assert cached("names", [source], lambda: {"b": 2}) == {"b": 2}
    assert pickle.loads(path.read_bytes()) == {"b": 2}


def test_the_cached_actor_dictionary_equals_one_indexed_from_the_files(tmp_path, monkeypatch):
    from kronika.knowledge import actors

    monkeypatch.setenv("KRONIKA_CACHE_DIR", str(tmp_path))
    built = actors.load_dictionary(None)  # indexed and written
    (path,) = tmp_path.glob("actors-builtin-*.pickle")
    written = os.stat(path).st_mtime_ns
    read = actors.load_dictionary(None)  # read back
    fresh = actors._builtin_dictionary()

    assert os.stat(path).st_mtime_ns == written
    assert read is not built
    for name, value in vars(fresh).items():
        assert getattr(read, name) == value, name
    assert len(read.entries) > 5_000 and len(read.field) > 10_000  # kronika's, the field's


def test_the_cached_countrynames_table_is_the_one_countrynames_builds(tmp_path, monkeypatch):
    import countrynames

    from kronika.knowledge import countries

    monkeypatch.setenv("KRONIKA_CACHE_DIR", str(tmp_path))
    countries._countrynames_index.cache_clear()
    try:
        index = countries._countrynames_index()
        assert list(tmp_path.glob("countrynames-*.pickle"))
        assert index == countrynames._load_data() and len(index) > 20_000
        assert countries.country_code("Österreich") == "AUT"
    finally:
        countries._countrynames_index.cache_clear()
