"""`studiolo persona list | show | validate | import | export` as an author runs them: a real process each time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from studiolo.persona import get_persona, load_persona


def studiolo(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1"}
    return subprocess.run(
        [sys.executable, "-m", "studiolo.cli", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: str) -> str:
    assert result.returncode == 1, result
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("studiolo: ") and lines[0].endswith(f"[{code}]"), lines[0]
    return lines[0]


def test_list_prints_id_name_and_one_line_bio() -> None:
    result = studiolo("persona", "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["assistant", "ines", "vespera"]
    vespera = get_persona("vespera")
    assert vespera.name in lines[2] and vespera.tagline in lines[2]


def test_show_prints_the_persona_as_yaml_by_id_or_path(tmp_path: Path) -> None:
    result = studiolo("persona", "show", "vespera")
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout) == get_persona("vespera").model_dump(mode="json", exclude_none=True)
    path = tmp_path / "mine.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    assert studiolo("persona", "show", str(path)).stdout == result.stdout
    line = assert_one_line_error(studiolo("persona", "show", "nobody"), "persona.not_found")
    assert "assistant, ines, vespera" in line


def test_validate_prints_ok_or_the_field_and_line(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(studiolo("persona", "show", "ines").stdout, encoding="utf-8")
    result = studiolo("persona", "validate", str(good))
    assert result.returncode == 0 and result.stdout == "ok: ines (Ines Calder)\n", result

    bad = tmp_path / "bad.yaml"
    text = good.read_text(encoding="utf-8").replace("sentence_length: medium", "sentence_length: endless")
    bad.write_text(text, encoding="utf-8")
    number = text.splitlines().index("  sentence_length: endless") + 1
    line = assert_one_line_error(studiolo("persona", "validate", str(bad)), "persona.invalid")
    assert f"bad.yaml line {number}: voice.sentence_length: 'endless' is not allowed here" in line

    (tmp_path / "list.yaml").write_text("- just\n- a list\n")
    assert "not a list" in assert_one_line_error(
        studiolo("persona", "validate", str(tmp_path / "list.yaml")), "persona.invalid"
    )
    (tmp_path / "broken.yaml").write_text("id: [x\n")
    assert_one_line_error(studiolo("persona", "validate", str(tmp_path / "broken.yaml")), "persona.not_yaml")
    assert_one_line_error(studiolo("persona", "validate", str(tmp_path / "absent.yaml")), "persona.not_found")


def test_export_then_import_gives_back_the_same_persona(tmp_path: Path) -> None:
    exported = studiolo("persona", "export", "vespera", cwd=tmp_path)  # default: vespera.json here
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.strip() == "vespera.json"
    assert json.loads((tmp_path / "vespera.json").read_text(encoding="utf-8"))["spec"] == "chara_card_v2"

    out = tmp_path / "personas"
    imported = studiolo("persona", "import", str(tmp_path / "vespera.json"), "--out", str(out))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == str(out / "vespera.yaml")
    assert load_persona(out / "vespera.yaml") == get_persona("vespera")


def test_png_export_and_import(tmp_path: Path) -> None:
    assert_one_line_error(
        studiolo("persona", "export", "ines", "--out", str(tmp_path / "ines.png"), "--format", "json"),
        "out.wrong_suffix",
    )
    exported = studiolo("persona", "export", "ines", "--out", str(tmp_path / "ines.png"))  # the suffix picks png
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "ines.png").read_bytes().startswith(b"\x89PNG")
    imported = studiolo("persona", "import", str(tmp_path / "ines.png"), "--out", str(tmp_path))
    assert imported.returncode == 0, imported.stderr
    assert load_persona(tmp_path / "ines.yaml") == get_persona("ines")


def test_nothing_is_overwritten_without_force(tmp_path: Path) -> None:
    assert studiolo("persona", "export", "assistant", cwd=tmp_path).returncode == 0
    before = (tmp_path / "assistant.json").read_bytes()
    assert_one_line_error(studiolo("persona", "export", "assistant", cwd=tmp_path), "out.exists")
    assert studiolo("persona", "export", "assistant", "--force", cwd=tmp_path).returncode == 0
    assert (tmp_path / "assistant.json").read_bytes() == before
    assert studiolo("persona", "import", "assistant.json", cwd=tmp_path).returncode == 0
    assert_one_line_error(studiolo("persona", "import", "assistant.json", cwd=tmp_path), "out.exists")


def test_bad_cards_and_paths_give_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "v3.json").write_text(json.dumps({"spec": "chara_card_v3", "data": {"name": "x"}}))
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    (tmp_path / "notes.txt").write_text("hello")
    assert "chara_card_v3" in assert_one_line_error(
        studiolo("persona", "import", str(tmp_path / "v3.json")), "card.unsupported"
    )
    assert_one_line_error(studiolo("persona", "import", str(tmp_path / "photo.png")), "card.invalid")
    assert_one_line_error(studiolo("persona", "import", str(tmp_path / "notes.txt")), "card.invalid")
    assert_one_line_error(studiolo("persona", "import", str(tmp_path / "absent.json")), "card.not_found")
    assert_one_line_error(
        studiolo("persona", "export", "vespera", "--out", str(tmp_path / "no" / "x.json")), "out.parent_missing"
    )
    assert_one_line_error(studiolo("persona", "export", str(tmp_path / "absent.yaml")), "persona.not_found")
    assert list(tmp_path.iterdir()) and not list(tmp_path.glob("*.yaml"))  # nothing half-written
