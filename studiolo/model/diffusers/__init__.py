"""The diffusers painter backend (`diffusers:<hub-id-or-path>`), its batching executor, tiled upscaling and
seamless tiles.

Names are imported on first use (PEP 562), so `from studiolo.model.diffusers import upscale` with the
embedded painter does not pay for importing torch and diffusers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers; at run time __getattr__ imports each name on first use
    from studiolo.model.diffusers.executor import BatchingExecutor, BatchingPainter
    from studiolo.model.diffusers.painter import DiffusersPainter, DiffusersSettings, PaintJob
    from studiolo.model.diffusers.seamless import circular_padding, fix_seams
    from studiolo.model.diffusers.upscaling import UpscalePlan, plan_upscale, tile_layout, upscale

_EXPORTS = {
    "BatchingExecutor": "executor",
    "BatchingPainter": "executor",
    "DiffusersPainter": "painter",
    "DiffusersSettings": "painter",
    "PaintJob": "painter",
    "UpscalePlan": "upscaling",
    "circular_padding": "seamless",
    "fix_seams": "seamless",
    "plan_upscale": "upscaling",
    "tile_layout": "upscaling",
    "upscale": "upscaling",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
