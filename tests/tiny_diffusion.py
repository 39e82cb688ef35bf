"""Tiny random-weight diffusion models, built from configs and saved the way a user's model folder looks.

Nothing can be downloaded here, so the tests (and bench/backends.py) build a Stable Diffusion 1.x-shaped pipeline
with a few thousand parameters, save it with `save_pretrained`, and hand studiolo the folder's path: the same
code path a user's `diffusers:/models/my-sd15` takes. The VAE has four blocks, so latents are 1/8 of the image
side as in real Stable Diffusion; a 64 x 64 image has 8 x 8 latents.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

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


def save_single_file(pipeline_folder: Path, path: Path) -> Path:
    """Save the pipeline in `pipeline_folder` as one checkpoint file in the original (LDM / A1111) key layout, the
    way Civitai and A1111 share Stable Diffusion 1.x models: `model.diffusion_model.*`, `first_stage_model.*` and
    `cond_stage_model.transformer.*`. `.safetensors` or `.ckpt` (a pickled {"state_dict": ...}) by its suffix.

    diffusers ships only the other direction (single_file_utils), so this inverts it for this UNet's and VAE's
    shape, and checks the UNet's and VAE's names by converting back with diffusers' own converters.
    """
    import safetensors.torch
    from diffusers.loaders.single_file_utils import convert_ldm_unet_checkpoint, convert_ldm_vae_checkpoint

    unet = UNet2DConditionModel.from_pretrained(pipeline_folder / "unet")
    vae = AutoencoderKL.from_pretrained(pipeline_folder / "vae")
    text_encoder = CLIPTextModel.from_pretrained(pipeline_folder / "text_encoder")
    checkpoint = {"model.diffusion_model." + _ldm_unet_key(k, unet.config): v for k, v in unet.state_dict().items()}
    checkpoint |= {"first_stage_model." + _ldm_vae_key(k, vae.config): v for k, v in vae.state_dict().items()}
    # the original CLIP names: text_model.embeddings..., which transformers 5 saves without the text_model prefix
    checkpoint |= {
        "cond_stage_model.transformer.text_model." + k.removeprefix("text_model."): v
        for k, v in text_encoder.state_dict().items()
    }
    checkpoint = {key: value.contiguous() for key, value in checkpoint.items()}

    for converted, model in (
        (convert_ldm_unet_checkpoint(checkpoint, dict(unet.config)), unet),
        (convert_ldm_vae_checkpoint(checkpoint, dict(vae.config)), vae),
    ):
        assert sorted(converted) == sorted(model.state_dict()), set(converted) ^ set(model.state_dict())
    if path.suffix == ".ckpt":
        torch.save({"state_dict": checkpoint}, path)
    else:
        safetensors.torch.save_file(checkpoint, path)
    return path


def _ldm_unet_key(key: str, config: Any) -> str:
    from diffusers.loaders.single_file_utils import DIFFUSERS_TO_LDM_MAPPING

    top = DIFFUSERS_TO_LDM_MAPPING["unet"]["layers"]
    if key in top:
        return top[key]
    per_block = config.layers_per_block + 1
    resnet = (("norm1", "in_layers.0"), ("conv1", "in_layers.2"), ("norm2", "out_layers.0"),
              ("conv2", "out_layers.3"), ("time_emb_proj", "emb_layers.1"), ("conv_shortcut", "skip_connection"))  # fmt: skip

    def renamed(rest: str) -> str:
        head, _, tail = rest.partition(".")
        return dict(resnet).get(head, head) + "." + tail

    if match := re.fullmatch(r"down_blocks\.(\d+)\.resnets\.(\d+)\.(.+)", key):
        block, layer, rest = int(match[1]), int(match[2]), match[3]
        return f"input_blocks.{block * per_block + layer + 1}.0.{renamed(rest)}"
    if match := re.fullmatch(r"down_blocks\.(\d+)\.attentions\.(\d+)\.(.+)", key):
        return f"input_blocks.{int(match[1]) * per_block + int(match[2]) + 1}.1.{match[3]}"
    if match := re.fullmatch(r"down_blocks\.(\d+)\.downsamplers\.0\.conv\.(.+)", key):
        return f"input_blocks.{(int(match[1]) + 1) * per_block}.0.op.{match[2]}"
    if match := re.fullmatch(r"mid_block\.resnets\.(\d+)\.(.+)", key):
        return f"middle_block.{2 * int(match[1])}.{renamed(match[2])}"
    if match := re.fullmatch(r"mid_block\.attentions\.0\.(.+)", key):
        return f"middle_block.1.{match[1]}"
    if match := re.fullmatch(r"up_blocks\.(\d+)\.resnets\.(\d+)\.(.+)", key):
        return f"output_blocks.{int(match[1]) * per_block + int(match[2])}.0.{renamed(match[3])}"
    if match := re.fullmatch(r"up_blocks\.(\d+)\.attentions\.(\d+)\.(.+)", key):
        return f"output_blocks.{int(match[1]) * per_block + int(match[2])}.1.{match[3]}"
    if match := re.fullmatch(r"up_blocks\.(\d+)\.upsamplers\.0\.conv\.(.+)", key):
        block = int(match[1])
        has_attention = "CrossAttn" in config.up_block_types[block]
        return f"output_blocks.{block * per_block + per_block - 1}.{2 if has_attention else 1}.conv.{match[2]}"
    raise ValueError(f"no LDM name for the UNet's {key}")


def _ldm_vae_key(key: str, config: Any) -> str:
    from diffusers.loaders.single_file_utils import DIFFUSERS_TO_LDM_MAPPING

    top = DIFFUSERS_TO_LDM_MAPPING["vae"]
    if key in top:
        return top[key]
    attention = {"group_norm": "norm", "to_q": "q", "to_k": "k", "to_v": "v", "to_out.0": "proj_out"}
    key = key.replace("conv_shortcut", "nin_shortcut")
    if match := re.fullmatch(r"encoder\.down_blocks\.(\d+)\.resnets\.(.+)", key):
        return f"encoder.down.{match[1]}.block.{match[2]}"
    if match := re.fullmatch(r"encoder\.down_blocks\.(\d+)\.downsamplers\.0\.(.+)", key):
        return f"encoder.down.{match[1]}.downsample.{match[2]}"
    if match := re.fullmatch(r"decoder\.up_blocks\.(\d+)\.resnets\.(.+)", key):
        return f"decoder.up.{len(config.up_block_types) - 1 - int(match[1])}.block.{match[2]}"
    if match := re.fullmatch(r"decoder\.up_blocks\.(\d+)\.upsamplers\.0\.(.+)", key):
        return f"decoder.up.{len(config.up_block_types) - 1 - int(match[1])}.upsample.{match[2]}"
    if match := re.fullmatch(r"(encoder|decoder)\.mid_block\.resnets\.(\d)\.(.+)", key):
        return f"{match[1]}.mid.block_{int(match[2]) + 1}.{match[3]}"
    if match := re.fullmatch(r"(encoder|decoder)\.mid_block\.attentions\.0\.(.+)\.(weight|bias)", key):
        return f"{match[1]}.mid.attn_1.{attention[match[2]]}.{match[3]}"
    raise ValueError(f"no LDM name for the VAE's {key}")
