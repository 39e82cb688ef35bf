"""The agent end to end with the embedded backends and the real semantic router: a designer's session."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from checked_imagine import CheckedImagine
from PIL import Image

from studiolo.agent.agent import Agent
from studiolo.agent.router.semantic import SemanticRouter
from studiolo.agent.session import Participant, Session
from studiolo.drafts import Draft, Faithfulness, draft_id
from studiolo.errors import StudioloError
from studiolo.events import Event
from studiolo.model.images import encode_png
from studiolo.model.measure import MeasuringDescriber
from studiolo.model.protocols import CancelToken
from studiolo.model.sketch import SketchPainter
from studiolo.persona.library import get_persona
from studiolo.settings import Settings
from studiolo.skills.base import Skill, SkillContext, TurnOptions
from studiolo.skills.collaborate import rounds_to_accept
from studiolo.skills.describe import Describe, DescribeParams


@pytest.fixture(scope="module")
def agent() -> Agent:
    return Agent(get_persona("vespera"), SketchPainter(), MeasuringDescriber(), SemanticRouter())


async def collect(stream) -> list[Event]:
    return [event async for event in stream]


def types(events: list[Event]) -> list[str]:
    return [e.type for e in events]


def reply(events: list[Event]) -> str:
    done = [e for e in events if e.type == "reply.done"]
    assert len(done) == 1
    deltas = [e.text for e in events if e.type == "reply.delta"]
    assert "".join(deltas).strip() == done[0].text
    assert all(re.search(r"[.!?]\s*$", d) for d in deltas[:-1])  # a sentence at a time
    return done[0].text


async def test_greeting_is_in_character(agent: Agent) -> None:
    session = agent.new_session()
    text = reply(await collect(agent.greet(session)))
    assert text in get_persona("vespera").greetings


async def test_an_imagine_turn_streams_previews_and_four_drafts(agent: Agent) -> None:
    session = agent.new_session()
    events = await collect(agent.say(session, "paint flowers blooming on Venus"))
    kinds = types(events)
    assert kinds[:2] == ["turn.said", "turn.routed"] and events[1].skill == "imagine"
    assert events[0].text == "paint flowers blooming on Venus" and session.turns[0].skill == "imagine"
    assert (
        kinds.index("job.queued")
        < kinds.index("job.started")
        < kinds.index("draft.preview")
        < kinds.index("draft.final")
    )
    assert kinds.count("draft.final") == 4 and kinds.count("job.finished") == 1
    assert len(session.graph) == 4 and session.graph.cursor == session.graph.drafts()[-1].id
    text = reply(events)
    assert "#1" in text and "#4" in text and "Venus" in text
    assert [e.seq for e in session.events] == list(range(1, len(session.events) + 1))
    last_durable = 0
    for event in events:  # previews are transient: not kept, and they carry the seq of the event they follow
        if event.type == "draft.preview":
            assert event.seq == last_durable and event not in session.events
        else:
            assert event.seq == last_durable + 1
            last_durable = event.seq
    finals = [e for e in events if e.type == "draft.final"]
    assert all(f.prompt.startswith("flowers blooming on Venus") for f in finals)  # expanded, never dropped


async def test_exactly_as_i_said_paints_the_words_without_the_artists_additions(agent: Agent) -> None:
    session = agent.new_session()
    events = await collect(agent.say(session, "paint a moon over the sea, exactly as I said"))
    assert events[1].params["expand"] is False
    assert {e.prompt for e in events if e.type == "draft.final"} == {"moon over the sea"}
    events = await collect(agent.say(session, "paint a moon over the sea"))  # the next turn is enriched again
    assert all(e.prompt.startswith("moon over the sea, ") for e in events if e.type == "draft.final")
    assert "I painted it as" in reply(events)


async def test_a_setting_turns_expansion_off() -> None:
    literal = Agent(get_persona("vespera"), SketchPainter(), MeasuringDescriber(), SemanticRouter(),
                    expand=Settings.load(agent={"expand": False}).agent.expand)  # fmt: skip
    events = await collect(literal.say(literal.new_session(), "paint a moon over the sea"))
    assert {e.prompt for e in events if e.type == "draft.final"} == {"moon over the sea"}
    assert Settings.load().agent.expand is True  # on unless turned off


async def test_turns_said_at_once_are_each_routed_to_their_own_skill(agent: Agent) -> None:
    session = agent.new_session()
    paint, chat = "paint a lighthouse on a cliff", "hello! how are you today?"
    painting, chatting = agent.say(session, paint), agent.say(session, chat)
    said = [await anext(painting), await anext(chatting)]  # the second is said while the first is being routed
    events = said + await collect(painting) + await collect(chatting)
    routed = {e.turn: e.skill for e in events if e.type == "turn.routed"}
    assert routed[said[0].seq] == "imagine" and routed[said[1].seq] not in ("imagine", None)
    for current in (session, Session.restore(session.persona_id, session.id, session.events)):  # live, and rebuilt
        designer = [(t.text, t.skill) for t in current.turns if t.speaker == "designer"]
        assert designer == [(paint, "imagine"), (chat, routed[said[1].seq])]


async def test_an_imagine_turn_paints_on_the_canvas_it_names(agent: Agent) -> None:
    session = agent.new_session()
    events = await collect(agent.say(session, "paint two drafts of a sailboat at 768x320"))
    finals = [e for e in events if e.type == "draft.final"]
    assert [(f.width, f.height) for f in finals] == [(768, 320)] * 2
    assert all(f.prompt.startswith("sailboat") and "768" not in f.prompt for f in finals)


@pytest.mark.parametrize(("turn", "words"), [("paint a xylophone", ["the xylophone"]), ("실로폰을 그려줘", ["실로폰"])])
async def test_a_request_with_nothing_drawable_gets_a_question_not_a_default_picture(
    agent: Agent, turn: str, words: list[str]
) -> None:
    session = agent.new_session()
    events = await collect(agent.say(session, turn))
    assert not [e for e in events if e.type in ("job.queued", "draft.final")]
    reply = next(e for e in events if e.type == "reply.done").text
    assert all(word in reply for word in words) and "?" in reply


async def test_each_draft_says_what_it_drew_and_the_reply_owns_up(agent: Agent) -> None:
    session = agent.new_session()
    events = await collect(agent.say(session, "paint two moons and a xylophone"))
    finals = [e for e in events if e.type == "draft.final"]
    assert finals and all(f.faithfulness is not None and f.faithfulness.missing == ["xylophone"] for f in finals)
    assert all("moons" in f.faithfulness.drawn for f in finals if f.faithfulness is not None)
    assert "xylophone" in next(e for e in events if e.type == "reply.done").text


async def test_refine_the_second_one_adds_children_with_the_feedback(agent: Agent) -> None:
    session = agent.new_session()
    await collect(agent.say(session, "draw a night garden with a moon"))
    second = session.graph.drafts()[1]
    events = await collect(agent.say(session, "make the second one warmer and add a second moon"))
    assert events[1].skill == "refine"
    children = [e for e in events if e.type == "draft.final"]
    assert children and all(c.parent_ids == [second.id] for c in children)
    moons = [m for m in session.graph.get(children[0].draft_id).scene["motifs"] if m["kind"] == "moon"]
    assert moons and moons[0]["count"] == 2


async def test_describe_this_describes_the_current_draft(agent: Agent) -> None:
    session = agent.new_session()
    await collect(agent.say(session, "paint a red rose"))
    events = await collect(agent.say(session, "describe this one for me"))
    assert events[1].skill == "describe"
    described = [e for e in events if e.type == "draft.described"]
    assert described and described[0].draft_id == session.graph.cursor
    assert described[0].text in reply(events)


async def test_feedback_teaches_preferences_that_shape_the_next_prompt(agent: Agent) -> None:
    session = agent.new_session()
    await collect(agent.say(session, "paint a garden"))
    first = session.graph.drafts()[0]
    await collect(agent.feedback(session, first.id, rating=2, text="love the pink, but no birds"))
    assert "pink" in session.preferences.summary()
    events = await collect(agent.say(session, "paint a meadow"))
    finals = [e for e in events if e.type == "draft.final"]
    assert "pink" in finals[0].prompt and "without bird" in finals[0].prompt


def test_a_namesake_in_another_role_joins_under_a_new_name() -> None:
    session = Session("vespera")
    mina = session.join(Participant(id="mina", role="designer"))
    assert session.join(Participant(id="mina", role="designer")) == mina  # the same person, rejoining
    assert session.join(Participant(id="mina", role="observer")).id == "mina-2"
    assert session.join(Participant(id="mina", role="operator")).id == "mina-3"
    assert session.join(Participant(id="mina", role="observer")).id == "mina-2"  # that observer, back again
    assert {p.id: p.role for p in session.participants.values()} == {
        "mina": "designer",
        "mina-2": "observer",
        "mina-3": "operator",
    }
    assert session.join(Participant(id="artist", role="designer")).id == "artist-2"  # only the artist is the artist


async def test_bad_turns_get_a_coded_error_in_character_and_the_session_lives_on(agent: Agent) -> None:
    session = agent.new_session()
    session.join(Participant(id="screen", role="observer"))
    for text, code, speaker in [("   ", "turn.empty", "designer"), ("refine #9", "draft.not_found", "designer"),
                                ("paint a cat", "role.forbidden", "screen"), ("make it warmer", "draft.not_found", "designer")]:  # fmt: skip
        events = await collect(agent.say(session, text, speaker=speaker))
        errors = [e for e in events if e.type == "error"]
        assert errors and errors[0].code == code, (text, types(events))
        assert reply(events)  # said in words, too
    bad = await collect(agent.feedback(session, "0" * 32, rating=1))
    assert bad[0].code == "draft.not_found"
    events = await collect(agent.say(session, "paint a blue sea"))
    assert types(events).count("draft.final") == 4
    out_of_range = await collect(agent.feedback(session, session.graph.cursor, rating=5))
    assert out_of_range[0].code == "feedback.invalid"
    assert len(session.graph) == 4


async def test_declined_requests_are_refused_in_character_and_nothing_is_painted(agent: Agent) -> None:
    session = agent.new_session()
    events = await collect(agent.say(session, "paint a weapon, with blood."))
    assert "draft.final" not in types(events)
    assert reply(events) == get_persona("vespera").safety.refusal


async def test_pattern_upscale_and_extend_turns(agent: Agent) -> None:
    session = agent.new_session()
    await collect(agent.say(session, "paint lemons and leaves"))
    pattern = await collect(agent.say(session, "turn it into a seamless textile pattern"))
    assert pattern[1].skill == "pattern" and "draft.final" in types(pattern)
    extended = await collect(agent.say(session, "extend it to the right"))
    assert extended[1].skill == "extend"
    final = [e for e in extended if e.type == "draft.final"][0]
    assert final.width > final.height or final.width > 512


async def test_cancel_stops_a_running_job(agent: Agent) -> None:
    session = agent.new_session()
    seen = []
    async for event in agent.say(session, "paint a forest of pine trees"):
        seen.append(event)
        if event.type == "draft.preview":
            agent.cancel(event.job_id)
    assert "job.cancelled" in types(seen) and "draft.final" not in types(seen)
    assert "Stopped" in reply(seen)


async def test_a_collaboration_runs_rounds_until_the_designer_accepts(agent: Agent) -> None:
    session = agent.new_session()
    events = await collect(agent.say(session, "let's design a scarf together, in rounds"))
    assert events[1].skill == "collaborate"
    state = session.collaboration
    assert state is not None and state.round == 1 and len(state.current_ids) == 4
    await collect(agent.feedback(session, state.current_ids[2], rating=1, pick=True, text="warmer"))
    state = session.collaboration
    assert state.round == 2 and not state.accepted
    accepted_id = state.current_ids[0]
    accepting = await collect(agent.feedback(session, accepted_id, rating=2, pick=True))
    state = session.collaboration
    assert state.accepted and rounds_to_accept(state) == 2
    # the artist names the draft the designer accepted (the accepting turn paints none)
    assert f"we have it: draft #{session.graph.number(accepted_id)}." in reply(accepting)


async def test_a_pick_steers_the_next_request_live_and_after_a_restore(agent: Agent) -> None:
    session = agent.new_session()
    await collect(agent.say(session, "draw a night garden with a moon"))
    first, newest = session.graph.drafts()[0], session.graph.drafts()[-1]
    assert session.graph.cursor == newest.id
    picked = await collect(agent.feedback(session, first.id, pick=True))
    assert types(picked) == ["draft.feedback", "cursor.moved"] and picked[1].cursor == first.id
    assert session.graph.cursor == first.id
    restored = Session.restore(session.persona_id, session.id, session.events, images=session.images)
    assert restored.graph.cursor == first.id  # the pick's recorded events move the cursor when replayed, too

    events = await collect(agent.say(session, "make it warmer"))
    assert events[1].skill == "refine"
    children = [e for e in events if e.type == "draft.final"]
    assert children and all(c.parent_ids == [first.id] for c in children)
    assert "Working from #1: I reworked it into draft" in reply(events)


async def test_a_korean_turn_gets_a_korean_reply(agent: Agent) -> None:
    session = agent.new_session()
    await collect(agent.say(session, "draw a night garden with a moon"))
    second = session.graph.drafts()[1]
    await collect(agent.feedback(session, second.id, pick=True))
    events = await collect(agent.say(session, "더 따뜻하게 해 줘"))
    assert events[1].skill == "refine"
    assert all(c.parent_ids == [second.id] for c in events if c.type == "draft.final")
    text = reply(events)
    assert "#2에서 이어서 작업했어요. 다시 그렸어요: 초안 #5" in text and text.endswith("어때요?"), text
    assert "Working" not in text and "reworked" not in text
    lost = await collect(agent.say(session, "#9 다듬어 줘"))  # an error, in the collaborator's language too
    assert lost[-1].text == "그 초안을 찾을 수 없어요. 어느 것인가요? #2처럼 번호로 말해 주세요."
    undone = await collect(agent.move_cursor(session, "redo"))  # not a turn: in the language last spoken
    assert undone[0].code == "draft.nothing_to_redo" and undone[-1].type == "reply.done" and undone[-1].text


class RecordingDescribe(Describe):
    """The describe skill, remembering the params it was asked with."""

    def __init__(self) -> None:
        self.asked: list[DescribeParams] = []

    async def run(self, params: DescribeParams, ctx: SkillContext) -> AsyncIterator[Event]:  # type: ignore[override]
        self.asked.append(params)
        async for event in super().run(params, ctx):
            yield event


def with_skill(agent: Agent, skill: Skill) -> Agent:
    """Another agent on the same models, with `skill` in place of the one of its name."""
    other = Agent(agent.persona, agent.painter, agent.describer, agent.router)
    other.skills[skill.name] = skill
    return other


async def test_describe_is_asked_in_the_turns_language(agent: Agent) -> None:
    describe = RecordingDescribe()
    speaker = with_skill(agent, describe)
    session = speaker.new_session()
    await collect(speaker.say(session, "paint a red rose"))
    await collect(speaker.say(session, "이 그림을 설명해 줘"))
    await collect(speaker.say(session, "describe this one for me"))
    assert [params.lang for params in describe.asked] == ["ko", "en"]


async def test_the_reply_says_once_what_the_batch_approximated_and_left_out(agent: Agent) -> None:
    koi = Faithfulness(drawn=["pond"], approximated={"koi": "fish"}, missing=["xylophone"], adherence=0.5)
    found = [koi, koi, koi.model_copy(update={"missing": ["xylophone", "harp"]}), koi]
    painter = with_skill(agent, CheckedImagine(found))
    session = painter.new_session()
    events = await collect(painter.say(session, "paint a koi pond with a xylophone and a harp"))
    assert [e.faithfulness for e in events if e.type == "draft.final"] == found
    text = reply(events)
    honesty = "I had no koi, so I drew fish instead. I couldn't draw the xylophone, and #3 has no harp."
    assert text.endswith(f"{honesty} Which one speaks to you?") and text.count(honesty) == 1, text  # once for the batch
    assert session.graph.drafts()[2].faithfulness == found[2]

    drawn = Faithfulness(drawn=["pond", "fish"], adherence=1.0)
    painter = with_skill(agent, CheckedImagine([drawn] * 4))
    events = await collect(painter.say(painter.new_session(), "paint a pond with fish"))
    text = reply(events)
    assert "I had no" not in text and "couldn't" not in text and " no " not in text, (
        text
    )  # all was drawn: nothing to own up to


async def test_refined_children_are_checked_against_the_draft_with_the_change(agent: Agent) -> None:
    session = agent.new_session()
    await collect(agent.say(session, "draw a night garden with a moon"))
    events = await collect(agent.say(session, "make it warmer and add a second moon"))
    children = [e for e in events if e.type == "draft.final"]
    assert children and all(c.faithfulness is not None for c in children)
    for child in children:
        counts = [c for c in child.faithfulness.checks if c.name.startswith("count:moon")]  # type: ignore[union-attr]
        assert counts and counts[0].wanted == "2"  # the change is what the children are held to
        assert child.faithfulness.failed == [] or child.faithfulness.tries > 1  # type: ignore[union-attr]


# --- uploads, turn options, job ids ------------------------------------------------------------------------------


def uploaded(colour: tuple[int, int, int], name: str) -> tuple[Draft, bytes]:
    png = encode_png(Image.new("RGB", (80, 60), colour))
    draft = Draft(id=draft_id(png), job_id="upload", skill="upload", prompt=name, seed=0, model="upload",
                  width=80, height=60)  # fmt: skip
    return draft, png


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_an_upload_is_described_and_offered_back_in_the_sessions_language(agent: Agent, lang: str) -> None:
    session = agent.new_session()
    if lang == "ko":
        await collect(agent.say(session, "안녕하세요"))
    draft, png = uploaded((200, 40, 40), "poster.png")
    events = await collect(agent.upload(session, draft, png, speaker="designer"))
    assert types(events)[:3] == ["draft.final", "turn.said", "turn.routed"] and events[2].skill == "upload"
    assert session.graph.cursor == draft.id  # what the next request works from
    described = next(e for e in events if e.type == "draft.described")
    text = reply(events)
    assert described.draft_id == draft.id and text.startswith(described.text)
    if lang == "en":
        assert "red" in described.text and "refine it" in text and "make a pattern from it" in text
        assert "in its colours (" in text  # named, so the designer can ask for them
    else:
        assert "빨간" in described.text and "다듬어" in text and "패턴으로 만들" in text
    # the upload's note ("(uploaded poster.png)") does not turn the conversation's language
    after = await collect(agent.move_cursor(session, "undo"))
    assert agent._language(session) == lang and not [e for e in after if e.type == "error"]


async def test_turn_options_win_over_the_words(agent: Agent) -> None:
    session = agent.new_session()
    options = TurnOptions(n=2, size=384, seed=5, exact=True)
    events = await collect(
        agent.say(session, "paint four drafts of a lighthouse on a cliff at 1024x768", options=options)
    )
    finals = [e for e in events if e.type == "draft.final"]
    assert [(f.width, f.height, f.seed) for f in finals] == [(384, 384, 5), (384, 384, 6)]
    said = next(e for e in events if e.type == "turn.routed").params["prompt"]  # the words, less the asking
    unexpanded = agent.read_request(said).painter_prompt()
    assert {f.prompt for f in finals} == {unexpanded}
    plain = await collect(agent.say(agent.new_session(), "paint four drafts of a lighthouse on a cliff"))
    assert {e.prompt for e in plain if e.type == "draft.final"} != {unexpanded}  # the artist's taste, without

    tiles = await collect(agent.say(session, "paint lemons", options=TurnOptions(pattern=True, n=1)))
    tile = next(e for e in tiles if e.type == "draft.final")
    assert tile.draft is not None and tile.draft.params["pattern"] is True


async def test_reset_and_cancel_draft_read_job_ids_the_same_way() -> None:
    """Session "s" and a session whose id begins "s-job": neither reaches the other's jobs."""
    agent = Agent(get_persona("vespera"), SketchPainter(), MeasuringDescriber(), router=None)  # type: ignore[arg-type]
    ours, theirs = agent.new_session(session_id="s"), agent.new_session(session_id="s-job7")
    job = theirs.new_job_id()
    token = agent.running[job] = CancelToken()  # as the agent holds a running job's token
    with pytest.raises(StudioloError) as refused:
        await collect(agent.cancel_draft(ours, f"{job}.0"))
    assert refused.value.code == "draft.not_running" and not token.skipped(0)
    await collect(agent.reset(ours, by="operator"))
    assert not token.cancelled
    await collect(agent.cancel_draft(theirs, f"{job}.0"))
    assert token.skipped(0)
    await collect(agent.reset(theirs, by="operator"))
    assert token.cancelled
