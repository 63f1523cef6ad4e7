"""The README's tour runs as typed: each `$ kronika …` command on the bundled example exits 0
and prints what the README shows it printing first."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from kronika.cli import cli

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```(\w*)$")


def blocks(text: str) -> list[list[str]]:
    """The lines of each plain (language-less) fenced block of a Markdown text."""
    found: list[list[str]] = []
    current: list[str] | None = None
    language = ""
    for line in text.splitlines():
        fence = FENCE.match(line)
        if fence and current is None:
            current, language = [], fence.group(1)
        elif fence:
            if not language:
                found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


def tour() -> list[tuple[str, str]]:
    """(command, the first line the README shows after it) for the commands that need only
    the repository: no store, no server, no pipe, nothing from ../shared."""
    found = []
    for lines in blocks((ROOT / "README.md").read_text(encoding="utf-8")):
        for number, line in enumerate(lines):
            if not line.startswith("$ kronika ") or "|" in line or "../shared" in line:
                continue
            words = shlex.split(line[2:])[1:]
            if words[0] in ("extract", "explain"):
                shown = lines[number + 1] if number + 1 < len(lines) else ""
                found.append((line[2:], shown))
    return found


def test_the_tour_has_commands():
    assert len(tour()) >= 2


@pytest.mark.parametrize(("command", "shown"), tour(), ids=[c for c, _ in tour()])
def test_each_tour_command_runs_as_typed(command, shown, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == shown
