"""The `kronika` command, in-process with click's CliRunner, plus `python -m kronika`."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

import kronika
from kronika.cli import cli

ARTICLE = (
    'Germany condemned Russia on Monday for the missile strike. "This is a clear '
    'violation of international law," German Foreign Minister Anna Keller said in Berlin.'
)
SECTIONS = ("actors", "events", "quotes", "places", "dates")


@pytest.fixture
def runner() -> CliRunner:
    """A runner that keeps stderr apart from stdout on every click version."""
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()  # click >= 8.2 always keeps result.stderr separate


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(f" date 2023-03-14 {ARTICLE}\n", encoding="utf-8")
    return path


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_version(runner):
    result = runner.invoke(cli, ["--version"])

    assert result.exit_code == 0
    assert kronika.__version__ in result.stdout
    assert "kronika" in result.stdout


def test_python_dash_m_kronika_version():
    result = subprocess.run(
        [sys.executable, "-m", "kronika", "--version"], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert f"kronika, version {kronika.__version__}" in result.stdout


def test_extract_requires_a_path(runner):
    result = runner.invoke(cli, ["extract"])

    assert result.exit_code == 2
    assert "PATHS" in result.stderr


@pytest.mark.slow
def test_extract_prints_one_json_line_per_document(runner, story, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Poland will send military aid to Ukraine.", encoding="utf-8")

    result = runner.invoke(cli, ["extract", str(story), str(other), "--date", "2023-03-15"])

    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in lines(result.stdout)]
    assert [o["document"]["id"] for o in out] == ["story", "other"]
    assert [o["document"]["date"] for o in out] == ["2023-03-14", "2023-03-15"]
    assert out[0]["document"]["text"] == ARTICLE
    assert {"actors", "events", "quotes", "places", "dates", "equipment"} <= set(out[0])
    assert "extracted 2 document(s), rejected 0" in result.stderr


@pytest.mark.slow
def test_extract_table(runner, story):
    result = runner.invoke(cli, ["extract", str(story), "--format", "table"])

    assert result.exit_code == 0, result.stderr
    for section in SECTIONS:
        assert re.search(rf"^{section} \(\d+\)$", result.stdout, re.M), section
    assert "2023-03-14" in result.stdout
    assert "DEU" in result.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(lines(result.stdout)[0])


@pytest.mark.slow
def test_extract_reports_a_bad_record_and_goes_on(runner, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        json.dumps({"id": "good", "date": "2023-03-14", "text": ARTICLE}) + "\n" + "{not json\n",
        encoding="utf-8",
    )

    result = runner.invoke(cli, ["extract", str(path)])

    assert result.exit_code == 0, result.stderr
    [line] = lines(result.stdout)
    assert json.loads(line)["document"]["id"] == "good"
    assert re.search(rf"rejected {re.escape(str(path))}:2: .*not valid JSON", result.stderr)
    assert "extracted 1 document(s), rejected 1" in result.stderr


@pytest.mark.slow
def test_extract_with_nothing_readable_fails(runner, tmp_path):
    result = runner.invoke(cli, ["extract", str(tmp_path / "missing.txt")])

    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no such file" in result.stderr


@pytest.mark.slow
def test_extract_reads_stdin(runner):
    result = runner.invoke(cli, ["extract", "-"], input=f" date 2023-03-14 {ARTICLE}")

    assert result.exit_code == 0, result.stderr
    [line] = lines(result.stdout)
    assert json.loads(line)["document"]["date"] == "2023-03-14"


def test_extract_unknown_model(runner, story):
    result = runner.invoke(cli, ["extract", str(story), "--model", "no_such_model"])

    assert result.exit_code == 2
    assert "no_such_model" in result.stderr
    assert "model" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_extract_bad_date_option(runner, story):
    result = runner.invoke(cli, ["extract", str(story), "--date", "last week"])

    assert result.exit_code == 2
    assert "not a date kronika reads" in result.stderr and "last week" in result.stderr


def test_extract_unknown_format(runner, story):
    result = runner.invoke(cli, ["extract", str(story), "--format", "xml"])

    assert result.exit_code == 2
    assert "xml" in result.stderr
