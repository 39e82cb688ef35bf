"""Routing a turn to a skill: accuracy on a labelled set, context rules, params, asking back, tool calling with its
fallbacks, bad input, and `studiolo route` as a user runs it."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from studiolo.agent.router import MAX_TURN_CHARS, RouteDecision, SemanticRouter, SkillSet, ToolCallingRouter
from studiolo.agent.router.gloss import Glossary
from studiolo.cli import main
from studiolo.errors import StudioloError

pytestmark = pytest.mark.slow

# One turn a line: {"text", "with_draft", "with_image", "skill"}, and "tags": ["heldout"] on the turns written after
# the router's parameters were set (never tuned on). English and Korean; paraphrases, typos, and turns whose skill
# depends on the context ("make it warmer" refines a draft, and asks back without one).
LABELLED = Path(__file__).parent / "routing_utterances.jsonl"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
SKILLSET = SkillSet()  # the built-in skills, then chat
SKILLS = SKILLSET.names
GARMENT = ("wear", "colourways")


def labelled() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def router() -> SemanticRouter:
    return SemanticRouter()


def route(router: SemanticRouter, text: str, *, draft: bool = False, image: bool = False) -> RouteDecision:
    return router.route(text, with_draft=draft, with_image=image)


# --- the labelled set -------------------------------------------------------------------------------------------


def test_labelled_set_is_large_varied_and_unlike_the_examples() -> None:
    rows = labelled()
    assert len(rows) >= 150
    assert {row["skill"] for row in rows} == {*SKILLS, "clarify"}
    assert sum(bool(HANGUL.search(row["text"])) for row in rows) >= 40
    assert sum(row["with_draft"] or row["with_image"] for row in rows) >= 100
    # the router is measured on sentences it does not hold as examples
    examples = {text.strip().lower() for target in SKILLSET.targets for text in target.routing.examples}
    assert not [row["text"] for row in rows if row["text"].strip().lower() in examples]


@pytest.fixture(scope="module")
def labelled_decisions(router: SemanticRouter) -> list[tuple[dict[str, Any], RouteDecision]]:
    """Every labelled turn with its decision, routed once for all the accuracy tests."""
    return [(row, route(router, row["text"], draft=row["with_draft"], image=row["with_image"])) for row in labelled()]


def accuracy_report(decisions: list[tuple[dict[str, Any], RouteDecision]]) -> tuple[float, str]:
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    for row, decision in decisions:
        confusion[(row["skill"], decision.skill)] += 1
        if decision.skill != row["skill"]:
            context = "+".join(k for k in ("with_draft", "with_image") if row[k]) or "no context"
            misses.append(
                f"  {row['skill']:>11} -> {decision.skill:<11} {decision.confidence:.2f}  {row['text']!r} ({context})"
            )
    correct = sum(n for (want, got), n in confusion.items() if want == got)
    labels = [*SKILLS, "clarify"]
    table = ["expected \\ routed " + " ".join(f"{s[:5]:>5}" for s in labels)]
    table += [f"{want:>17} " + " ".join(f"{confusion[(want, got)] or '.':>5}" for got in labels) for want in labels]
    return correct / len(decisions), "\n".join(["confusion:", *table, "misses:", *misses])


@pytest.mark.parametrize(
    ("subset", "keep", "minimum"),
    [
        ("all", lambda row: True, 0.90),
        # written after the router's parameters were set and never tuned on: how it does on new words
        ("held out", lambda row: "heldout" in row.get("tags", []), 0.85),
        # each language at least where it was before the Korean gloss (English 0.954, Korean 0.933 then)
        ("English", lambda row: not HANGUL.search(row["text"]), 0.95),
        ("Korean", lambda row: bool(HANGUL.search(row["text"])), 0.93),
        # "show it on a dress", "원피스에 입혀 줘", "4 colourways", "컬러웨이 세 가지": none routed in Korean before
        ("garment requests, English", lambda row: row["skill"] in GARMENT and not HANGUL.search(row["text"]), 0.95),
        ("garment requests, Korean", lambda row: row["skill"] in GARMENT and bool(HANGUL.search(row["text"])), 0.85),
        ("with a draft or image", lambda row: row["with_draft"] or row["with_image"], 0.90),
    ],
)
def test_semantic_router_accuracy(
    labelled_decisions: list[tuple[dict[str, Any], RouteDecision]], subset: str, keep: Any, minimum: float
) -> None:
    decisions = [(row, decision) for row, decision in labelled_decisions if keep(row)]
    accuracy, report = accuracy_report(decisions)
    assert accuracy >= minimum, f"{subset}: accuracy {accuracy:.3f} over {len(decisions)} turns\n{report}"


@pytest.mark.parametrize("skill", [*SKILLS, "clarify"])
def test_every_skill_keeps_its_turns(
    labelled_decisions: list[tuple[dict[str, Any], RouteDecision]], skill: str
) -> None:
    """No skill's turns are lost to another's words: each skill's own turns, in both languages, mostly reach it."""
    decisions = [(row, decision) for row, decision in labelled_decisions if row["skill"] == skill]
    accuracy, report = accuracy_report(decisions)
    assert accuracy >= 0.8, f"{skill}: accuracy {accuracy:.3f} over {len(decisions)} turns\n{report}"


def test_a_korean_turn_is_read_in_english_words() -> None:
    glossary = SKILLSET.glossary
    assert glossary.english("이 패턴을 원피스에 입혀 줘") == "this pattern dress wear"
    assert glossary.english("컬러웨이 세 가지 보여 줘") == "colourways kinds show"
    # things the sketch painter's lexicon knows keep a request for a new picture one ("draw a dog", not "draw")
    assert glossary.english("강아지가 공원에서 뛰노는 그림 그려줘") == "dog picture draw"
    assert glossary.english("2번 그림의 팔레트로 칠해 줘") == "2 picture palette colour"
    assert glossary.english("뛰노는") is None  # nothing known: the router reads the Korean words themselves
    assert glossary.english("make it warmer") is None
    with pytest.raises(ValueError, match="glossed both"):
        Glossary([{"옷": "clothes"}, {"옷": "garment"}])


# --- context rules ----------------------------------------------------------------------------------------------


def test_feedback_refines_a_draft_and_asks_back_without_one(router: SemanticRouter) -> None:
    assert route(router, "make it warmer", draft=True).skill == "refine"
    assert route(router, "make it warmer", image=True).skill == "refine"
    alone = route(router, "make it warmer")
    assert alone.skill == "clarify" and alone.source == "rules"
    assert "no draft" in alone.params["question"]


def test_feedback_naming_a_subject_without_a_draft_becomes_a_new_picture(router: SemanticRouter) -> None:
    decision = route(router, "add stars to a night sky over the sea")
    assert decision.skill == "imagine" and decision.source == "rules"
    assert "night sky" in decision.params["prompt"] and "add" not in decision.params["prompt"].split()


def test_an_attached_image_makes_describe_likelier(router: SemanticRouter) -> None:
    text = "look at this one"
    plain = router.probabilities(text)
    attached = router.probabilities(text, with_image=True)
    assert attached["describe"] > plain["describe"]
    assert route(router, "what is this", image=True).skill == "describe"
    assert route(router, "what is this").skill == "clarify"


def test_a_current_draft_makes_its_skills_likelier(router: SemanticRouter) -> None:
    text = "bigger"
    plain = router.probabilities(text)
    with_draft = router.probabilities(text, with_draft=True)
    for skill in ("refine", "upscale", "extend", "pattern"):
        assert with_draft[skill] / with_draft["chat"] > plain[skill] / plain["chat"]


@pytest.mark.parametrize(("skill", "text"), [("upscale", "upscale it to 4k"), ("extend", "extend it to the left")])
def test_image_skills_ask_back_when_there_is_no_image(router: SemanticRouter, skill: str, text: str) -> None:
    assert route(router, text, draft=True).skill == skill
    alone = route(router, text)
    assert alone.skill == "clarify" and alone.params["question"].startswith("There's no draft yet")


def test_a_new_subject_is_imagined_even_with_a_draft(router: SemanticRouter) -> None:
    decision = route(router, "now draw something completely different: a lighthouse", draft=True)
    assert decision.skill == "imagine" and decision.params["prompt"] == "lighthouse"


def test_small_talk_goes_to_chat(router: SemanticRouter) -> None:
    for text in ("hello!", "who are you, really?", "안녕하세요, 반가워요"):
        assert route(router, text).skill == "chat", text


# --- params -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "draft", "skill", "params"),
    [
        ("can you paint four drafts of a harbour at dawn", False, "imagine", {"prompt": "harbour at dawn", "n": 4}),
        ("draw me 3 options for a tea label with mint", False, "imagine", {"prompt": "tea label with mint", "n": 3}),
        ("three cats on a roof", False, "imagine", {"prompt": "three cats on a roof"}),  # a subject, not a count
        ("바닷가 마을 그림 두 장 그려 줘", False, "imagine", {"prompt": "바닷가 마을", "n": 2}),
        (
            "paint one image of a lighthouse at 1024x768",
            False,
            "imagine",
            {"prompt": "lighthouse", "n": 1, "width": 1024, "height": 768},
        ),
        ("draw a cat in 2048 px please", False, "imagine", {"prompt": "cat", "width": 2048, "height": 2048}),
        ("paint a 4k city skyline", False, "imagine", {"prompt": "4k city skyline"}),  # a style word, not pixels
        (
            "paint a red fox in the snow, exactly as I said",
            False,
            "imagine",
            {"prompt": "red fox in the snow", "expand": False},
        ),
        (
            "draw three lemons on a plate, no additions",
            False,
            "imagine",
            {"prompt": "three lemons on a plate", "expand": False},
        ),
        ("paint a lighthouse at dusk as written", False, "imagine", {"prompt": "lighthouse at dusk", "expand": False}),
        ("paint a quiet harbour town, literally", False, "imagine", {"prompt": "quiet harbour town", "expand": False}),
        ("눈 속의 빨간 여우 말한 그대로 그려 줘", False, "imagine", {"prompt": "눈 속의 빨간 여우", "expand": False}),
        ("upscale it to 2048", True, "upscale", {"width": 2048, "height": 2048}),
        ("I need it in 4k", True, "upscale", {"width": 4096, "height": 4096}),
        ("upscale to 3000x2000", True, "upscale", {"width": 3000, "height": 2000}),
        ("double the resolution", True, "upscale", {"scale": 2}),
        ("upscale it", True, "upscale", {}),
        ("extend it to the left", True, "extend", {"direction": "left"}),
        ("make the canvas wider", True, "extend", {"direction": "horizontal"}),
        ("outpaint the top", True, "extend", {"direction": "up"}),
        ("오른쪽으로 확장해 줘", True, "extend", {"direction": "right"}),
        ("a seamless pattern of lemons and leaves", False, "pattern", {"motif": "lemons and leaves"}),
        # the colours and things that describe the motif stay with it; what it is for does not
        (
            "a scarf print of koi and waves in coral and indigo for my spring line",
            False,
            "pattern",
            {"motif": "koi and waves in coral and indigo"},
        ),
        ("딸기 패턴 만들어 줘", False, "pattern", {"motif": "딸기"}),
        ("turn this into a seamless pattern", True, "pattern", {}),  # the draft is the motif
        ("more yellow, less busy please", True, "refine", {"feedback": "more yellow, less busy"}),
        ("let's design a label for my bakery together", False, "collaborate", {"brief": "label for my bakery"}),
    ],
)
def test_params_are_read_from_the_words(
    router: SemanticRouter, text: str, draft: bool, skill: str, params: dict[str, Any]
) -> None:
    decision = route(router, text, draft=draft)
    assert (decision.skill, decision.params) == (skill, params)


def test_sizes_beyond_the_painter_are_not_read(router: SemanticRouter) -> None:
    decision = route(router, "upscale it to 8k", draft=True)
    assert decision.skill == "upscale" and decision.params == {}
    decision = route(router, "paint a cat at 9000x9000")
    assert decision.skill == "imagine" and decision.params == {"prompt": "cat"}


# --- asking back ------------------------------------------------------------------------------------------------


def test_below_the_threshold_the_artist_asks_which_was_meant(router: SemanticRouter) -> None:
    vague = route(router, "do the thing")
    assert vague.skill == "clarify" and vague.source == "semantic" and vague.confidence < router.threshold
    assert vague.params["question"].endswith("?") and len(vague.params["options"]) == 2

    strict = copy.copy(router)
    strict.threshold = 1.0
    decision = route(strict, "make it warmer", draft=True)
    assert decision.skill == "clarify"
    assert decision.params["options"][0] == "refine"
    assert "change the current draft" in decision.params["question"]


def test_options_offered_are_possible_in_context(router: SemanticRouter) -> None:
    strict = copy.copy(router)
    strict.threshold = 1.0
    decision = route(strict, "make it warmer")  # refine is likeliest, but there is nothing to refine
    assert decision.skill == "clarify"
    assert not {"refine", "describe", "upscale", "extend"} & set(decision.params.get("options", []))


def test_korean_turns_are_asked_back_in_korean(router: SemanticRouter) -> None:
    decision = route(router, "좀 더 따뜻하게 해줘")
    assert decision.skill == "clarify" and HANGUL.search(decision.params["question"])


def test_nothing_to_paint_asks_what_to_paint(router: SemanticRouter) -> None:
    decision = route(router, "그림을 그려줘")
    assert decision.skill == "clarify" and decision.params["question"] == "무엇을 그려 드릴까요?"


# --- bad input --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "turn.empty"),
        ("  \n\t ", "turn.empty"),
        ("x" * (MAX_TURN_CHARS + 1), "turn.too_long"),
        ("paint \ud800", "turn.not_utf8"),
    ],
)
def test_unusable_turns_raise_a_coded_error(router: SemanticRouter, text: str, code: str) -> None:
    with pytest.raises(StudioloError) as raised:
        router.route(text)
    assert raised.value.code == code and raised.value.field == "text"


def test_the_longest_allowed_turn_is_routed(router: SemanticRouter) -> None:
    decision = route(router, "paint a garden with roses and " + "tulips " * ((MAX_TURN_CHARS - 40) // 7))
    assert decision.skill == "imagine" and len(decision.params["prompt"]) <= MAX_TURN_CHARS


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300), draft=st.booleans(), image=st.booleans())
def test_any_text_gets_a_decision_or_a_coded_error(router: SemanticRouter, text: str, draft: bool, image: bool) -> None:
    try:
        decision = route(router, text, draft=draft, image=image)
    except StudioloError as error:
        assert error.code in {"turn.empty", "turn.not_utf8"}
        return
    assert decision.skill in {*SKILLS, "clarify"} and 0.0 <= decision.confidence <= 1.0
    json.dumps(decision.model_dump())  # always serialisable onto the wire


# --- routing by tool call ---------------------------------------------------------------------------------------


class ScriptedToolModel(BaseChatModel):
    """A chat model with tool calling that answers from a script: AIMessages, or exceptions to raise."""

    script: list[Any]
    seen_tools: list[str] = []
    seen_messages: list[BaseMessage] = []

    @property
    def _llm_type(self) -> str:
        return "scripted-tools"

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.seen_tools = [tool["function"]["name"] for tool in tools]
        return self.bind(tools=tools, **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        assert "tools" in kwargs, "the tools must reach the model"
        self.seen_messages = messages
        answer = self.script.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return ChatResult(generations=[ChatGeneration(message=answer)])


def tool_call(name: str, args: dict[str, Any]) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": "call-1"}])


def test_the_model_routes_by_tool_call(router: SemanticRouter) -> None:
    model = ScriptedToolModel(script=[tool_call("pattern", {"motif": "lemons", "stray": 1})])
    tool_router = ToolCallingRouter(model, fallback=router)
    assert tool_router.supports_tools
    decision = tool_router.route("something citrus, on repeat", with_draft=True)
    assert decision == RouteDecision(skill="pattern", confidence=1.0, params={"motif": "lemons"}, source="tool_call")
    assert model.seen_tools == [*SKILLS, "clarify"]
    assert "Current draft: yes. Attached image: none." in str(model.seen_messages[0].content)


def test_the_model_may_ask_back(router: SemanticRouter) -> None:
    model = ScriptedToolModel(script=[tool_call("clarify", {"question": "Lemons or limes?"})])
    decision = ToolCallingRouter(model, fallback=router).route("citrus")
    assert (decision.skill, decision.params, decision.source) == (
        "clarify",
        {"question": "Lemons or limes?"},
        "tool_call",
    )


@pytest.mark.parametrize(
    ("answer", "with_draft", "reason"),
    [
        (RuntimeError("connection reset"), True, "raised RuntimeError: connection reset"),
        (AIMessage(content="Sure, I'll make it warmer!"), True, "without a tool call"),
        (tool_call("paint_the_wall", {}), True, "unknown tool 'paint_the_wall'"),
        (tool_call("imagine", {"prompt": "warm", "n": 99}), True, "arguments for imagine are invalid"),
        (tool_call("refine", {"feedback": "warmer"}), False, "chose refine with no draft or image"),
    ],
)
def test_a_failing_model_falls_back_to_the_semantic_router(
    router: SemanticRouter, caplog: pytest.LogCaptureFixture, answer: Any, with_draft: bool, reason: str
) -> None:
    tool_router = ToolCallingRouter(ScriptedToolModel(script=[answer]), fallback=router)
    with caplog.at_level(logging.WARNING, logger="studiolo.agent.router.tool_calling"):
        decision = tool_router.route("make it warmer", with_draft=with_draft)
    assert decision == router.route("make it warmer", with_draft=with_draft)
    assert decision.source != "tool_call"
    assert reason in caplog.text


def test_a_model_without_tool_calling_uses_the_semantic_router(router: SemanticRouter) -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(content="hello")]))
    tool_router = ToolCallingRouter(model, fallback=router)
    assert not tool_router.supports_tools
    assert tool_router.route("upscale it to 4k", with_draft=True) == router.route("upscale it to 4k", with_draft=True)


async def test_routing_leaves_the_event_loop_free(router: SemanticRouter) -> None:
    """The embedding runs in a worker thread: a server keeps streaming other sessions' drafts while a turn routes."""
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(tick())
    decision = await router.aroute("paint a lighthouse on a stormy sea at dusk")
    ticker.cancel()
    assert decision.skill == "imagine" and ticks > 1


async def test_async_routing_by_tool_call_and_by_fallback(router: SemanticRouter) -> None:
    model = ScriptedToolModel(script=[tool_call("upscale", {"width": 4096, "height": 4096}), TimeoutError("slow")])
    tool_router = ToolCallingRouter(model, fallback=router)
    first = await tool_router.aroute("go big", with_draft=True)
    assert (first.skill, first.params, first.source) == ("upscale", {"width": 4096, "height": 4096}, "tool_call")
    second = await tool_router.aroute("extend it to the left", with_draft=True)
    assert (second.skill, second.source) == ("extend", "semantic")


def test_bad_turns_never_reach_the_model(router: SemanticRouter) -> None:
    model = ScriptedToolModel(script=[])  # any call would fail on the empty script
    with pytest.raises(StudioloError) as raised:
        ToolCallingRouter(model, fallback=router).route("   ")
    assert raised.value.code == "turn.empty"


# --- `studiolo route` -------------------------------------------------------------------------------------------

BATCH_LINES = [
    json.dumps({"text": "make it 4k", "with_draft": True}),
    "",
    "this is not json",
    json.dumps(["a", "list"]),
    json.dumps({"text": "  "}),
    json.dumps({"text": "hi", "with_draft": "yes"}),
    json.dumps({"with_draft": True}),
    json.dumps({"text": "x" * (MAX_TURN_CHARS + 1)}),
    json.dumps({"text": "딸기 패턴 만들어 줘", "skill": "pattern"}, ensure_ascii=False),
    json.dumps({"text": "extend it to the left"}),  # --with-draft stands in for the key it leaves out
    json.dumps({"text": "extend it to the left", "with_draft": False}),
]


def studiolo(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUTF8": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "studiolo.cli", *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[str]]:
    """The commands that load the model, started together so that their loads overlap."""
    batch = tmp_path_factory.mktemp("route") / "turns.jsonl"
    batch.write_text("\n".join(BATCH_LINES) + "\n", encoding="utf-8")
    started = {
        "json": studiolo("route", "--json", "can you paint four drafts of a harbour at dawn"),
        "batch": studiolo("route", "--batch", str(batch), "--with-draft"),
    }
    done = {}
    for name, process in started.items():
        out, err = process.communicate(timeout=300)
        done[name] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return done


def test_route_prints_skill_confidence_and_params(router: SemanticRouter, capsys: pytest.CaptureFixture[str]) -> None:
    # in this process, where MiniLM is already loaded; the JSON and batch forms run as real processes below
    assert main(["route", "--with-draft", "more yellow, less busy"]) == 0
    out, err = capsys.readouterr()
    lines = dict(line.split(": ", 1) for line in out.splitlines())
    assert (
        lines["skill"] == "refine" and 0 < float(lines["confidence"]) <= 1 and lines["source"] in ("rules", "semantic")
    )
    assert json.loads(lines["params"]) == {"feedback": "more yellow, less busy"}


def test_route_json_is_one_object(cli_runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    run = cli_runs["json"]
    assert run.returncode == 0, run.stderr
    (line,) = run.stdout.splitlines()
    result = json.loads(line)
    assert set(result) == {"skill", "confidence", "params"}
    assert result["skill"] == "imagine" and result["params"] == {"prompt": "harbour at dawn", "n": 4}


def test_route_batch_answers_every_line_and_reports_bad_ones(
    cli_runs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    run = cli_runs["batch"]
    assert run.returncode == 0 and run.stderr == "", run.stderr
    results = [json.loads(line) for line in run.stdout.splitlines()]
    by_line = {result["line"]: result for result in results}
    assert sorted(by_line) == [1, 3, 4, 5, 6, 7, 8, 9, 10, 11]  # one result a line; the blank line 2 is skipped
    assert by_line[1]["skill"] == "upscale" and by_line[1]["params"] == {"width": 4096, "height": 4096}
    codes = {n: result["error"]["code"] for n, result in by_line.items() if "error" in result}
    assert codes == {
        3: "batch.bad_json",
        4: "batch.bad_line",
        5: "turn.empty",
        6: "batch.bad_line",
        7: "batch.bad_line",
        8: "turn.too_long",
    }
    assert by_line[6]["error"]["field"] == "with_draft" and by_line[7]["error"]["field"] == "text"
    assert by_line[9]["skill"] == "pattern" and by_line[9]["params"] == {"motif": "딸기"}
    assert by_line[10]["skill"] == "extend" and by_line[10]["params"] == {"direction": "left"}
    assert by_line[11]["skill"] == "clarify"  # with_draft false on the line itself: nothing to extend


@pytest.mark.parametrize(
    ("args", "code", "status"),
    [
        (["route", "   "], "turn.empty", 1),
        (["route", "x" * (MAX_TURN_CHARS + 1)], "turn.too_long", 1),
        (["route", "--batch", "/no/such/turns.jsonl"], "batch.not_found", 1),
        (["route"], "usage", 2),
        (["route", "hello", "--batch", "turns.jsonl"], "usage", 2),
    ],
)
def test_route_errors_are_one_line(args: list[str], code: str, status: int) -> None:
    process = studiolo(*args)
    out, err = process.communicate(timeout=120)
    assert process.returncode == status and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("studiolo: ") and line.endswith(f"[{code}]"), line
