"""Session-wide fixtures shared by several test files."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tiny_diffusion_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Folders of a tiny Stable Diffusion pipeline and an AutoencoderTiny, built once (tiny_diffusion.py)."""
    from tiny_diffusion import build_sd_pipeline, build_tiny_autoencoder

    root = tmp_path_factory.mktemp("tiny-diffusion")
    return {"pipeline": build_sd_pipeline(root / "sd"), "taesd": build_tiny_autoencoder(root / "taesd")}


@pytest.fixture(scope="session")
def agent_parts():  # type: ignore[no-untyped-def]
    """The models an agent needs, loaded once per test run (the router embeds its examples: seconds)."""
    from studiolo.agent.router import SemanticRouter
    from studiolo.model.registry import Backends
    from studiolo.settings import Settings

    backends = Backends(Settings.load())
    return backends, SemanticRouter(backends.embedder)
