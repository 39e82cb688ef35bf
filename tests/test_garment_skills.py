"""The garment skills in conversation: "show it on a dress", "make the repeat smaller", "4 colourways", "use the
palette of #1", in English and Korean, through the Agent in process and over a real server; each result a child
draft of the pattern with its parameters in the lineage."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
from live_server import live_server, ws_url
from PIL import Image

from studiolo.agent.agent import Agent
from studiolo.agent.router.semantic import SemanticRouter
from studiolo.agent.session import Session
from studiolo.client import Client
from studiolo.events import DraftFinal, Event, TurnRouted
from studiolo.model.measure import MeasuringDescriber
from studiolo.model.sketch import SketchPainter
from studiolo.persona.library import get_persona
from studiolo.skills.base import TurnOptions, is_pattern
from studiolo.skills.colourways import read_colourways
from studiolo.skills.wear import read_wear

pytestmark = pytest.mark.slow

HANGUL = re.compile(r"[\uac00-\ud7a3]")
SMALL = TurnOptions(n=1, size=256)  # the sketch painter's tile; mock-ups at 256 too, so the tests stay quick


@pytest.fixture(scope="module")
def agent() -> Agent:
    return Agent(get_persona("vespera"), SketchPainter(), MeasuringDescriber(), SemanticRouter())


async def say(agent: Agent, session: Session, text: str, options: TurnOptions = SMALL, **kw: object) -> list[Event]:
    return [e async for e in agent.say(session, text, options=options, **kw)]  # type: ignore[arg-type]


def routed(events: list[Event]) -> str:
    return next(e for e in events if isinstance(e, TurnRouted)).skill


def made(events: list[Event]) -> list[DraftFinal]:
    return [e for e in events if isinstance(e, DraftFinal)]


def reply(events: list[Event]) -> str:
    return str(getattr(events[-1], "text", ""))


async def a_pattern(agent: Agent) -> tuple[Session, str]:
    """A session with a seamless tile of lemons (and its repeat, the cursor); the tile's id."""
    session = agent.new_session()
    finals = made(await say(agent, session, "a seamless pattern of lemons"))
    tile = next(f for f in finals if "repeat_of" not in f.draft.params)
    return session, tile.draft_id


def test_the_words_say_garment_scale_view_and_palette() -> None:
    assert read_wear("show it on a dress") == {"garment": "dress"}
    assert read_wear("make the repeat smaller") == {"resize": "smaller"}
    assert read_wear("put it on a tote with a 12.5 cm repeat, the back please") == {
        "garment": "tote", "scale_cm": 12.5, "view": "back"
    }  # fmt: skip
    assert read_wear("치마에 입혀 줘, 무늬는 더 크게") == {"garment": "skirt", "resize": "larger"}
    assert read_colourways("4 colourways in autumn colours") == {"n": 4, "palette": "autumn"}
    assert read_colourways("use the palette of #3") == {"palette_ref": True}
    assert read_colourways("컬러웨이 세 가지, 겨울 색으로") == {"n": 3, "palette": "winter"}


async def test_a_pattern_worn_then_its_repeat_made_smaller(agent: Agent) -> None:
    session, tile = await a_pattern(agent)
    on_dress = await say(agent, session, "show it on a dress", TurnOptions(size=512))
    assert routed(on_dress) == "wear"
    [worn] = made(on_dress)
    # the mock-up is the tile's child (not the 3 x 3 repeat's): the lineage names the pattern printed
    assert worn.parent_ids == [tile] and worn.skill == "wear"
    assert worn.draft.params["garment"] == "dress" and worn.draft.params["scale_cm"] == 16.0
    assert max(worn.width, worn.height) == 512 and "worn" in reply(on_dress)

    smaller = await say(agent, session, "make the repeat smaller", TurnOptions(size=512))
    assert routed(smaller) == "wear"
    [again] = made(smaller)
    # the mock-up is worn again from its tile, at half the repeat, on the same garment
    assert again.parent_ids == [tile]
    assert again.draft.params["garment"] == "dress" and again.draft.params["scale_cm"] == 8.0
    assert session.graph.get(again.draft_id).params["repeat_px"] == pytest.approx(worn.draft.params["repeat_px"] / 2)


async def test_a_picture_that_is_not_a_tile_goes_on_a_tote_only_and_the_artist_says_why(agent: Agent) -> None:
    session = agent.new_session()
    # seed 0: the sketch painter lays this scene out as a landscape (some seeds make any scene an all-over pattern)
    picture_options = TurnOptions(n=1, size=256, exact=True, seed=0)
    [picture] = made(await say(agent, session, "paint a lighthouse at dusk", picture_options))
    assert not is_pattern(picture.draft)
    refused = await say(agent, session, "show it on a dress")
    assert routed(refused) == "wear" and not made(refused)
    assert "not a seamless tile" in reply(refused) and "tote" in reply(refused)
    assert [e.code for e in refused if e.type == "job.failed"] == ["wear.not_a_pattern"]
    tote = await say(agent, session, "then put it on a tote")
    [bag] = made(tote)
    assert bag.parent_ids == [picture.draft_id]
    assert bag.draft.params["garment"] == "tote" and bag.draft.params["seamless"] is False


async def test_colourways_are_children_that_keep_the_structure_and_stay_seamless(agent: Agent) -> None:
    session, tile = await a_pattern(agent)
    events = await say(agent, session, "show me it in 3 colourways", TurnOptions())
    assert routed(events) == "colourways"
    ways = made(events)
    assert len(ways) == 3 and all(w.parent_ids == [tile] for w in ways)
    assert [w.draft.params["palette"] for w in ways] == ["spring", "summer", "autumn"]
    assert all(w.draft.params["pattern"] is True for w in ways)  # a tile's colourway is a tile: wearable
    _, original = session.load_draft(tile)
    grey = np.asarray(original.convert("L"), dtype=np.float32)
    for way in ways:
        _, image = session.load_draft(way.draft_id)
        assert image.size == original.size
        recoloured = np.asarray(image.convert("RGB"), dtype=np.float32)
        assert np.abs(recoloured - np.asarray(original.convert("RGB"), dtype=np.float32)).mean() > 20
        # where the original's edges are, the colourway's are (structure kept)
        edges = np.abs(np.diff(grey, axis=1)) > 40
        way_edges = np.abs(np.diff(np.asarray(image.convert("L"), dtype=np.float32), axis=1)) > 10
        assert way_edges[edges].mean() > 0.8
    autumn = await say(agent, session, "two colourways in autumn colours", TurnOptions())
    assert routed(autumn) == "colourways"
    assert [w.draft.params["palette"] for w in made(autumn)] == ["autumn", "autumn 2"]


async def test_the_palette_of_another_draft_colours_the_current_one(agent: Agent) -> None:
    session, tile = await a_pattern(agent)
    swatch = Image.new("RGB", (96, 96), (200, 30, 40))
    swatch.paste((20, 40, 200), (0, 48, 96, 96))
    upload = [e async for e in agent.upload(session, _as_draft(swatch), _png(swatch))]
    source = made(upload)[0].draft_id
    # back to the pattern as the current draft; the words point at the swatch (#3) for the colours
    number = session.graph.number(source)
    session.graph.select(tile)
    events = await say(agent, session, f"use the palette of #{number}", TurnOptions(n=2))
    assert routed(events) == "colourways"
    ways = made(events)
    assert len(ways) == 2 and all(w.parent_ids == [tile, source] for w in ways)
    assert ways[0].draft.params["palette_source"] == "image"
    assert {c.lower() for c in ways[0].draft.params["colours"]} >= {"#c81e28", "#1428c8"}


async def test_garment_skills_ask_for_a_draft_when_there_is_none(agent: Agent) -> None:
    session = agent.new_session()
    for text in ("show it on a dress", "give me 4 colourways", "원피스에 입혀 줘", "컬러웨이 네 가지 보여 줘"):
        events = await say(agent, session, text)
        assert not made(events) and "?" in reply(events)
        assert bool(HANGUL.search(reply(events))) == bool(HANGUL.search(text)), reply(events)  # asked in kind


async def test_in_korean_a_pattern_is_worn_and_recoloured_and_the_artist_answers_in_korean(agent: Agent) -> None:
    session = agent.new_session()
    pattern = await say(agent, session, "레몬 무늬 패턴 만들어 줘")
    assert routed(pattern) == "pattern"
    tile = next(f.draft_id for f in made(pattern) if "repeat_of" not in f.draft.params)
    worn = await say(agent, session, "이 패턴을 원피스에 입혀 줘")
    assert routed(worn) == "wear"
    [dress] = made(worn)
    assert dress.parent_ids == [tile] and dress.draft.params["garment"] == "dress"
    smaller = await say(agent, session, "무늬를 더 작게 해서 다시 입혀 줘")
    assert routed(smaller) == "wear"
    [again] = made(smaller)
    assert again.parent_ids == [tile] and again.draft.params["scale_cm"] == dress.draft.params["scale_cm"] / 2
    ways = await say(agent, session, "컬러웨이 네 가지 보여 줘", TurnOptions())
    assert routed(ways) == "colourways"
    assert len(made(ways)) == 4 and all(w.parent_ids == [tile] for w in made(ways))
    for events, said in ((worn, "옷에 입혀 봤어요"), (smaller, "옷에 입혀 봤어요"), (ways, "다른 색으로 칠해 봤어요")):
        assert said in reply(events) and not re.search(r"[A-Za-z]{2,}", reply(events)), reply(events)


async def test_over_a_real_server_the_lineage_keeps_each_garment_and_colourway(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        client = await Client.connect(ws_url(studio), "designer-token-1")
        await client.until(lambda e: e.type == "reply.done")
        await client.say("a seamless pattern of lemons")
        pattern = [e for e in await client.until(lambda e: e.type == "reply.done") if e.type == "draft.final"]
        tile = next(e.draft_id for e in pattern if not e.parent_ids)  # the repeat is the tile's child
        await client.say("show it on a skirt")
        worn = [e for e in await client.until(lambda e: e.type == "reply.done") if e.type == "draft.final"]
        await client.say("4 colourways")
        ways = [e for e in await client.until(lambda e: e.type == "reply.done") if e.type == "draft.final"]
        await client.say("원피스에 입혀 줘")  # in Korean: routed to wear, answered in Korean
        korean = await client.until(lambda e: e.type == "reply.done")
        assert [(w.parent_ids, w.skill) for w in worn] == [([tile], "wear")]
        assert len(ways) == 4 and all(w.parent_ids == [tile] and w.skill == "colourways" for w in ways)
        [dress] = [e for e in korean if e.type == "draft.final"]
        # the colourway last made is the current draft: it is what goes on the dress
        assert dress.parent_ids == [ways[-1].draft_id] and dress.skill == "wear"
        assert "옷에 입혀 봤어요" in str(getattr(korean[-1], "text", ""))
        await client.close()
        # a newcomer's snapshot has them all, with their skills and parents
        watcher = await Client.connect(ws_url(studio), "observer-token-1", session=client.session, role="observer")
        assert watcher.welcome is not None
        drafts = {d["id"]: d for d in watcher.welcome.state["drafts"]}
        assert drafts[worn[0].draft_id]["skill"] == "wear" and drafts[worn[0].draft_id]["parent_ids"] == [tile]
        assert all(drafts[w.draft_id]["skill"] == "colourways" for w in ways)
        await watcher.close()


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _as_draft(image: Image.Image):  # type: ignore[no-untyped-def]
    from studiolo.drafts import Draft, draft_id

    png = _png(image)
    return Draft(
        id=draft_id(png),
        skill="upload",
        prompt="swatch.png",
        seed=0,
        model="upload",
        width=image.width,
        height=image.height,
    )
