"""The installation's screens' protocol (studiolo/installation/protocol.py): docs/asyncapi.yaml's `installation`
channel names every message with its schema, the schema accepts what the venue really sends and refuses what the
models refuse, and a bad frame is a StudioloError with a stable code and field (the server-level behaviour, a
screen that keeps working, is in test_installation_server.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter
from test_protocol_docs import SchemaError, _models, _resolve, _type_of, check

from studiolo.errors import StudioloError
from studiolo.installation.config import load_installation
from studiolo.installation.protocol import (
    Beat,
    Caption,
    Closed,
    ConsoleState,
    Disk,
    Final,
    Hidden,
    HoursChanged,
    JobEnd,
    KioskIdle,
    KioskShown,
    KioskWelcome,
    Painting,
    PaintingNow,
    Picked,
    Preview,
    RefusalShown,
    Refused,
    Reply,
    ScreenError,
    ScreenMessage,
    ScreenSent,
    TakeHome,
    VisitorStarted,
    WallState,
    WorkShown,
    parse_console,
    parse_hello,
    parse_kiosk,
)

ROOT = Path(__file__).resolve().parent.parent
DOC = yaml.safe_load((ROOT / "docs" / "asyncapi.yaml").read_text(encoding="utf-8"))
DRAFT = "0123456789abcdef0123456789abcdef"
JOB = "0123456789abcdef-job3"
WORK = WorkShown(draft_id=DRAFT, url="/drafts/x.png?sig=1", caption="A red bird.", words="a red bird", kiosk="entrance")


def test_the_asyncapi_document_has_every_message_of_the_installation() -> None:
    channel = DOC["channels"]["installation"]
    assert channel["address"] == "/installation/ws"
    for models, action in ((_models(ScreenMessage), "receive"), (_models(ScreenSent), "send")):
        for model in models:
            key = f"installation.{_type_of(model)}"
            assert channel["messages"][key] == {"$ref": f"#/components/messages/{key}"}, key
            payload = _resolve(DOC, DOC["components"]["messages"][key]["payload"]["$ref"])
            assert payload is DOC["components"]["schemas"][model.__name__]
            assert set(model.model_fields) >= set(payload["properties"]), key
            ref = {"$ref": f"#/channels/installation/messages/{key}"}
            assert [op["action"] for op in DOC["operations"].values() if ref in op["messages"]] == [action], key
    assert len(channel["messages"]) == len(_models(ScreenMessage)) + len(_models(ScreenSent))


def sent_samples() -> list[BaseModel]:
    texts = load_installation(ROOT / "examples" / "show.yaml").texts
    return [
        KioskWelcome(kiosk="entrance", name="studiolo", paused=False, closed=False, texts=texts, idle_s=90),
        VisitorStarted(session="0123456789abcdef"),
        Closed(text="closed"),
        Refused(text="not for my brushes"),
        Reply(text="Here is one.", by="operator"),
        Preview(kiosk="entrance", job_id=JOB, image="data:image/webp;base64,AAAA"),
        Final(kiosk="entrance", draft_id=DRAFT, url="/drafts/x.png", words="a red bird", recorded=1.7e9),
        Caption(kiosk="entrance", draft_id=DRAFT, text=""),
        JobEnd(job_id=JOB, status="job.finished"),
        TakeHome(draft_id=DRAFT, url="http://127.0.0.1/share/x", qr="<svg/>"),
        WallState(
            layout="stage-top",
            mosaic=12,
            attract_after_s=45,
            crossfade_s=8,
            gallery=[WORK],
            painting=[PaintingNow(kiosk="entrance", words="a red bird")],
            open=True,
        ),  # fmt: skip
        Painting(kiosk="entrance", words="a red bird"),
        Picked(work=WORK),
        Hidden(draft_id=DRAFT),
        KioskIdle(kiosk="entrance"),
        ConsoleState(
            kiosks=[
                KioskShown(
                    id="entrance", name="Entrance", online=True, paused=False, visitor=None, busy=False, served=3
                )
            ],
            refusals=[RefusalShown(at=1.7e9, kiosk="entrance", lang="en", text="x", reason="word")],
            queue=0,
            gallery=[WORK],
            disk=Disk(bytes=10, quota_mb=16, warning=False),
            open=False,
        ),  # fmt: skip
        HoursChanged(open=False),
        Beat(every_s=10),
        ScreenError(code="wish.empty", message="say what to paint", field="text"),
    ]


def test_the_schema_accepts_what_screens_are_sent_and_refuses_what_the_models_refuse() -> None:
    union = DOC["components"]["schemas"]["ScreenSent"]
    samples = sent_samples()
    assert {type(sample) for sample in samples} == set(_models(ScreenSent))  # every kind of message
    for sample in samples:
        wire = json.loads(sample.model_dump_json())
        check(wire, union, DOC)
        assert TypeAdapter(ScreenSent).validate_python(wire) == sample
    screen = DOC["components"]["schemas"]["ScreenMessage"]
    for good in ({"type": "hello", "token": "t"}, {"type": "wish", "text": "a cat", "lang": "ko"},
                 {"type": "pick", "draft_id": DRAFT}, {"type": "speak", "text": "hello", "kiosk": None}):  # fmt: skip
        check(good, screen, DOC)
    for bad in ({"type": "wish", "text": "a cat", "lang": "fr"}, {"type": "pick", "draft_id": "../x"},
                {"type": "done", "extra": 1}, {"type": "dance"}):  # fmt: skip
        with pytest.raises(SchemaError):
            check(bad, screen, DOC)


@pytest.mark.parametrize(
    ("frame", "code", "field"),
    [
        ("{", "json.invalid", None),
        ('"wish"', "message.invalid", "type"),
        ('{"type": "wish", "text": ""}', "wish.empty", "text"),
        ('{"type": "change", "text": "' + "x" * 301 + '"}', "wish.too_long", "text"),
        ('{"type": "pick", "draft_id": 5}', "message.invalid", "draft_id"),
        ('{"type": "hide", "draft_id": "' + DRAFT + '"}', "message.unknown_type", "type"),
    ],
)
def test_a_bad_kiosk_frame_is_a_coded_error(frame: str, code: str, field: str | None) -> None:
    with pytest.raises(StudioloError) as caught:
        parse_kiosk(frame)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_good_frames_parse_to_their_models() -> None:
    wish: Any = parse_kiosk('{"type": "change", "text": "  warmer  ", "lang": "ko"}')
    assert (wish.type, wish.text, wish.lang) == ("change", "warmer", "ko")
    assert parse_console('{"type": "speak", "text": "hi"}').kiosk is None  # type: ignore[attr-defined]
    assert parse_hello('{"type": "hello", "token": "abc"}') is not None
    assert parse_hello('{"type": "hello"}') is None and parse_hello("nonsense") is None
