"""`studiolo chat` as a person uses it: typed lines in, replies and saved drafts out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_terminal_conversation_saves_drafts_and_answers_commands(tmp_path: Path) -> None:
    lines = "\n".join([
        "paint flowers blooming on Venus",
        "make the second one warmer",
        "/drafts",
        "/undo",
        "/branch 2",
        "/branch nine",
        "/prefs",
        "/nonsense",
        "",
        "/pick 1",
        "make it warmer",
        "/quit",
    ]) + "\n"  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "studiolo.cli", "chat", "--out", str(tmp_path / "drafts")],
        input=lines, capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    saved = sorted((tmp_path / "drafts").glob("draft-*.png"))
    assert len(saved) >= 5  # four drafts, then at least one refinement
    for path in saved:
        assert str(path) in out
    assert "Vespera>" in out
    assert "refine" in out and "from #2" in out  # /drafts shows the lineage
    assert "now on #2" in out
    assert "now on #1" in out and "Working from #1:" in out  # a pick steers the next request
    assert "[command.invalid]" in out and "[command.unknown]" in out
    assert "Traceback" not in result.stderr


def test_chat_with_an_unknown_persona_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "studiolo.cli", "chat", "--persona", "nobody", "--out", str(tmp_path)],
        input="", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("studiolo: ") and "persona.not_found" in result.stderr
