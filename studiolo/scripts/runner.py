"""Running a script: each step's references resolved, performed by a driver, its events recorded and checked.

    record = await run_script(loaded, driver, display, mode="in process")

Nothing a step does stops the run: a refusal or a missed expectation is a failed verdict, and the run goes on so
the report shows the whole show. What makes a step impossible (a reference to a draft that does not exist yet, an
upload that is missing, a server that went away) stops it, with one line naming the step, its line and the code;
the record keeps everything up to there, so the report and `--json` are written all the same.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from studiolo.errors import StudioloError
from studiolo.scripts.display import Display
from studiolo.scripts.driver import Action, Driver
from studiolo.scripts.expect import check
from studiolo.scripts.model import (
    BranchStep,
    CueStep,
    FeedbackStep,
    LoadedScript,
    SayStep,
    SelectStep,
    SpeakStep,
    Step,
    UploadStep,
)  # fmt: skip
from studiolo.scripts.record import RunRecord, StepRecord
from studiolo.scripts.refs import resolve

MAX_UPLOAD_BYTES = 20 * 2**20  # as the server's default max_upload_bytes


async def run_script(
    loaded: LoadedScript, driver: Driver, display: Display, *, mode: str, record: RunRecord | None = None
) -> RunRecord:
    """Run every step; `record` (new if None) holds what happened, also when the run is interrupted."""
    script = loaded.script
    record = record or RunRecord(title=script.title, persona=script.persona, script=loaded.name, mode=mode)
    clock = time.monotonic()
    display.begin(record, len(script.steps))
    try:
        async for event in driver.start():
            record.observe(event, None)
            display.event(event, record)
        record.session = driver.session_id
        record.known(driver.state)
        display.session(record)
        for index, step in enumerate(script.steps):
            where = loaded.where(index)
            done = StepRecord(index=index, line=loaded.lines[index], action=step.action, words=_words(step),
                              where=where, started=time.monotonic() - clock)  # fmt: skip
            record.steps.append(done)
            display.step(done, len(script.steps))
            try:
                action, parent = _prepare(step, record, loaded, where)
            except StudioloError as error:
                done.problem = f"{error.message} [{error.code}]"
                record.stopped = done.problem
                break
            began = time.monotonic()
            async for event in driver.perform(action):
                record.observe(event, done)
                display.event(event, record)
            done.seconds = time.monotonic() - began
            done.verdicts = check(step.expect, done, record, parent)
            display.verdicts(done)
        else:
            record.finished = True
    except StudioloError as error:
        record.stopped = f"{_where(record, loaded)}: {error.message} [{error.code}]"
    except asyncio.CancelledError:  # Ctrl-C: what happened so far still makes a report
        record.stopped = f"{_where(record, loaded)}: interrupted [run.interrupted]"
        raise
    finally:
        await driver.close()
    display.end(record)
    return record


def _where(record: RunRecord, loaded: LoadedScript) -> str:
    return record.steps[-1].where if record.steps else f"{loaded.name} (before the first step)"


def _prepare(step: Step, record: RunRecord, loaded: LoadedScript, where: str) -> tuple[Action, str | None]:
    """The step as an Action for a driver (its references resolved now, its upload read), and its expected parent."""
    refused = step.expect is not None and step.expect.error is not None

    def ref(value: str) -> str:
        # a step that must be refused may name a draft id the session does not have: that is the point of it
        if refused and len(value) == 32 and value not in record.drafts:
            return value
        return resolve(value, record, where)

    parent = resolve(step.expect.parent, record, where) if step.expect is not None and step.expect.parent else None
    if isinstance(step, SayStep):
        return Action("say", text=step.say), parent
    if isinstance(step, FeedbackStep):
        body = step.feedback
        return Action("feedback", draft_id=ref(body.draft), rating=body.rating, pick=body.pick, text=body.text), parent
    if isinstance(step, SelectStep):
        return Action("select", draft_id=ref(step.select)), parent
    if isinstance(step, BranchStep):
        return Action("branch", draft_id=ref(step.branch)), parent
    if isinstance(step, SpeakStep):
        return Action("speak", text=step.speak), parent
    if isinstance(step, UploadStep):
        path = upload_path(loaded, step.upload, where)
        return Action("upload", image=path.read_bytes(), name=path.name), parent
    if isinstance(step, CueStep):
        return Action("cue", text=step.cue), parent
    return Action(step.action), parent  # type: ignore[arg-type]  # undo, redo, reset


def upload_path(loaded: LoadedScript, name: str, where: str) -> Path:
    """An upload's file: inside the script's folder (a script shared with others reads nothing else), present."""
    folder = loaded.folder.resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        raise StudioloError(
            "script.upload_outside", f"{where}: {name} is outside the script's folder {folder}", field="upload"
        )
    if not path.is_file():
        raise StudioloError(
            "script.upload_missing", f"{where}: there is no file {name} beside the script", field="upload"
        )
    if path.stat().st_size > MAX_UPLOAD_BYTES:
        raise StudioloError(
            "script.upload_too_large", f"{where}: {name} is over {MAX_UPLOAD_BYTES:,} bytes", field="upload"
        )
    return path


def _words(step: Step) -> str:
    if isinstance(step, FeedbackStep):
        body = step.feedback
        parts = (
            [body.draft]
            + (["pick"] if body.pick else [])
            + ([f"rating {body.rating}"] if body.rating is not None else [])
        )
        return " ".join(parts) + (f": {body.text}" if body.text else "")
    value = getattr(step, step.action)
    return "" if value is True else str(value)
