"""The transformers describer (backend `transformers:<hub-id-or-path>`): a real captioner or vision-language model.

Any model that transformers' `AutoModelForImageTextToText` loads works: BLIP, BLIP-2, GIT, Pix2Struct,
VisionEncoderDecoder captioners (ViT-GPT2 style), Florence-2 and small chat VLMs (SmolVLM, LLaVA, Qwen2-VL, ...).
transformers 5 folded the image-to-text auto class and pipeline into this one class, which is why it is the route.

How the instruction reaches the model depends on what the model takes:
- chat models (their processor has a chat template) get `instruction`, or DEFAULT_INSTRUCTION, in a user turn
  beside the image, and their answer is the caption;
- other models caption the image unconditionally, or, when `instruction` is set, get it verbatim as their text
  prompt: a BLIP prefix such as "a fashion design of", or a Florence-2 task token such as
  "<MORE_DETAILED_CAPTION>".

A captioner names things but not exact colours, so by default the measuring describer's facts (palette, light,
composition, texture, repetition, provenance) are merged in and its paragraph follows the caption; set
`measure: false` for the model's words alone.

Asked for Korean (`lang="ko"`), a chat model gets its instruction in Korean (DEFAULT_INSTRUCTION_KO, or the
configured instruction with a request to answer in Korean), and the measured paragraph is Korean. A caption-only
model cannot be asked anything, and the captioners transformers loads were trained on English captions, so its
caption stays English: the text is then an English caption followed by the Korean measured paragraph.

Image processors run on their PIL backend: the torchvision one is optional, absent here, and would give
slightly different pixels on different machines.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, cast

import torch
from PIL import Image
from transformers import (
    AutoConfig,
    AutoImageProcessor,
    AutoModelForImageTextToText,
    AutoProcessor,
    AutoTokenizer,
    BatchFeature,
    PreTrainedConfig,
    ProcessorMixin,
    StoppingCriteria,
    StoppingCriteriaList,
)
from transformers.models.auto.modeling_auto import MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES

from studiolo.errors import StudioloError
from studiolo.language import LANGUAGES, Language
from studiolo.model.measure import MeasuringDescriber
from studiolo.model.measure.describer import flatten_to_rgb
from studiolo.model.measure.layout import size_facts
from studiolo.model.options import TransformersDescriberSettings, device_unavailable
from studiolo.model.protocols import CancelToken, Description

DEFAULT_INSTRUCTION = "Describe this design for a fashion designer: its subject, colours, motifs, materials and mood."
DEFAULT_INSTRUCTION_KO = "패션 디자이너에게 이 디자인을 한국어로 설명해 주세요: 주제, 색, 모티프, 소재, 분위기."
ANSWER_IN_KOREAN = "한국어로 답해 주세요."

# generate() samples from torch's global random generator (it takes no Generator of its own), so a seeded
# generation must not overlap another one; tokenizers are not safe to share between threads mid-call either.
_GENERATE_LOCK = threading.Lock()


def resolve_device(name: str) -> torch.device:
    """'auto' picks CUDA, then Apple's MPS, then the CPU; any other name is taken as a torch device, which must
    be here (`model.device_unavailable` otherwise, rather than torch's assertion deep inside loading)."""
    if name != "auto":
        device = torch.device(name)
        available = {
            "cpu": True,
            "meta": True,
            "cuda": torch.cuda.is_available(),
            "mps": torch.backends.mps.is_available(),
        }
        if not available.get(device.type, True):
            raise device_unavailable(name)
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def load_config(name: str, local_files_only: bool) -> PreTrainedConfig:
    """A model's config. A folder without one holds no model (FileNotFoundError, which the registry reports as
    `model.not_found`); a config of a type transformers does not know is `model.unsupported`."""
    if Path(name).is_dir() and not (Path(name) / "config.json").is_file():
        raise FileNotFoundError(f"{name} has no config.json, so it holds no transformers model")
    try:
        return AutoConfig.from_pretrained(name, local_files_only=local_files_only)
    except ValueError as exc:  # an unknown model type, or one that needs remote code, which we never run
        raise StudioloError("model.unsupported", f"{name!r} cannot be loaded: {exc}") from None


class _StopWhenCancelled(StoppingCriteria):
    """Ends generation after the token being made when the caller cancels."""

    def __init__(self, cancel: CancelToken) -> None:
        self.cancel = cancel

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor, **kwargs: Any) -> torch.BoolTensor:
        stop = torch.full((input_ids.shape[0],), self.cancel.cancelled, dtype=torch.bool, device=input_ids.device)
        return cast(torch.BoolTensor, stop)  # a bool tensor; torch types its legacy subclass apart


class TransformersDescriber:
    """Captions images with a transformers image-to-text or image-text-to-text model, loaded once at construction.

    Build it through the registry (`describer: transformers:<hub-id-or-path>`), which turns a missing model or
    running out of memory while loading into one clear StudioloError.
    """

    def __init__(self, settings: TransformersDescriberSettings) -> None:
        self.settings = settings
        self.backend_id = f"transformers:{settings.model}"
        self.device = resolve_device(settings.device)

        name, local = settings.model, settings.local_files_only
        config = load_config(name, local)
        if config.model_type not in MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES:
            raise StudioloError(
                "model.unsupported",
                f"{name!r} is a {config.model_type!r} model; the transformers describer needs an "
                "image-to-text model such as BLIP, GIT, Florence-2, a VisionEncoderDecoder captioner or a chat VLM",
            )
        self.model = AutoModelForImageTextToText.from_pretrained(
            name, local_files_only=local, config=config, dtype=getattr(torch, settings.dtype)
        )
        # transformers' decorated .to() loses its binding for type checkers; at run time it is the model's own
        cast(torch.nn.Module, self.model).to(self.device).eval()

        processor = AutoProcessor.from_pretrained(name, local_files_only=local, backend="pil")
        if isinstance(processor, ProcessorMixin):
            self.processor: ProcessorMixin | None = processor
            self.tokenizer = processor.tokenizer
        else:
            # VisionEncoderDecoder checkpoints ship an image processor and a tokenizer but nothing joining them,
            # and AutoProcessor then returns the tokenizer alone.
            self.processor = None
            self.image_processor = AutoImageProcessor.from_pretrained(name, local_files_only=local, backend="pil")
            self.tokenizer = AutoTokenizer.from_pretrained(name, local_files_only=local)

        self.chat = self.processor is not None and bool(getattr(self.processor, "chat_template", None))
        # What the model is asked, and the text prompt that carries it, in each language a caller may ask for.
        self.instructions: dict[Language, str | None]
        self.prompts: dict[Language, str | None]
        if self.chat:
            asked = {lang: _chat_instruction(settings.instruction, lang) for lang in LANGUAGES}
            self.instructions = dict(asked)
            self.prompts = {lang: self._chat_prompt(instruction) for lang, instruction in asked.items()}
        else:
            # a captioner takes the instruction verbatim, as the start of its (English) caption, whatever `lang`
            self.instructions = self.prompts = dict.fromkeys(LANGUAGES, settings.instruction)
            if settings.instruction is not None and self.processor is None:
                raise StudioloError(
                    "settings.invalid",
                    f"{settings.model!r} captions without a text prompt; leave `instruction` unset",
                    field="instruction",
                )
        self.measurer = MeasuringDescriber() if settings.measure else None

    def _chat_prompt(self, instruction: str) -> str:
        assert self.processor is not None, "a chat model has its processor"
        # a message's content is a list of parts here; transformers types it as plain text
        turn: list[dict[str, Any]] = [
            {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": instruction}]}
        ]
        return self.processor.apply_chat_template(turn, add_generation_prompt=True)

    def describe(
        self, image: Image.Image, *, seed: int = 0, cancel: CancelToken | None = None, lang: Language = "en"
    ) -> Description:
        if cancel is not None and cancel.cancelled:
            return self._cancelled()
        if image.width == 0 or image.height == 0:
            raise StudioloError("image.empty", "the image has no pixels", field="image")

        measured = self.measurer.describe(image, cancel=cancel, lang=lang) if self.measurer is not None else None
        if measured is not None and measured.cancelled:
            return self._cancelled()

        with _GENERATE_LOCK:
            if cancel is not None and cancel.cancelled:
                return self._cancelled()
            output, inputs = self._generate(flatten_to_rgb(image), self.prompts[lang], seed, cancel)
        if cancel is not None and cancel.cancelled:
            return self._cancelled()

        if self.chat:  # chat models are decoder-only: generate() returns the prompt, then the answer
            output = output[:, inputs["input_ids"].shape[1] :]
        caption = self.tokenizer.decode(output[0], skip_special_tokens=True).strip()
        facts = {
            **(measured.facts if measured is not None else {}),
            "caption": caption,
            "model": self.settings.model,
            "instruction": self.instructions[lang],
            "size": size_facts(image.width, image.height),
        }
        sentences = (_as_sentence(caption), measured.text if measured is not None else "")
        return Description(text=" ".join(s for s in sentences if s), facts=facts, backend=self.backend_id)

    def _generate(
        self, image: Image.Image, prompt: str | None, seed: int, cancel: CancelToken | None
    ) -> tuple[torch.Tensor, BatchFeature]:
        if self.processor is not None:
            inputs = self.processor(images=[image], text=prompt, return_tensors="pt")
        else:
            inputs = self.image_processor(images=image, return_tensors="pt")
        inputs = inputs.to(self.device, dtype=self.model.dtype)  # casts only the floating tensors (pixels)

        options: dict[str, Any] = {"max_new_tokens": self.settings.max_new_tokens, "do_sample": self.settings.sample}
        if self.settings.sample:
            options |= {"temperature": self.settings.temperature, "top_p": self.settings.top_p}
            torch.manual_seed(seed)
        if cancel is not None:
            options["stopping_criteria"] = StoppingCriteriaList([_StopWhenCancelled(cancel)])
        try:
            with torch.inference_mode():
                return self.model.generate(**inputs, **options), inputs
        except (torch.OutOfMemoryError, MemoryError):
            if self.device.type == "cuda":
                torch.cuda.empty_cache()
            raise StudioloError(
                "model.out_of_memory",
                f"{self.settings.model!r} ran out of memory describing a {image.width} x {image.height} image; "
                "try dtype float16, a smaller model, or device cpu",
            ) from None

    def _cancelled(self) -> Description:
        return Description(text="", facts={}, backend=self.backend_id, cancelled=True)


def _chat_instruction(configured: str | None, lang: Language) -> str:
    """What a chat model is asked: the configured instruction or the default, in (or asking for) `lang`."""
    if configured is None:
        return DEFAULT_INSTRUCTION_KO if lang == "ko" else DEFAULT_INSTRUCTION
    return f"{configured} {ANSWER_IN_KOREAN}" if lang == "ko" else configured


def _as_sentence(caption: str) -> str:
    """'a red dress with roses' -> 'A red dress with roses.'"""
    if not caption:
        return ""
    sentence = caption[0].upper() + caption[1:]
    return sentence if sentence[-1] in ".!?" else sentence + "."
