"""The settings object and the backend registry: every string form builds its backend, and every mistake a user
can make in the settings (or a model that is missing or too big) ends as one clear error with a stable code."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from typing import Any

import pytest
import torch
from huggingface_hub import constants as hub_constants
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from tiny_vision import save_tiny_blip, save_tiny_clip
from transformers import AutoModelForImageTextToText

from studiolo.errors import StudioloError
from studiolo.model import chat, embedder
from studiolo.model.chat import SmolLM2Chat
from studiolo.model.clip_scorer import ClipScorer
from studiolo.model.embedder import MiniLMEmbedder, find_minilm_folder
from studiolo.model.measure import MeasuringDescriber
from studiolo.model.registry import (
    Backends,
    build_chat_model,
    build_describer,
    build_embedder,
    build_painter,
    build_scorer,
)
from studiolo.model.sketch import SketchPainter
from studiolo.model.transformers_describer import TransformersDescriber
from studiolo.settings import Settings

FAKE_CHAT = "langchain:langchain_core.language_models.fake_chat_models:FakeListChatModel"
UNCACHED_HUB_ID = "studiolo-tests/no-such-captioner"


def settings(**models: Any) -> Settings:
    return Settings.load(models=models)


def error_from(build: Any, *args: Any, **kwargs: Any) -> StudioloError:
    with pytest.raises(StudioloError) as raised:
        build(*args, **kwargs)
    return raised.value


@pytest.fixture(scope="module")
def blip_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_blip(tmp_path_factory.mktemp("blip"))


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No STUDIOLO_* variable from the shell may leak into these tests."""
    import os

    for name in list(os.environ):
        if name.startswith("STUDIOLO_"):
            monkeypatch.delenv(name)


# Each string form builds the right backend.


def test_the_defaults_build_the_embedded_backends_without_loading_weights() -> None:
    defaults = Settings.load()
    minilm_loads = embedder.load_minilm.cache_info().misses
    smollm2_loads = chat.load_smollm2.cache_info().misses

    assert isinstance(build_painter(defaults), SketchPainter)
    assert isinstance(build_describer(defaults), MeasuringDescriber)
    assert isinstance(build_embedder(defaults), MiniLMEmbedder)
    assert isinstance(build_chat_model(defaults), SmolLM2Chat)
    assert build_scorer(defaults) is None
    assert embedder.load_minilm.cache_info().misses == minilm_loads
    assert chat.load_smollm2.cache_info().misses == smollm2_loads


def test_smollm2_takes_its_options() -> None:
    model = build_chat_model(settings(chat="smollm2", chat_options={"max_tokens": 16, "temperature": 0}))

    assert isinstance(model, SmolLM2Chat)
    assert (model.max_tokens, model.temperature) == (16, 0)


def test_a_langchain_class_becomes_the_chat_model() -> None:
    model = build_chat_model(settings(chat=FAKE_CHAT, chat_options={"responses": ["Bonjour!"]}))

    assert isinstance(model, FakeListChatModel)
    assert model.invoke("hello").content == "Bonjour!"


def test_a_transformers_path_builds_the_transformers_describer(blip_folder: Path) -> None:
    describer = build_describer(
        settings(describer=f"transformers:{blip_folder}", describer_options={"device": "cpu", "max_new_tokens": 3})
    )

    assert isinstance(describer, TransformersDescriber)
    assert describer.settings.max_new_tokens == 3
    assert describer.backend_id == f"transformers:{blip_folder}"


def test_a_clip_path_builds_the_scorer(tmp_path: Path) -> None:
    scorer = build_scorer(settings(scorer=f"clip:{save_tiny_clip(tmp_path)}", scorer_options={"device": "cpu"}))

    assert isinstance(scorer, ClipScorer)


def test_a_hub_id_in_the_cache_loads_offline(
    blip_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The layout `hf download` leaves: blobs behind a snapshot folder named by commit, and refs/main naming it.
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "models--studiolo-tests--tiny-blip"
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    for file in blip_folder.iterdir():
        (snapshot / file.name).write_bytes(file.read_bytes())
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    monkeypatch.setattr(hub_constants, "HF_HUB_CACHE", str(tmp_path))

    describer = build_describer(
        settings(describer="transformers:studiolo-tests/tiny-blip", describer_options={"device": "cpu"})
    )

    assert isinstance(describer, TransformersDescriber)
    assert describer.settings.model == str(snapshot)  # loaded from the cache's own folder, never via the hub


needs_diffusers_painter = pytest.mark.skipif(
    importlib.util.find_spec("studiolo.model.diffusers") is None or importlib.util.find_spec("tiny_diffusion") is None,
    reason="the diffusers painter is not in this tree",
)


@needs_diffusers_painter
def test_a_diffusers_path_builds_the_diffusers_painter(tmp_path: Path) -> None:
    from tiny_diffusion import build_sd_pipeline

    from studiolo.model.diffusers import DiffusersPainter

    painter = build_painter(
        settings(painter=f"diffusers:{build_sd_pipeline(tmp_path)}", painter_options={"device": "cpu", "steps": 2})
    )

    assert isinstance(painter, DiffusersPainter)
    assert painter.settings.steps == 2
    assert painter.settings.local_files_only  # downloads are off by default


@needs_diffusers_painter
def test_a_diffusers_folder_that_holds_no_pipeline_is_not_found(tmp_path: Path) -> None:
    error = error_from(build_painter, settings(painter=f"diffusers:{tmp_path}", painter_options={"device": "cpu"}))

    assert error.code == "model.not_found"
    assert str(tmp_path) in error.message


# Unknown names and invalid settings.


@pytest.mark.parametrize(
    ("slot", "value", "choices"),
    [
        ("painter", "dalle", "sketch, diffusers:<hub-id-or-path>"),
        ("painter", "diffusers:", "sketch, diffusers:<hub-id-or-path>"),
        ("describer", "blip", "measure, transformers:<hub-id-or-path>"),
        ("embedder", "openai", "minilm"),
        ("chat", "gpt-4", "smollm2, langchain:<module:Class>"),
        ("scorer", "siglip:google/siglip", "clip:<hub-id-or-path>"),
    ],
)
def test_unknown_backends_are_named_with_the_choices(slot: str, value: str, choices: str) -> None:
    error = error_from(settings, **{slot: value})

    assert error.code == "backend.unknown"
    assert error.field == f"models.{slot}"
    assert value in error.message and choices in error.message


@pytest.mark.parametrize(
    ("models", "field"),
    [
        ({"download": "maybe"}, "models.download"),
        ({"paintr": "sketch"}, "models.paintr"),
        ({"painter_options": "fast"}, "models.painter_options"),
        ({"chat": "langchain:FakeListChatModel"}, "models.chat"),
    ],
)
def test_invalid_settings_name_the_field(models: dict[str, Any], field: str) -> None:
    error = error_from(settings, **models)

    assert error.code == "settings.invalid"
    assert error.field == field


@pytest.mark.parametrize(
    ("build", "models", "field"),
    [
        (
            build_painter,
            {"painter_options": {"steps": 4}},
            "models.painter_options.steps",
        ),  # the sketch painter has none such
        (build_describer, {"describer_options": {"instruction": "hi"}}, "models.describer_options"),
        (build_chat_model, {"chat_options": {"max_tokens": 0}}, "models.chat_options.max_tokens"),
        (build_chat_model, {"chat_options": {"temprature": 0.2}}, "models.chat_options.temprature"),
        (build_chat_model, {"chat": FAKE_CHAT, "chat_options": {"responses": "hi"}}, "models.chat_options.responses"),
    ],
)
def test_invalid_backend_options_name_the_option(build: Any, models: dict[str, Any], field: str) -> None:
    error = error_from(build, settings(**models))

    assert error.code == "settings.invalid"
    assert error.field == field


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"max_new_tokens": 0}, "models.describer_options.max_new_tokens"),
        ({"device": "quantum"}, "models.describer_options.device"),
        ({"dtype": "int4"}, "models.describer_options.dtype"),
        ({"beams": 4}, "models.describer_options.beams"),
    ],
)
def test_invalid_describer_options_fail_before_loading(blip_folder: Path, options: dict[str, Any], field: str) -> None:
    error = error_from(build_describer, settings(describer=f"transformers:{blip_folder}", describer_options=options))

    assert error.code == "settings.invalid"
    assert error.field == field


# Chat classes that cannot be used.


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("langchain:no_such_package.chat:ChatModel", "backend.not_found"),
        ("langchain:langchain_core.language_models.fake_chat_models:NoSuchModel", "backend.not_found"),
        ("langchain:langchain_core.messages:HumanMessage", "backend.invalid"),
        ("langchain:langchain_core.language_models.fake:FakeListLLM", "backend.invalid"),  # a text LLM, not chat
        ("langchain:pathlib:Path", "backend.invalid"),
    ],
)
def test_a_chat_class_that_is_missing_or_not_a_chat_model_is_refused(target: str, code: str) -> None:
    error = error_from(build_chat_model, settings(chat=target))

    assert error.code == code
    assert error.field == "models.chat"


# Models that cannot be found, loaded or fitted.


@pytest.mark.parametrize(
    ("build", "slot", "value"),
    [
        (build_describer, "describer", "transformers:/nonexistent/models/blip"),
        (build_painter, "painter", "diffusers:/nonexistent/models/sd15"),
        (build_scorer, "scorer", "clip:./no/such/clip/folder"),
    ],
)
def test_a_path_that_does_not_exist_is_not_found(build: Any, slot: str, value: str) -> None:
    error = error_from(build, settings(**{slot: value}))

    assert error.code == "model.not_found"
    assert error.field == f"models.{slot}"
    assert value.partition(":")[2].lstrip("./") in error.message


@pytest.mark.parametrize(
    ("build", "slot", "value"),
    [
        (build_describer, "describer", f"transformers:{UNCACHED_HUB_ID}"),
        (build_painter, "painter", "diffusers:studiolo-tests/no-such-pipeline"),
        (build_scorer, "scorer", "clip:studiolo-tests/no-such-clip"),
    ],
)
def test_a_hub_id_missing_from_the_cache_fails_fast_with_how_to_provide_it(build: Any, slot: str, value: str) -> None:
    started = time.perf_counter()
    error = error_from(build, settings(**{slot: value}))

    assert time.perf_counter() - started < 2.0  # no network attempt, no retries
    assert error.code == "model.not_found"
    assert error.field == f"models.{slot}"
    reference = value.partition(":")[2]
    assert f"hf download {reference}" in error.message
    assert "HF_HUB_OFFLINE=1" in error.message


def test_hf_hub_offline_wins_over_allowing_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)

    started = time.perf_counter()
    error = error_from(build_describer, settings(describer=f"transformers:{UNCACHED_HUB_ID}", download=True))

    assert time.perf_counter() - started < 2.0
    assert error.code == "model.not_found"


def test_a_folder_without_a_model_is_not_found(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("weights go here")

    error = error_from(build_describer, settings(describer=f"transformers:{tmp_path}"))

    assert error.code == "model.not_found"
    assert str(tmp_path) in error.message


def test_a_model_that_cannot_caption_is_unsupported() -> None:
    error = error_from(build_describer, settings(describer=f"transformers:{find_minilm_folder()}"))

    assert error.code == "model.unsupported"
    assert error.field == "models.describer"
    assert "'bert'" in error.message


def test_running_out_of_memory_while_loading_is_an_error_the_process_survives(
    blip_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wanted = settings(describer=f"transformers:{blip_folder}", describer_options={"device": "cpu"})

    def exhausted(*args: Any, **kwargs: Any) -> Any:
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 14.00 GiB")

    with monkeypatch.context() as patch:
        patch.setattr(AutoModelForImageTextToText, "from_pretrained", exhausted)
        error = error_from(build_describer, wanted)
    assert error.code == "model.out_of_memory"
    assert str(blip_folder) in error.message
    assert isinstance(build_describer(wanted), TransformersDescriber)


# Where settings come from.


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIOLO_MODELS__CHAT", FAKE_CHAT)
    monkeypatch.setenv("STUDIOLO_MODELS__CHAT_OPTIONS", '{"responses": ["from the environment"]}')
    monkeypatch.setenv("STUDIOLO_MODELS__DOWNLOAD", "true")

    loaded = Settings.load()

    assert loaded.models.download is True
    assert build_chat_model(loaded).invoke("hi").content == "from the environment"


def test_settings_come_from_a_yaml_file(blip_folder: Path, tmp_path: Path) -> None:
    file = tmp_path / "studiolo.yaml"
    file.write_text(
        f"models:\n"
        f"  describer: transformers:{blip_folder}\n"
        f"  describer_options: {{max_new_tokens: 5, device: cpu, measure: false}}\n"
        f"  chat: {FAKE_CHAT}\n"
        f"  chat_options:\n"
        f"    responses: [from the file]\n"
    )

    loaded = Settings.load(file)
    describer = build_describer(loaded)

    assert isinstance(describer, TransformersDescriber)
    assert (describer.settings.max_new_tokens, describer.settings.measure) == (5, False)
    assert build_chat_model(loaded).invoke("hi").content == "from the file"


def test_flags_beat_the_environment_which_beats_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "studiolo.yaml"
    file.write_text("models:\n  painter: diffusers:org/from-file\n  describer: transformers:org/from-file\n")
    monkeypatch.setenv("STUDIOLO_MODELS__DESCRIBER", "transformers:org/from-env")
    monkeypatch.setenv("STUDIOLO_MODELS__PAINTER", "diffusers:org/from-env")

    loaded = Settings.load(file, models={"painter": "sketch"})

    assert loaded.models.painter == "sketch"
    assert loaded.models.describer == "transformers:org/from-env"


@pytest.mark.parametrize(
    ("text", "code", "detail"),
    [
        ("models:\n  painter: [sketch\n", "settings.invalid", "line 3"),
        ("- painter\n- sketch\n", "settings.invalid", "mapping"),
        ("models:\n  describer: dall-e\n", "backend.unknown", "dall-e"),
    ],
)
def test_a_bad_settings_file_is_explained(tmp_path: Path, text: str, code: str, detail: str) -> None:
    file = tmp_path / "studiolo.yaml"
    file.write_text(text)

    error = error_from(Settings.load, file)

    assert error.code == code
    assert detail in error.message


def test_a_missing_settings_file_is_not_found(tmp_path: Path) -> None:
    error = error_from(Settings.load, tmp_path / "nowhere.yaml")

    assert error.code == "settings.not_found"


# The per-process holder.


def test_backends_are_built_on_first_use_and_then_shared() -> None:
    backends = Backends(settings(chat=FAKE_CHAT, chat_options={"responses": ["once"]}))

    assert backends._built == {}
    chat_model = backends.chat_model
    assert backends.chat_model is chat_model
    assert list(backends._built) == ["chat"]
    assert backends.scorer is None


def test_a_failed_build_is_tried_again(blip_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backends = Backends(settings(describer=f"transformers:{blip_folder}", describer_options={"device": "cpu"}))

    def exhausted(*args: Any, **kwargs: Any) -> Any:
        raise torch.OutOfMemoryError("CUDA out of memory")

    with monkeypatch.context() as patch:
        patch.setattr(AutoModelForImageTextToText, "from_pretrained", exhausted)
        with pytest.raises(StudioloError):
            _ = backends.describer
    assert isinstance(backends.describer, TransformersDescriber)


# Issue 19: the settings file as an ML engineer writes it.


def test_model_paths_in_a_file_are_relative_to_the_file(blip_folder: Path, tmp_path: Path) -> None:
    file = blip_folder.parent / "studio.yaml"
    file.write_text(
        f"models:\n"
        f"  describer: transformers:{blip_folder.name}\n"
        f"  painter: diffusers:org/not-a-folder-here\n"
        f"  painter_options: {{lora_paths: [./loras/a.safetensors], preview_decoder: projection, config: ../sd}}\n"
    )

    loaded = Settings.load(file)

    assert loaded.models.describer == f"transformers:{blip_folder}"
    assert loaded.models.painter == "diffusers:org/not-a-folder-here"  # no such path beside the file: a hub id
    options = loaded.models.painter_options
    assert options["lora_paths"] == [str(blip_folder.parent / "loras" / "a.safetensors")]
    assert options["preview_decoder"] == "projection"
    assert options["config"] == str((blip_folder.parent / ".." / "sd").resolve())


def test_studiolo_config_names_the_file_when_none_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.yaml").write_text("agent:\n  expand: false\n")
    (tmp_path / "b.yaml").write_text("agent:\n  self_check_tries: 1\n")
    monkeypatch.setenv("STUDIOLO_CONFIG", str(tmp_path / "a.yaml"))

    assert Settings.load().agent.expand is False
    given = Settings.load(tmp_path / "b.yaml")  # a file named by the caller wins over the variable
    assert (given.agent.expand, given.agent.self_check_tries) == (True, 1)


@pytest.mark.parametrize(
    ("text", "field", "suggestion"),
    [
        ("modles:\n  painter: sketch\n", "modles", "did you mean 'models'?"),
        ("server:\n  prot: 80\n", "server.prot", "did you mean 'port'?"),
        ("models:\n  describer_option: {}\n", "models.describer_option", "did you mean 'describer_options'?"),
        ("agent:\n  zzz: 1\n", "agent.zzz", "the settings here are expand, self_check_tries"),
    ],
)
def test_a_misspelt_setting_is_answered_with_the_closest_name(
    tmp_path: Path, text: str, field: str, suggestion: str
) -> None:
    file = tmp_path / "studiolo.yaml"
    file.write_text(text)

    error = error_from(Settings.load, file)

    assert (error.code, error.field) == ("settings.invalid", field)
    assert error.message == f"{field}: there is no setting {field.rsplit('.', 1)[-1]!r}; {suggestion}"


def test_backends_check_every_slots_options_before_any_model_loads(blip_folder: Path) -> None:
    loaded = settings(describer=f"transformers:{blip_folder}", describer_options={"max_new_token": 5})

    error = error_from(Backends, loaded)

    assert error.field == "models.describer_options.max_new_token"
    assert "did you mean 'max_new_tokens'?" in error.message


def test_a_variable_that_should_be_json_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIOLO_MODELS__DESCRIBER_OPTIONS", "device=cpu")

    error = error_from(Settings.load)

    assert (error.code, error.field) == ("settings.invalid", "STUDIOLO_MODELS__DESCRIBER_OPTIONS")
    assert error.message == (
        "STUDIOLO_MODELS__DESCRIBER_OPTIONS must be JSON (an object such as {\"name\": value}), not 'device=cpu'"
    )


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_a_describer_on_a_device_that_is_not_here_names_the_option(blip_folder: Path) -> None:
    error = error_from(
        build_describer, settings(describer=f"transformers:{blip_folder}", describer_options={"device": "cuda"})
    )

    assert (error.code, error.field) == ("model.device_unavailable", "models.describer_options.device")
    assert error.message.startswith("models.describer_options.device: 'cuda' was asked for")
    assert "use auto" in error.message and "or cpu" in error.message
