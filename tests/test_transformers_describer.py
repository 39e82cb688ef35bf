"""The transformers describer, with tiny random-weight captioners saved to disk and loaded by path via settings.

Random weights caption nonsense, so these tests check what a user relies on besides the words: text comes back
for the formats users upload, a seed fixes the words, the instruction reaches models that take one, cancel stops
generation within a token, and running out of memory is an error the process survives.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image
from tiny_vision import save_tiny_blip, save_tiny_llava, save_tiny_vision_encoder_decoder

from studiolo.errors import StudioloError
from studiolo.model.images import open_image
from studiolo.model.measure import MeasuringDescriber
from studiolo.model.protocols import CancelToken, Describer
from studiolo.model.registry import build_describer
from studiolo.model.transformers_describer import (
    ANSWER_IN_KOREAN,
    DEFAULT_INSTRUCTION,
    DEFAULT_INSTRUCTION_KO,
    TransformersDescriber,
)
from studiolo.settings import Settings

CORE_FACTS = {"caption", "model", "instruction", "size"}


def load(folder: Path, **options: Any) -> TransformersDescriber:
    """The describer exactly as a user's settings build it."""
    settings = Settings(
        models={"describer": f"transformers:{folder}", "describer_options": {"device": "cpu", **options}}
    )
    describer = build_describer(settings)
    assert isinstance(describer, TransformersDescriber)
    return describer


def encoded(image: Image.Image, format: str) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format=format)
    return open_image(buffer.getvalue())


@pytest.fixture(scope="module")
def blip_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_blip(tmp_path_factory.mktemp("blip"))


@pytest.fixture(scope="module")
def llava_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_llava(tmp_path_factory.mktemp("llava"))


@pytest.fixture(scope="module")
def blip(blip_folder: Path) -> TransformersDescriber:
    return load(blip_folder, max_new_tokens=12)


@pytest.fixture(scope="module")
def design() -> Image.Image:
    """A navy field with a red stripe, 80 x 48 px."""
    pixels = np.zeros((48, 80, 3), dtype=np.uint8)
    pixels[:] = (20, 30, 90)
    pixels[20:28] = (200, 30, 40)
    return Image.fromarray(pixels)


@pytest.mark.parametrize("format", ["PNG", "JPEG"])
def test_captions_uploaded_images_as_text(blip: TransformersDescriber, design: Image.Image, format: str) -> None:
    description = blip.describe(encoded(design, format))

    assert isinstance(blip, Describer)
    assert not description.cancelled
    assert description.backend == blip.backend_id == f"transformers:{blip.settings.model}"
    caption = description.facts["caption"]
    assert isinstance(caption, str) and caption
    assert description.text.lower().startswith(caption.lower())
    assert description.facts["model"] == blip.settings.model
    assert description.facts["instruction"] is None  # BLIP captions without one unless told
    assert description.facts["size"] == {"width": 80, "height": 48, "aspect_ratio": 1.667, "aspect": "landscape"}


def test_measured_colours_join_the_caption(blip: TransformersDescriber, design: Image.Image) -> None:
    description = blip.describe(design)

    assert [swatch["name"] for swatch in description.facts["palette"]] == ["navy", "red"]
    assert "navy and red" in description.text


def test_without_measuring_only_the_model_speaks(blip_folder: Path, design: Image.Image) -> None:
    description = load(blip_folder, max_new_tokens=6, measure=False).describe(design)

    assert set(description.facts) == CORE_FACTS
    caption = description.facts["caption"]
    assert description.text == caption[0].upper() + caption[1:] + "."


def test_transparent_and_grey_images_are_described(blip: TransformersDescriber, design: Image.Image) -> None:
    for image in (design.convert("RGBA"), design.convert("L"), design.convert("P")):
        assert blip.describe(encoded(image, "PNG")).facts["caption"]


def test_greedy_captions_ignore_the_seed(blip: TransformersDescriber, design: Image.Image) -> None:
    assert blip.describe(design, seed=1).facts["caption"] == blip.describe(design, seed=2).facts["caption"]


def test_sampled_captions_are_fixed_by_the_seed(blip_folder: Path, design: Image.Image) -> None:
    sampler = load(blip_folder, max_new_tokens=12, sample=True, measure=False)

    first = sampler.describe(design, seed=5).facts["caption"]
    other = sampler.describe(design, seed=6).facts["caption"]
    torch.rand(100)  # other work drawing from torch's generator in between must not matter
    again = sampler.describe(design, seed=5).facts["caption"]

    assert first == again
    assert first != other


def test_blip_takes_the_instruction_as_its_caption_prefix(blip_folder: Path, design: Image.Image) -> None:
    description = load(blip_folder, max_new_tokens=6, instruction="a fashion design of").describe(design)

    assert description.facts["instruction"] == "a fashion design of"
    assert description.facts["caption"].startswith("a fashion design of")


def test_vision_encoder_decoder_captioner(tmp_path: Path, design: Image.Image) -> None:
    folder = save_tiny_vision_encoder_decoder(tmp_path)
    description = load(folder, max_new_tokens=8).describe(encoded(design, "JPEG"))

    assert description.facts["caption"]
    assert description.facts["instruction"] is None


def test_vision_encoder_decoder_rejects_an_instruction(tmp_path: Path) -> None:
    folder = save_tiny_vision_encoder_decoder(tmp_path)

    with pytest.raises(StudioloError) as raised:
        load(folder, instruction="describe this")
    assert raised.value.code == "settings.invalid"


def prompts_seen(describer: TransformersDescriber, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the prompt text of every generate() call the describer makes."""
    seen: list[str] = []
    generate = describer.model.generate

    def recording(**inputs: Any) -> torch.Tensor:
        seen.append(describer.tokenizer.decode(inputs["input_ids"][0], skip_special_tokens=True))
        return generate(**inputs)

    monkeypatch.setattr(describer.model, "generate", recording)
    return seen


def test_chat_models_get_the_instruction_beside_the_image(
    llava_folder: Path, design: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    instruction = "describe this design for a fashion designer"
    describer = load(llava_folder, max_new_tokens=8, instruction=instruction)
    seen = prompts_seen(describer, monkeypatch)

    description = describer.describe(design)

    assert description.facts["instruction"] == instruction
    assert len(seen) == 1 and instruction in seen[0]
    # The answer alone is the caption: the prompt that chat models echo back is cut off.
    assert description.facts["caption"]
    assert instruction not in description.facts["caption"]
    assert "assistant" not in description.facts["caption"]


def test_chat_models_get_a_default_instruction(
    llava_folder: Path, design: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    describer = load(llava_folder, max_new_tokens=4, measure=False)
    seen = prompts_seen(describer, monkeypatch)

    description = describer.describe(design)

    assert description.facts["instruction"] == DEFAULT_INSTRUCTION
    # (BERT's tokenizer lower-cases and spaces out punctuation when it decodes)
    assert "describe this design for a fashion designer" in seen[0]
    assert "motifs, materials and mood" in seen[0]


def test_chat_models_are_asked_in_korean_for_a_korean_description(
    llava_folder: Path, design: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    describer = load(llava_folder, max_new_tokens=4)
    seen = prompts_seen(describer, monkeypatch)

    korean = describer.describe(design, lang="ko")
    english = describer.describe(design)

    assert korean.facts["instruction"] == DEFAULT_INSTRUCTION_KO
    assert DEFAULT_INSTRUCTION_KO in describer.prompts["ko"]
    # (the tiny test tokenizer has no Korean, so the Korean prompt reads as unknown tokens once decoded)
    assert "describe this design" not in seen[0] and "describe this design" in seen[1]
    assert "남색" in korean.text and "navy" in english.text
    assert korean.facts["palette"] == english.facts["palette"]


def test_a_configured_instruction_asks_for_korean(llava_folder: Path) -> None:
    instruction = "describe this design for a fashion designer"
    describer = load(llava_folder, max_new_tokens=4, instruction=instruction)

    description = describer.describe(Image.new("RGB", (32, 32)), lang="ko")
    assert description.facts["instruction"] == f"{instruction} {ANSWER_IN_KOREAN}"


def test_a_captioners_caption_stays_english_before_the_korean_measures(
    blip: TransformersDescriber, design: Image.Image
) -> None:
    description = blip.describe(design, lang="ko")

    caption = description.facts["caption"]
    assert caption == blip.describe(design).facts["caption"]  # a captioner cannot be asked for Korean
    assert description.facts["instruction"] is None
    measured = MeasuringDescriber().describe(design, lang="ko").text
    assert "가로형 이미지(80 x 48 px)로, 남색과 빨간색으로 이루어져 있습니다." in measured
    assert description.text == f"{caption[0].upper()}{caption[1:]}. {measured}"


def test_a_cancelled_token_stops_before_generating(
    blip: TransformersDescriber, design: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = prompts_seen(blip, monkeypatch)
    cancel = CancelToken()
    cancel.cancel()

    description = blip.describe(design, cancel=cancel)

    assert description.cancelled
    assert description.text == "" and description.facts == {}
    assert seen == []


def test_cancel_stops_generation_within_one_token(blip_folder: Path, design: Image.Image) -> None:
    describer = load(blip_folder, max_new_tokens=20, measure=False)
    steps = 0
    cancel: CancelToken | None = None

    def count_step(module: torch.nn.Module, args: Any) -> None:  # the text decoder runs once per new token
        nonlocal steps
        steps += 1
        if steps == 3 and cancel is not None:
            cancel.cancel()

    hook = describer.model.text_decoder.register_forward_pre_hook(count_step)
    try:
        uncancelled = describer.describe(design)
        steps_without_cancel = steps
        steps = 0
        cancel = CancelToken()
        description = describer.describe(design, cancel=cancel)
    finally:
        hook.remove()

    assert uncancelled.facts["caption"] and steps_without_cancel > 3
    assert description.cancelled
    assert steps == 3


def test_out_of_memory_is_an_error_the_describer_survives(
    blip: TransformersDescriber, design: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    def exhausted(**inputs: Any) -> torch.Tensor:
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")

    with monkeypatch.context() as patch:
        patch.setattr(blip.model, "generate", exhausted)
        with pytest.raises(StudioloError) as raised:
            blip.describe(design)
    assert raised.value.code == "model.out_of_memory"
    assert blip.describe(design).facts["caption"]


def test_an_empty_image_is_refused(blip: TransformersDescriber) -> None:
    with pytest.raises(StudioloError) as raised:
        blip.describe(Image.new("RGB", (0, 8)))
    assert raised.value.code == "image.empty"
