"""Scripted collaboration sessions: scripts load with line-numbered errors, run in process deterministically, drive
a real server (cues, a dropped connection), export a live session back to a script, and write their report."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from live_server import DESIGNER, OBSERVER, OPERATOR, TOKENS
from PIL import Image

from studiolo.client import Client
from studiolo.drafts import draft_id
from studiolo.errors import StudioloError
from studiolo.events import ReplyDone
from studiolo.persona.spec import Persona
from studiolo.scripts.display import Quiet
from studiolo.scripts.export import export_session
from studiolo.scripts.inprocess import Models, in_process_driver
from studiolo.scripts.model import load_script, parse_script
from studiolo.scripts.outputs import write_outputs
from studiolo.scripts.record import RunRecord
from studiolo.scripts.remote import RemoteDriver
from studiolo.scripts.runner import run_script
from studiolo.server.app import StudioServer
from studiolo.settings import Settings

EXAMPLES = Path(__file__).parent.parent / "examples" / "scripts"
pytest_plugins = ("pytester",)


@pytest.fixture(scope="module")
def models(agent_parts) -> Models:  # type: ignore[no-untyped-def]
    backends, router = agent_parts
    return Models(settings=backends.settings, backends=backends, router=router)


def write(folder: Path, text: str, name: str = "show.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


async def run_here(path: Path, models: Models, seed: int | None = None) -> RunRecord:
    loaded = load_script(path)
    return await run_script(loaded, in_process_driver(loaded, models=models, seed=seed), Quiet(), mode="in process")


@asynccontextmanager
async def script_server(data: Path, models: Models) -> AsyncIterator[StudioServer]:
    """A real server whose agent is built as a script's in-process agent is (the scheduler as its gate)."""

    def agent(persona: Persona, studio: StudioServer):  # type: ignore[no-untyped-def]
        return models.agent(persona, gate=studio.scheduler)

    settings = Settings.load(server={"port": 0, "data": data, "tokens": TOKENS})
    studio = StudioServer(settings, backends=models.backends, agent_factory=agent)
    await studio.start()
    try:
        yield studio
    finally:
        await studio.stop()


def url(studio: StudioServer) -> str:
    return f"ws://127.0.0.1:{studio.port}/ws"


# the script and its errors


def test_the_issue_script_loads_with_each_steps_line() -> None:
    loaded = load_script(EXAMPLES / "venus.studiolo.yaml")
    actions = [step.action for step in loaded.script.steps]
    assert actions == ["say", "feedback", "say", "upload", "say", "undo", "branch", "speak", "cue"]
    assert loaded.lines == [6, 8, 9, 11, 12, 14, 15, 16, 17]
    assert loaded.where(2) == "venus.studiolo.yaml line 9, step 3 (say)"


@pytest.mark.parametrize(
    ("text", "code", "line", "words"),
    [
        ("title: x\nsteps:\n  - say: [unclosed\n", "script.not_yaml", 4, "not valid YAML"),
        ("title: x\nsteps:\n  - say: hi\n  - sing: la la\n", "script.unknown_step", 4, "'sing' is not a step"),
        ("title: x\nsteps:\n  - say: hi\n    expect: {drafts: lots}\n", "script.invalid", 4, "steps[0].expect.drafts"),
        (
            "title: x\nsteps:\n  - say: hi\n    expect:\n      skil: imagine\n",
            "script.invalid",
            5,
            "unknown field 'skil'",
        ),
        ("title: x\nsteps:\n  - say: hi\n  - feedback: {draft: '#0', pick: true}\n", "script.invalid", 4, '"#N"'),
        ("title: x\nsteps:\n  - say: a\n    undo: true\n", "script.invalid", 3, "one action per step"),
        ("- say: hi\n", "script.invalid", 1, "a script is a mapping"),
    ],
)
def test_a_bad_script_is_one_line_with_its_line_and_a_stable_code(text: str, code: str, line: int, words: str) -> None:
    with pytest.raises(StudioloError) as caught:
        parse_script(text, source="show.yaml")
    assert caught.value.code == code
    assert f"show.yaml line {line}" in caught.value.message and words in caught.value.message
    assert "\n" not in caught.value.message


def test_studiolo_script_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from studiolo.cli import main

    assert main(["script", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Script" and "steps" in schema["required"]
    assert {"SayStep", "FeedbackStep", "CueStep", "Expect"} <= set(schema["$defs"])


def test_a_persona_that_does_not_exist_is_one_line_and_exit_1(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from studiolo.cli import main

    path = write(tmp_path, "title: x\npersona: nobody-at-all\nsteps:\n  - say: hi\n")
    assert main(["run", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("studiolo: ") and "[persona.not_found]" in err and "\n" not in err


# running in process


async def test_the_examples_hold_and_a_rerun_is_byte_identical(tmp_path: Path, models: Models) -> None:
    first = await run_here(EXAMPLES / "venus.studiolo.yaml", models)
    again = await run_here(EXAMPLES / "venus.studiolo.yaml", models)
    assert first.held, first.failures
    assert first.digest == again.digest and len(first.drafts) == 7
    assert [d.image for d in first.drafts.values()] == [d.image for d in again.drafts.values()]
    transcript = [[e.text for e in s.events if isinstance(e, ReplyDone)] for s in first.steps]
    assert transcript == [[e.text for e in s.events if isinstance(e, ReplyDone)] for s in again.steps]
    # the refine worked from the pick (#2), the description saw the blue swatch, the operator spoke as the artist
    refine = first.steps[2]
    assert {first.drafts[d].parent_ids[0] for d in refine.drafts} == {first.order[1]}
    assert "blue" in first.steps[4].reply.lower()
    assert first.steps[7].events[-1].by == "operator"  # type: ignore[attr-defined]
    other = await run_here(EXAMPLES / "venus.studiolo.yaml", models, seed=8)
    assert other.digest != first.digest
    for name in ("textile", "korean"):
        record = await run_here(EXAMPLES / f"{name}.studiolo.yaml", models)
        assert record.held, record.failures
    # the outputs: every draft as a PNG, the report and the JSON
    out = tmp_path / "out"
    write_outputs(first, out=out, report=out / "report.html", json_path=tmp_path / "run.json")
    pngs = sorted(out.glob("draft-*.png"))
    assert len(pngs) == 7 and pngs[1].read_bytes() == first.drafts[first.order[1]].image
    facts = json.loads((tmp_path / "run.json").read_text())
    assert facts["session"] == first.session and facts["draft_ids"] == first.order and facts["held"] is True
    assert facts["steps"][0]["skill"] == "imagine" and facts["steps"][0]["verdicts"][0]["held"] is True
    report = (out / "report.html").read_text()
    assert "Flowers blooming on Venus" in report and "<svg" in report and report.count("<rect") == 7
    assert "src='http" not in report and "<script" not in report  # self-contained, opens offline
    assert "Thank you, New York!" in report and "held" in report


async def test_a_failed_expectation_names_step_line_expected_and_happened(tmp_path: Path, models: Models) -> None:
    path = write(tmp_path, "title: wrong\nsteps:\n  - say: paint a red fox\n    expect: {drafts: 3, skill: refine}\n"
                           "  - say: more foxes\n  - feedback: {draft: '#9', pick: true}\n  - undo: true\n")  # fmt: skip
    record = await run_here(path, models)
    assert not record.held and not record.finished
    failures = record.failures
    assert "show.yaml line 3, step 1 (say): drafts: expected 3 drafts; happened: 4 drafts" in failures
    assert "show.yaml line 3, step 1 (say): skill: expected refine; happened: imagine" in failures
    assert failures[-1].startswith("show.yaml line 6, step 3 (feedback): there is no draft #9 yet")
    assert failures[-1].endswith("[script.unknown_draft]")
    assert len(record.steps) == 3  # the undo after the bad step never ran
    # the report up to the failure is written all the same
    write_outputs(record, out=None, report=tmp_path / "report.html", json_path=None)
    report = (tmp_path / "report.html").read_text()
    assert (
        "failed" in report
        and "there is no draft #9 yet" in report
        and report.count("class=card") == len(record.drafts) == 6
    )


async def test_uploads_stay_in_the_scripts_folder(tmp_path: Path, models: Models) -> None:
    (tmp_path / "show").mkdir()
    Image.new("RGB", (64, 64), "red").save(tmp_path / "outside.png")
    outside = write(tmp_path / "show", "title: x\nsteps:\n  - say: hello\n  - upload: ../outside.png\n")
    record = await run_here(outside, models)
    assert record.stopped is not None and "line 4, step 2 (upload)" in record.stopped
    assert "[script.upload_outside]" in record.stopped
    missing = write(tmp_path / "show", "title: x\nsteps:\n  - upload: swatch.png\n", "missing.yaml")
    record = await run_here(missing, models)
    assert record.stopped is not None and record.stopped.endswith("[script.upload_missing]")


async def test_a_step_that_must_be_refused(tmp_path: Path, models: Models) -> None:
    path = write(tmp_path, "title: x\nsteps:\n  - select: 0123456789abcdef0123456789abcdef\n"
                           "    expect: {error: draft.not_found}\n  - say: '   '\n"
                           "    expect: {error: turn.empty}\n")  # fmt: skip
    record = await run_here(path, models)
    assert record.held, record.failures


# a live show on a server


async def test_a_show_on_a_server_waits_at_cues_and_resumes_after_a_drop(tmp_path: Path, models: Models) -> None:
    shutil.copy(EXAMPLES / "swatch.png", tmp_path / "swatch.png")
    path = write(tmp_path, "title: show\nsteps:\n  - say: paint flowers blooming on Venus\n    expect: {drafts: 4}\n"
                           "  - upload: swatch.png\n  - feedback: {draft: '#2', rating: 2, pick: true}\n"
                           "  - cue: the designer walks out\n  - speak: Thank you, New York!\n"
                           "  - say: make it warmer\n    expect: {skill: refine, parent: '#2'}\n")  # fmt: skip
    loaded = load_script(path)
    async with script_server(tmp_path / "data", models) as studio:
        loop = asyncio.get_running_loop()
        stage: asyncio.Future[Client] = loop.create_future()  # the operator's console, joined once the show began
        screen: asyncio.Future[Client] = loop.create_future()  # a stage screen, watching
        released: list[str] = []

        async def join(session: str) -> None:
            stage.set_result(await Client.connect(url(studio), OPERATOR, session=session, role="operator"))
            screen.set_result(await Client.connect(url(studio), OBSERVER, session=session, role="observer"))

        async def press_next() -> None:
            await (await stage).send({"type": "next"})

        def note(text: str) -> None:
            if text.startswith("session "):
                loop.create_task(join(text.split()[1]))
            if text.startswith("waiting for the cue"):
                released.append(text)
                loop.create_task(press_next())

        driver = RemoteDriver(url(studio), OPERATOR, loaded.script, live=True, on_note=note)
        sent = driver._send
        drops: list[str] = []

        async def dropping_send(action):  # type: ignore[no-untyped-def]
            await sent(action)
            if action.kind == "say" and not drops:  # the connection drops just after the first turn went out
                drops.append(action.text)
                assert driver.client is not None and driver.client._ws is not None
                driver.client._ws.transport.abort()

        driver._send = dropping_send  # type: ignore[method-assign]
        record = await run_script(loaded, driver, Quiet(), mode=url(studio))
        assert record.held, record.failures
        assert drops and released
        events = studio.store.events(record.session)
        said = [e.text for e in events if e.type == "turn.said"]  # type: ignore[attr-defined]
        assert said.count("paint flowers blooming on Venus") == 1  # resumed, not sent twice
        cue = [e for e in events if e.type == "cue"]
        assert len(cue) == 1 and record.steps[3].events == cue
        spoken = [e for e in events if e.type == "reply.done" and e.by]  # type: ignore[attr-defined]
        assert [e.text for e in spoken] == ["Thank you, New York!"]  # type: ignore[attr-defined]
        # the stage screen saw the whole show, drafts included; it may not release a cue itself
        watching = await screen
        watched = await watching.until(lambda e: e.seq == events[-1].seq and e.type == "reply.done")
        assert {e.draft_id for e in watched if e.type == "draft.final"} == set(record.order)  # type: ignore[attr-defined]
        await watching.send({"type": "next"})
        refused = await watching.until(lambda e: e.type == "error")
        assert refused[-1].code == "role.forbidden"  # type: ignore[attr-defined]
        await watching.close()
        await (await stage).close()


async def test_a_refused_token_and_a_missing_server_are_one_line(tmp_path: Path, models: Models) -> None:
    loaded = load_script(EXAMPLES / "venus.studiolo.yaml")
    async with script_server(tmp_path / "data", models) as studio:
        driver = RemoteDriver(url(studio), "not-a-token", loaded.script, live=False)
        record = await run_script(loaded, driver, Quiet(), mode=url(studio))
        port = studio.port
    assert record.stopped is not None and record.stopped.endswith("[auth.invalid_token]")
    driver = RemoteDriver(f"ws://127.0.0.1:{port}/ws", DESIGNER, loaded.script, live=False)
    record = await run_script(loaded, driver, Quiet(), mode="gone")
    assert record.stopped is not None and record.stopped.endswith("[script.server_unreachable]")


# record to script


async def test_a_live_session_exported_replays_the_same_drafts(tmp_path: Path, models: Models) -> None:
    swatch = (EXAMPLES / "swatch.png").read_bytes()
    async with script_server(tmp_path / "data", models) as studio:
        client = await Client.connect(url(studio), DESIGNER, name="mina")
        await client.until(lambda e: e.type == "reply.done")
        await client.say("paint a lighthouse at dusk")
        events = await client.until(lambda e: e.type == "reply.done")
        second = [e for e in events if e.type == "draft.final"][1]
        await client.feedback(second.draft_id, rating=2, pick=True, text="that one")  # type: ignore[attr-defined]
        await client.until(lambda e: e.type == "cursor.moved")
        await client.say("add a second moon")
        await client.until(lambda e: e.type == "reply.done")
        await client.upload(swatch, name="swatch.png")
        await client.until(lambda e: e.type == "turn.said")
        await client.undo()
        await client.until(lambda e: e.type == "cursor.moved")
        session = client.session
        await client.close()
        live = [e.draft_id for e in studio.store.events(session) if e.type == "draft.final"]  # type: ignore[attr-defined]
    out = tmp_path / "replay" / "show.yaml"
    out.parent.mkdir()
    export_session(session, tmp_path / "data", out)  # type: ignore[arg-type]
    loaded = load_script(out)
    assert [s.action for s in loaded.script.steps] == ["say", "feedback", "say", "upload", "undo"]
    assert draft_id((out.parent / f"uploads/{live[-1]}.png").read_bytes()) == live[-1]  # the upload, as stored
    record = await run_here(out, models)
    assert record.held, record.failures
    assert record.order == live and record.session == session


def test_export_refuses_what_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(StudioloError) as caught:
        export_session("0123456789abcdef", tmp_path, None)
    assert caught.value.code == "data.not_found"


# the pytest plugin


def test_the_pytest_plugin_collects_scripts_and_prints_the_failing_step(
    pytester: pytest.Pytester, models: Models, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Models, "load", classmethod(lambda cls, settings: models))  # the models already loaded
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makefile(".studiolo.yaml", good="title: good\nsteps:\n  - say: paint a red fox\n    expect: {drafts: 4}\n")
    pytester.makefile(".studiolo.yaml", bad="title: bad\nsteps:\n  - say: paint a red fox\n    expect: {drafts: 2}\n")
    # installed with the package (the `pytest11` entry point), so pytest loads it with nothing on the command line
    assert any(e.value == "studiolo.scripts.plugin" for e in entry_points(group="pytest11"))
    result = pytester.runpytest_inprocess()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*bad.studiolo.yaml line 3, step 1 (say): drafts: expected 2 drafts; happened: 4 drafts*"]
    )


def test_studiolo_run_prints_the_digest_and_failures_and_leaves_its_files(
    tmp_path: Path, models: Models, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from studiolo.cli import main

    monkeypatch.setattr(Models, "load", classmethod(lambda cls, settings: models))  # the models already loaded
    path = write(tmp_path, "title: x\nsteps:\n  - say: paint a red fox\n    expect: {drafts: 4}\n"
                           "  - say: make it bluer\n    expect: {skill: imagine}\n")  # fmt: skip
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--json", str(tmp_path / "run.json")]) == 1
    printed = " ".join(capsys.readouterr().out.split())
    facts = json.loads((tmp_path / "run.json").read_text())
    assert f"digest {facts['digest']}" in printed
    assert "FAILED show.yaml line 5, step 2 (say): skill: expected imagine; happened: refine" in printed
    assert (out / "report.html").is_file() and len(list(out.glob("draft-*.png"))) == len(facts["draft_ids"])
    assert [v["held"] for s in facts["steps"] for v in s["verdicts"]] == [True, False]
