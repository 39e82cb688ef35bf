"""Real models the way an ML engineer uses them: tiny pipelines built from configs and saved to disk as a user's
would be, a settings file beside them, and the `studiolo` command run as a process. Covers the README's "Real
models" section (its commands are run as written), where --config goes, relative paths, sizes above the model's
own, single-file checkpoints, quiet runs and the messages a mistake gets."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from tiny_diffusion import build_lora, build_sd_pipeline, save_single_file
from tiny_vision import save_tiny_blip

from studiolo.model.images import open_image, read_provenance

ROOT = Path(__file__).resolve().parents[1]
STEPS = {"steps": 2, "preview_every": 0}


def studiolo(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONUTF8": "1", "PYTHONPATH": str(ROOT)}
    environment.pop("STUDIOLO_CONFIG", None)
    # a user's own shell, not what an earlier in-process `main()` of this test run set for quiet runs
    for variable in ("TRANSFORMERS_VERBOSITY", "DIFFUSERS_VERBOSITY", "HF_HUB_DISABLE_PROGRESS_BARS"):
        environment.pop(variable, None)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "studiolo.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=environment, timeout=600)  # fmt: skip


def one_line_error(result: subprocess.CompletedProcess[str], code: str) -> str:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("studiolo: ") and lines[0].endswith(f"[{code}]"), lines[0]
    assert ".." not in lines[0].replace("...", "")  # no doubled period
    return lines[0]


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A studio folder: models/tiny-sd (a pipeline folder), tiny.safetensors and tiny.ckpt (the same weights as
    single files, original key layout), loras/style.safetensors, and a settings file naming the folder."""
    root = tmp_path_factory.mktemp("studio")
    pipeline = build_sd_pipeline(root / "models" / "tiny-sd")
    save_single_file(pipeline, root / "tiny.safetensors")
    save_single_file(pipeline, root / "tiny.ckpt")
    build_lora(pipeline, root / "loras")
    write_settings(root / "studio.yaml", "diffusers:models/tiny-sd")
    return root


def write_settings(path: Path, painter: str, **options: object) -> Path:
    path.write_text(json.dumps({"models": {"painter": painter, "painter_options": {**STEPS, **options}}}))
    return path  # JSON is YAML


def pixels(path: str | Path) -> np.ndarray:
    return np.asarray(open_image(path).convert("RGB"), np.int16)


def test_config_goes_before_or_after_the_subcommand_or_in_the_environment(studio: Path, tmp_path: Path) -> None:
    """Relative model paths are read against the settings file, so running from another folder works too."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    settings = str(studio / "studio.yaml")
    paint = ("imagine", "a rose", "--n", "1", "--seed", "4", "--tries", "1", "--size", "64")
    after = studiolo(*paint, "--out", "after", "--config", settings, cwd=elsewhere)
    before = studiolo("--config", settings, *paint, "--out", "before", cwd=elsewhere)
    variable = studiolo(*paint, "--out", "variable", cwd=elsewhere, env={"STUDIOLO_CONFIG": settings})
    for result, out in ((after, "after"), (before, "before"), (variable, "variable")):
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""  # quiet: no torchvision fallbacks, no loading bars
        (path,) = (elsewhere / out).glob("*.png")
        assert read_provenance(open_image(path))["backend"] == f"diffusers:{studio / 'models' / 'tiny-sd'}"
    assert (pixels(elsewhere / "after" / "a-rose-4.png") == pixels(elsewhere / "before" / "a-rose-4.png")).all()
    # describe takes it after the subcommand as well (the measuring describer: --config must not be refused)
    described = studiolo("describe", str(elsewhere / "after" / "a-rose-4.png"), "--config", settings, cwd=elsewhere)
    assert described.returncode == 0, described.stderr


def test_verbose_shows_the_libraries_output_and_a_failed_run_leaves_no_folder(studio: Path) -> None:
    loud = studiolo("imagine", "a rose", "--n", "1", "--tries", "1", "--size", "64", "--out", "loud",
                    "--config", "studio.yaml", "--verbose", cwd=studio)  # fmt: skip
    assert loud.returncode == 0, loud.stderr
    assert "Loading pipeline components" in loud.stderr
    failed = studiolo("imagine", "a rose", "--size", "2048", "--out", "never", "--config", "studio.yaml", cwd=studio)
    one_line_error(failed, "size.too_large_for_model")
    assert not (studio / "never").exists()


def test_sizes_above_the_models_own_are_painted_at_it_and_upscaled_in_tiles(studio: Path) -> None:
    """The tiny pipeline's own size is 64 px (8 latents x 8): 128 is painted at 64 and upscaled in 9 tiles."""
    result = studiolo("imagine", "a rose", "--n", "2", "--seed", "1", "--tries", "1", "--size", "128",
                      "--out", "big", "--config", "studio.yaml", cwd=studio)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == (
        "studiolo: painting at 64 x 64, the model's own size, then upscaling to 128 x 128 in 9 feathered tiles "
        "of 64 px per image"
    )
    for line, seed in zip(result.stdout.splitlines(), (1, 2)):
        image = open_image(studio / line)
        assert image.size == (128, 128)
        provenance = read_provenance(image)
        assert provenance["seed"] == seed
        assert provenance["scene"]["upscaled"]["tiles"] == 9
        assert provenance["scene"]["upscaled"]["source_size"] == [64, 64]
        assert provenance["scene"]["steps"] == 2  # the painting's own facts are kept beside the upscale's


def test_a_size_out_of_a_models_reach_is_refused_up_front_with_the_largest_it_reaches(studio: Path) -> None:
    line = one_line_error(
        studiolo("imagine", "a rose", "--size", "1024", "--out", "big", "--config", "studio.yaml", cwd=studio),
        "size.too_large_for_model",
    )
    assert "its own size is 64 px" in line and "441 tiles" in line and "at most 400 px a side" in line


def test_the_embedded_painter_still_paints_2048_directly(tmp_path: Path) -> None:
    result = studiolo("imagine", "yellow flowers", "--n", "1", "--seed", "2", "--size", "2048", "--tries", "1",
                      "--out", "out", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    image = open_image(tmp_path / result.stdout.strip())
    assert image.size == (2048, 2048)
    assert "upscaled" not in read_provenance(image)["scene"]


@pytest.mark.parametrize("suffix", [".safetensors", ".ckpt"])
def test_a_single_file_checkpoint_paints_what_its_folder_paints(studio: Path, tmp_path: Path, suffix: str) -> None:
    settings = write_settings(studio / f"single{suffix}.yaml", f"diffusers:tiny{suffix}", config="models/tiny-sd")
    paint = ("imagine", "a rose", "--n", "1", "--seed", "9", "--tries", "1", "--size", "64")
    single = studiolo(*paint, "--out", str(tmp_path / "single"), "--config", str(settings), cwd=tmp_path)
    folder = studiolo(*paint, "--out", str(tmp_path / "folder"), "--config", str(studio / "studio.yaml"), cwd=tmp_path)
    assert single.returncode == 0 and folder.returncode == 0, single.stderr + folder.stderr
    assert single.stderr == ""
    assert (pixels(single.stdout.strip()) == pixels(folder.stdout.strip())).all()


def test_a_lora_beside_a_single_file_checkpoint_changes_the_picture(studio: Path, tmp_path: Path) -> None:
    paint = ("imagine", "a rose", "--n", "1", "--seed", "9", "--tries", "1", "--size", "64")
    plain = write_settings(studio / "plain.yaml", "diffusers:tiny.safetensors", config="models/tiny-sd")
    styled = write_settings(studio / "styled.yaml", "diffusers:tiny.safetensors", config="models/tiny-sd",
                            lora_paths=["loras/pytorch_lora_weights.safetensors"])  # fmt: skip
    a = studiolo(*paint, "--out", "plain", "--config", str(plain), cwd=tmp_path)
    b = studiolo(*paint, "--out", "styled", "--config", str(styled), cwd=tmp_path)
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    assert np.abs(pixels(tmp_path / a.stdout.strip()) - pixels(tmp_path / b.stdout.strip())).mean() > 1


def test_a_single_file_checkpoint_without_its_configuration_is_refused_saying_how_to_convert(studio: Path) -> None:
    """Offline, with the family's configuration neither named nor in the cache, diffusers would download it even
    when told local_files_only; studiolo refuses instead and names the family, the configuration and the fixes."""
    write_settings(studio / "bare.yaml", "diffusers:tiny.safetensors")
    line = one_line_error(
        studiolo(
            "imagine",
            "a rose",
            "--size",
            "64",
            "--out",
            "bare",
            "--config",
            "bare.yaml",
            cwd=studio,
            env={"HF_HUB_CACHE": str(studio / "empty-cache")},
        ),  # fmt: skip
        "model.not_found",
    )
    assert "single-file Stable Diffusion 1.x checkpoint" in line
    assert "stable-diffusion-v1-5/stable-diffusion-v1-5" in line and "painter_options.config" in line
    assert "from_single_file(" in line and ".save_pretrained(" in line
    assert not (studio / "bare").exists()


def test_a_file_that_is_no_checkpoint_is_refused(studio: Path) -> None:
    (studio / "notes.safetensors").write_text("not weights")
    write_settings(studio / "notes.yaml", "diffusers:notes.safetensors", config="models/tiny-sd")
    line = one_line_error(
        studiolo("imagine", "a rose", "--size", "64", "--config", "notes.yaml", cwd=studio), "model.not_found"
    )
    assert "cannot be read as a checkpoint" in line


def test_pointing_at_a_part_of_a_pipeline_names_its_parent(studio: Path) -> None:
    write_settings(studio / "part.yaml", "diffusers:models/tiny-sd/unet")
    line = one_line_error(
        studiolo("imagine", "a rose", "--size", "64", "--out", "part", "--config", "part.yaml", cwd=studio),
        "model.not_found",
    )
    assert f"its parent folder {studio / 'models' / 'tiny-sd'}" in line
    assert not (studio / "part").exists()


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_a_device_that_is_not_here_names_the_option_and_suggests_auto(studio: Path) -> None:
    write_settings(studio / "cuda.yaml", "diffusers:models/tiny-sd", device="cuda")
    line = one_line_error(
        studiolo("imagine", "a rose", "--size", "64", "--config", "cuda.yaml", cwd=studio), "model.device_unavailable"
    )
    assert line.startswith("studiolo: models.painter_options.device: 'cuda'")
    assert "use auto" in line and "or cpu" in line


def test_a_misspelt_option_is_answered_with_the_closest_before_torch_loads(studio: Path) -> None:
    settings = write_settings(studio / "typo.yaml", "diffusers:models/tiny-sd", step=3)
    probe = (
        "import sys\nfrom studiolo.cli import main\n"
        f"code = main(['imagine', 'a rose', '--config', {str(settings)!r}, '--out', 'typo'])\n"
        "print(code, 'torch' in sys.modules, 'diffusers' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=studio, env=env,
                            timeout=120)  # fmt: skip
    assert result.stdout.split() == ["1", "False", "False"], result.stderr
    assert result.stderr.strip() == (
        "studiolo: models.painter_options.step: there is no option 'step'; did you mean 'steps'? [settings.invalid]"
    )
    assert not (studio / "typo").exists()


@pytest.mark.parametrize(
    "variable, value, expected",
    [
        ("STUDIOLO_MODELS__PAINTER_OPTIONS", "steps=3", "STUDIOLO_MODELS__PAINTER_OPTIONS must be JSON (an object"),
        ("STUDIOLO_SERVER__TOKENS", "{abc: designer", "STUDIOLO_SERVER__TOKENS must be JSON (an object"),
        ("STUDIOLO_MODELS", "sketch", 'STUDIOLO_MODELS must be JSON (an object such as {"painter": ...})'),
    ],
)
def test_a_variable_that_is_not_json_is_one_line_naming_it(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    line = one_line_error(
        studiolo("imagine", "a rose", "--size", "64", cwd=tmp_path, env={variable: value}), "settings.invalid"
    )
    assert line.startswith(f"studiolo: {expected}") and repr(value) in line


def test_the_readme_commands_run_as_written(tmp_path: Path) -> None:
    """The README's settings file and commands, run in a folder holding the models they name: a tiny SD pipeline
    whose own size is set to SD 1.5's 512 px (so --size 1024 takes 9 tiles, as it would there) and a tiny BLIP."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Real models") :]
    settings = re.search(r"```yaml\n# (\S+)\n(.*?)```", section, re.S)
    commands = re.search(r"```sh\n(.*?)```", section, re.S)
    assert settings is not None and commands is not None
    (tmp_path / settings[1]).write_text(settings[2], encoding="utf-8")
    models = {m[1]: m[2] for m in re.finditer(r"(\w+): \w+:(models/\S+)", settings[2])}
    assert set(models) == {"painter", "describer"}
    pipeline = build_sd_pipeline(tmp_path / models["painter"])
    unet_config = pipeline / "unet" / "config.json"
    unet_config.write_text(json.dumps({**json.loads(unet_config.read_text()), "sample_size": 64}))
    save_tiny_blip(tmp_path / models["describer"])

    script = f'set -euo pipefail\nstudiolo() {{ {shlex.quote(sys.executable)} -m studiolo.cli "$@"; }}\n{commands[1]}'
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("STUDIOLO_CONFIG", None)
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env,
                            timeout=900)  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "kites/a-red-kite-over-the-sea-7.png"
    assert lines[1]  # the description
    assert open_image(tmp_path / lines[-1]).size == (1024, 1024)
    assert read_provenance(open_image(tmp_path / lines[-1]))["scene"]["steps"] == 4  # the variable's steps
    assert "upscaling to 1024 x 1024 in 9 feathered tiles of 512 px" in result.stderr
    shutil.rmtree(tmp_path / "kites")
