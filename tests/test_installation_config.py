"""The installation file: the shipped example loads, and each mistake is named by its field and its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from studiolo.errors import StudioloError
from studiolo.installation.config import load_installation, parse_installation

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "show.yaml"


def test_the_example_file_loads() -> None:
    show = load_installation(EXAMPLE)
    assert [kiosk.id for kiosk in show.kiosks] == ["entrance", "gallery"]
    assert show.texts["ko"].examples[0] == "노을 지는 바다 위의 빨간 새"
    assert show.kiosk("change-me-kiosk-gallery-00000").id == "gallery"
    assert show.kiosk("change-me-wall-token-000000000") is None


def _error(text: str) -> StudioloError:
    with pytest.raises(StudioloError) as caught:
        parse_installation(text, "show.yaml")
    assert caught.value.code == "installation.invalid"
    return caught.value


def test_a_bad_value_is_named_with_its_line() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("token: change-me-kiosk-gallery-00000", "token: short")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "token: short" in row)
    error = _error(text)
    assert error.field == "kiosks.1.token"
    assert f"(line {line})" in error.message


def test_a_missing_field_points_at_its_parent_and_a_typo_at_itself() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    no_closing = text.replace("    closing: 지금은 작업실이 문을 닫았습니다. 와 주셔서 고맙습니다!\n", "")
    error = _error(no_closing)
    assert error.field == "texts.ko.closing"
    ko_line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip() == "ko:")
    assert f"(line {ko_line})" in error.message
    typo = text.replace("  idle_s: 90", "  idle_sec: 90")
    error = _error(typo)
    assert error.field == "limits.idle_sec"
    assert f"(line {next(n for n, row in enumerate(typo.splitlines(), 1) if 'idle_sec' in row)})" in error.message


def test_shared_tokens_and_a_missing_language_are_refused() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "own" in _error(text.replace("change-me-wall-token-000000000", "change-me-kiosk-gallery-00000")).message
    only_english = text.split("  ko:\n")[0]
    assert "missing: ko" in _error(only_english).message


def test_not_yaml_and_not_a_file() -> None:
    assert "line 2" in _error("kiosks: [\n  : : :\n").message
    with pytest.raises(StudioloError) as caught:
        load_installation(EXAMPLE.with_name("nowhere.yaml"))
    assert caught.value.code == "installation.not_found"


def test_serve_refuses_a_bad_installation_file_before_listening(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "show.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("mosaic: 12", "mosaic: 0"), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "studiolo.cli", "serve", "--port", "0", "--data", str(tmp_path / "data"),
         "--installation", str(bad)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode != 0
    assert "wall.mosaic (line 16)" in run.stderr + run.stdout
    assert "installation.invalid" in run.stderr + run.stdout
