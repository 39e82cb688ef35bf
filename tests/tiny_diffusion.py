"""Tiny random-weight diffusion models, built from configs and saved the way a user's model folder looks.

Nothing can be downloaded here, so the tests (and bench/backends.py) build a Stable Diffusion 1.x-shaped pipeline
with a few thousand parameters, save it with `save_pretrained`, and hand studiolo the folder's path: the same
code path a user's `diffusers:/models/my-sd15` takes. The VAE has four blocks, so latents are 1/8 of the image
side as in real Stable Diffusion; a 64 x 64 image has 8 x 8 latents.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import torch
from diffusers import (
    AutoencoderKL,
    AutoencoderTiny,
    EulerDiscreteScheduler,
    StableDiffusionPipeline,
    UNet2DConditionModel,
)
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

TEXT_DIM = 16
VOCAB_SIZE = 1000
BOS, EOS = "<|startoftext|>", "<|endoftext|>"


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2/CLIP's byte -> printable character table: every byte gets a character the BPE can work on."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    chars = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            chars.append(256 + extra)
            extra += 1
    return dict(zip(printable, (chr(c) for c in chars)))


def write_tokenizer_files(folder: Path) -> None:
    """A CLIP BPE vocabulary: every byte alone and at a word's end, a few merges, and the special tokens."""
    symbols = list(bytes_to_unicode().values())
    merges = ["r o", "ro s", "ros e</w>", "s k", "sk y</w>"]
    tokens = symbols + [s + "</w>" for s in symbols] + ["ro", "ros", "rose</w>", "sk", "sky</w>"]
    vocab = {token: i for i, token in enumerate(tokens)}
    vocab[BOS] = len(vocab)
    vocab[EOS] = len(vocab)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (folder / "merges.txt").write_text("#version: 0.2\n" + "\n".join(merges) + "\n", encoding="utf-8")


def build_sd_pipeline(folder: Path) -> Path:
    """Save a tiny StableDiffusionPipeline (UNet, VAE, CLIP text encoder and tokenizer, Euler) into `folder`."""
    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        sample_size=8,
        in_channels=4,
        out_channels=4,
        block_out_channels=(8, 16),
        layers_per_block=1,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=TEXT_DIM,
        attention_head_dim=4,
        norm_num_groups=4,
    )
    vae = AutoencoderKL(
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        block_out_channels=(8, 8, 8, 8),
        layers_per_block=1,
        latent_channels=4,
        norm_num_groups=4,
        sample_size=64,
    )
    with tempfile.TemporaryDirectory() as vocabulary:
        write_tokenizer_files(Path(vocabulary))
        tokenizer = CLIPTokenizer.from_pretrained(vocabulary, model_max_length=77)
    text_encoder = CLIPTextModel(
        CLIPTextConfig(
            bos_token_id=tokenizer.convert_tokens_to_ids(BOS),
            eos_token_id=tokenizer.convert_tokens_to_ids(EOS),
            pad_token_id=tokenizer.convert_tokens_to_ids(EOS),
            vocab_size=VOCAB_SIZE,
            hidden_size=TEXT_DIM,
            intermediate_size=32,
            num_hidden_layers=2,
            num_attention_heads=2,
            max_position_embeddings=77,
            projection_dim=TEXT_DIM,
        )
    )
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", steps_offset=1
    )
    pipeline = StableDiffusionPipeline(
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        unet=unet,
        scheduler=scheduler,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    pipeline.save_pretrained(folder)
    return folder


def build_tiny_autoencoder(folder: Path) -> Path:
    """Save a tiny AutoencoderTiny (TAESD-shaped: 4 latent channels, 8x upsampling) into `folder`."""
    torch.manual_seed(1)
    AutoencoderTiny(
        encoder_block_out_channels=(8, 8, 8, 8),
        decoder_block_out_channels=(8, 8, 8, 8),
        num_encoder_blocks=(1, 1, 1, 1),
        num_decoder_blocks=(1, 1, 1, 1),
        latent_channels=4,
    ).save_pretrained(folder)
    return folder


def build_lora(pipeline_folder: Path, folder: Path) -> Path:
    """Save a random LoRA for the tiny pipeline's UNet attention (peft), as `pytorch_lora_weights.safetensors`."""
    from peft import LoraConfig
    from peft.utils import get_peft_model_state_dict

    torch.manual_seed(2)
    unet = UNet2DConditionModel.from_pretrained(pipeline_folder / "unet")
    # init_lora_weights=False: random A and B, so the LoRA visibly changes the output (the default B is zero)
    attention = ["to_q", "to_k", "to_v", "to_out.0"]
    unet.add_adapter(LoraConfig(r=4, lora_alpha=4, target_modules=attention, init_lora_weights=False))
    StableDiffusionPipeline.save_lora_weights(folder, unet_lora_layers=get_peft_model_state_dict(unet))
    return folder
