"""A pytest plugin (entry point `pytest11`: studiolo): every `*.studiolo.yaml` file is a test item.

    pytest examples/scripts            # each script runs in process with its models; a failure prints the step

Persona authors keep the artist's behaviour under test as scripts. The models are loaded once per test run and
shared by every script that names the same `models:`; this module imports nothing heavy until a script runs.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

SUFFIX = ".studiolo.yaml"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(SUFFIX):
        return ScriptFile.from_parent(parent, path=file_path)
    return None


class ScriptFile(pytest.File):
    def collect(self) -> Any:
        yield ScriptItem.from_parent(self, name=self.path.name.removesuffix(SUFFIX))


class ScriptFailed(Exception):
    pass


class ScriptItem(pytest.Item):
    def runtest(self) -> None:
        from studiolo.scripts.display import Quiet
        from studiolo.scripts.inprocess import in_process_driver
        from studiolo.scripts.model import load_script
        from studiolo.scripts.runner import run_script

        loaded = load_script(self.path)
        driver = in_process_driver(loaded, models=_models(self.config, loaded.script.models))
        record = asyncio.run(run_script(loaded, driver, Quiet(), mode="in process"))
        self.user_properties.append(("digest", record.digest))
        if not record.held:
            raise ScriptFailed("\n".join(record.failures))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        from studiolo.errors import StudioloError

        if isinstance(excinfo.value, ScriptFailed | StudioloError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"script {self.name}"


_MODELS = pytest.StashKey[dict[str, Any]]()


def _models(config: pytest.Config, models: dict[str, Any]) -> Any:
    """The script's models, loaded once per test run for every script that names the same ones."""
    from studiolo.scripts.inprocess import Models
    from studiolo.settings import Settings

    loaded = config.stash.setdefault(_MODELS, {})
    key = json.dumps(models, sort_keys=True)
    if key not in loaded:
        loaded[key] = Models.load(Settings.load(models=models))
    return loaded[key]
