"""The `studiolo` command as a user runs it: a real process, its stdout, stderr, exit code and files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studiolo.language import detect_language
from studiolo.model.images import open_image, read_provenance


def studiolo(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1"}
    return subprocess.run(
        [sys.executable, "-m", "studiolo.cli", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: str) -> None:
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("studiolo: ") and lines[0].endswith(f"[{code}]"), lines[0]
    assert "Traceback" not in result.stderr


def test_imagine_writes_pngs_and_prints_their_paths(tmp_path: Path) -> None:
    result = studiolo(
        "imagine", "yellow and pink flowers", "--n", "3", "--seed", "5", "--size", "160x96", "--out", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert len(paths) == 3 and sorted(paths) == sorted(tmp_path.glob("*.png"))
    seeds = []
    for path in paths:
        image = open_image(path)
        assert image.size == (160, 96)
        seeds.append(read_provenance(image)["seed"])
    assert sorted(seeds) == [5, 6, 7]


def test_imagine_square_size_and_pattern(tmp_path: Path) -> None:
    result = studiolo(
        "imagine", "rose textile", "--n", "1", "--seed", "1", "--size", "128", "--pattern", "--out", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    image = open_image(result.stdout.strip())
    assert image.size == (128, 128)
    assert read_provenance(image)["scene"]["layout"] == "pattern"


def test_imagine_is_reproducible_from_the_command_line(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    for out in (a, b):
        assert (
            studiolo("imagine", "금성의 꽃", "--n", "1", "--seed", "3", "--size", "96", "--out", str(out)).returncode
            == 0
        )
    (fa,), (fb,) = a.glob("*.png"), b.glob("*.png")
    assert fa.read_bytes() == fb.read_bytes()


@pytest.mark.parametrize(
    "args, code",
    [
        (["--size", "32"], "size.out_of_range"),
        (["--size", "5000x64"], "size.out_of_range"),
        (["--size", "big"], "size.invalid"),
        (["--size", "1024x"], "size.invalid"),
        (["--n", "0"], "n.out_of_range"),
        (["--n", "-3"], "n.out_of_range"),
        (["--n", "100000000000"], "n.out_of_range"),
        (["--n", "many"], "usage"),
        (["--seed", "-1"], "seed.out_of_range"),
    ],
)
def test_imagine_rejects_bad_options_in_one_line_and_writes_nothing(tmp_path: Path, args: list[str], code: str) -> None:
    result = studiolo("imagine", "flowers", "--out", str(tmp_path), *args)
    assert_one_line_error(result, code)
    assert list(tmp_path.iterdir()) == []


def test_imagine_rejects_a_missing_output_parent(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "folder"
    assert_one_line_error(studiolo("imagine", "flowers", "--out", str(out)), "out.parent_missing")
    assert not (tmp_path / "no").exists()


def test_imagine_creates_the_output_folder_when_its_parent_exists(tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    result = studiolo("imagine", "flowers", "--n", "1", "--size", "64", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(list(out.glob("*.png"))) == 1


def test_imagine_rejects_non_utf8_text(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUTF8": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "studiolo.cli", "imagine", b"flow\xffers", "--out", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert_one_line_error(result, "text.not_utf8")
    assert list(tmp_path.iterdir()) == []


def test_imagine_rejects_a_prompt_over_the_limit(tmp_path: Path) -> None:
    assert_one_line_error(studiolo("imagine", "flower " * 4000, "--out", str(tmp_path)), "text.too_long")
    assert list(tmp_path.iterdir()) == []


def test_describe_prints_a_paragraph_and_json(tmp_path: Path) -> None:
    made = studiolo(
        "imagine", "a red pattern", "--n", "1", "--seed", "2", "--size", "128", "--pattern", "--out", str(tmp_path)
    )
    path = made.stdout.strip()
    text = studiolo("describe", path)
    assert text.returncode == 0, text.stderr
    assert "red" in text.stdout.lower() and "a red pattern" in text.stdout
    facts = studiolo("describe", path, "--json")
    assert facts.returncode == 0, facts.stderr
    data = json.loads(facts.stdout)
    assert data["size"]["width"] == 128 and data["provenance"]["prompt"] == "a red pattern"


def test_describe_in_korean(tmp_path: Path) -> None:
    made = studiolo("imagine", "pink tulips", "--n", "1", "--seed", "2", "--size", "128", "--out", str(tmp_path))
    path = made.stdout.strip()
    korean = studiolo("describe", path, "--lang", "ko")
    assert korean.returncode == 0, korean.stderr
    assert detect_language(korean.stdout) == "ko"
    assert "정사각형 이미지(128 x 128 px)" in korean.stdout and "튤립" in korean.stdout
    facts = json.loads(studiolo("describe", path, "--json", "--lang", "ko").stdout)
    assert facts == json.loads(studiolo("describe", path, "--json").stdout)  # English keys, both names, either way
    assert all(swatch["name_ko"].endswith("색") for swatch in facts["palette"])


def test_describe_rejects_an_unknown_language_in_one_line(tmp_path: Path) -> None:
    image = tmp_path / "red.png"
    Image.new("RGB", (64, 64), "red").save(image)
    assert_one_line_error(studiolo("describe", str(image), "--lang", "xx"), "lang.unsupported")


def test_describe_reads_jpeg_and_webp(tmp_path: Path) -> None:
    stripes = np.zeros((64, 128, 3), np.uint8)
    stripes[:, ::16] = 255
    for fmt in ("JPEG", "WEBP"):
        path = tmp_path / f"stripes.{fmt.lower()}"
        Image.fromarray(stripes).save(path, format=fmt)
        assert studiolo("describe", str(path)).returncode == 0


def test_describe_rejects_bad_images_in_one_line(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.png"
    text_file.write_text("not an image at all")
    assert_one_line_error(studiolo("describe", str(text_file)), "image.unsupported_format")

    good = tmp_path / "good.png"
    Image.new("RGB", (300, 300), "teal").save(good)
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(good.read_bytes()[:200])
    assert_one_line_error(studiolo("describe", str(truncated)), "image.unreadable")

    gif = tmp_path / "anim.gif"
    Image.new("RGB", (10, 10), "red").save(gif)
    assert_one_line_error(studiolo("describe", str(gif)), "image.unsupported_format")

    assert_one_line_error(studiolo("describe", str(tmp_path / "missing.png")), "image.not_found")


def test_describe_refuses_a_decompression_bomb(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    Image.new("1", (20000, 20000), 0).save(bomb, optimize=True)  # 400 M pixels in a few tens of KB
    assert bomb.stat().st_size < 200_000
    assert_one_line_error(studiolo("describe", str(bomb)), "image.too_large")


def test_demo_writes_drafts_description_refinement_pattern_and_contact_sheet(tmp_path: Path) -> None:
    out = tmp_path / "showcase"
    result = studiolo("demo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    assert {"draft-1.png", "draft-2.png", "draft-3.png", "draft-4.png", "refined.png", "pattern-tile.png",
            "pattern-3x3.png", "index.html"} <= names  # fmt: skip
    page = (out / "index.html").read_text()
    for name in names - {"index.html"}:
        assert f'src="{name}"' in page
    refined = read_provenance(open_image(out / "refined.png"))
    assert "second moon" in refined["prompt"]
    assert any(m["kind"] == "moon" and m.get("count") == 2 for m in refined["scene"]["motifs"])
    assert read_provenance(open_image(out / "pattern-tile.png"))["scene"]["layout"] == "pattern"
    assert "Venus" in result.stdout


def test_a_settings_file_chooses_the_models_and_its_errors_are_one_line(tmp_path: Path) -> None:
    config = tmp_path / "studio.yaml"
    config.write_text("models:\n  painter: diffusers:/no/such/model\n")
    assert_one_line_error(
        studiolo("--config", str(config), "imagine", "flowers", "--out", str(tmp_path)), "model.not_found"
    )
    config.write_text("models:\n  painter: sketch\n  describer: measure\n")
    made = studiolo("--config", str(config), "imagine", "flowers", "--n", "1", "--size", "64", "--out", str(tmp_path))
    assert made.returncode == 0, made.stderr
    env = {**os.environ, "STUDIOLO_MODELS__DESCRIBER": "bogus"}
    result = subprocess.run([sys.executable, "-m", "studiolo.cli", "describe", made.stdout.strip()],
                            capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert_one_line_error(result, "backend.unknown")
