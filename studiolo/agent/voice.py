"""The artist's voice: replies in character, grounded in what the skill actually did.

Every reply starts from an Outcome, the facts of the turn (how many drafts were made, the draft worked from, the
prompt as expanded, what the drafts approximated or left out, the description, the error). Replies about work
are templates in the persona's voice, in the collaborator's language (English or Korean): a finished job's words
are the skill's own (`Skill.reply`, carried by the Outcome), the rest are here. They can only say what the
Outcome holds, so the artist never claims a result it did not produce, and owns up, once for the batch, to
what it could not draw as asked. The persona's own words (greetings, phrases, questions, refusal) are said as it
wrote them. Small talk goes to the chat model with
the persona as its instructions; a reply that claims to have made something, or rambles past the persona's
sentence length, is replaced by a template (the small embedded model is not reliable enough to be trusted).
Replies are streamed a sentence at a time: the whole reply is known before its first word is sent (a template,
or a chat answer checked first), so smaller deltas would only multiply the events every viewer is sent and the
store keeps, without showing anything sooner.
"""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator
from typing import Literal, Protocol

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from studiolo.drafts import Faithfulness
from studiolo.language import Language
from studiolo.persona.spec import Persona
from studiolo.skills.base import SkillReply

# "done": a skill's job finished, said in the skill's own words (Outcome.reply); the rest are the voice's own
OutcomeKind = Literal[
    "greeting", "done", "uploaded", "accepted", "cancelled", "failed", "clarify", "undrawable", "chat", "refused", "error",
]  # fmt: skip
SENTENCES = {"short": 2, "medium": 3, "long": 4}
SENTENCE = re.compile(r"[^.!?]*[.!?]+\s*|[^.!?]+$")  # each up to its end mark and the spaces after; any rest
CLAIMS = re.compile(
    r"\b(here (is|are)|i('ve| have)? (drawn|painted|made|created|sketched)|attached|see the (image|draft))\b", re.I
)


class Outcome(BaseModel):
    kind: OutcomeKind
    reply: SkillReply | None = None  # "done": what the skill says when its job is done
    lang: Language = "en"  # the collaborator's language: the reply's templates are in it
    count: int = 0
    prompt: str = ""
    expanded: str = ""  # the prompt as painted, when expansion added to it
    description: str = ""
    question: str = ""
    user_text: str = ""
    code: str = ""  # an error's code: the words for the errors a collaborator can cause are in character
    message: str = ""  # an error's message, for failures
    round: int = 1  # a collaboration's round
    numbers: list[int] = Field(default_factory=list)  # the drafts' numbers as people see them (#5, #6)
    source: int | None = None  # the number of the draft the work started from (a refine's parent)
    faithfulness: dict[int, Faithfulness] = Field(default_factory=dict)  # by draft number, for the drafts checked
    unknown: list[str] = Field(default_factory=list)  # "undrawable": the request's things the painter cannot draw
    palette: list[str] = Field(default_factory=list)  # "uploaded": the picture's main colours, named


class Voice:
    def __init__(self, persona: Persona, chat_model: BaseChatModel | None = None) -> None:
        self.persona = persona
        self.chat_model = chat_model

    def uses_model(self, outcome: Outcome) -> bool:
        """Whether the reply to this outcome asks the chat model (model work, which the agent schedules)."""
        # the small chat model speaks English only: a Korean turn gets the persona's own words instead
        return outcome.kind == "chat" and outcome.lang == "en" and self.chat_model is not None

    async def speak(self, outcome: Outcome, *, seed: int = 0, model: bool = True) -> AsyncIterator[str]:
        """The reply as deltas (sentences with their spaces); join them for the whole reply. `model=False`: the
        persona's own words even for small talk (the model's queue was full)."""
        text = await self._chat(outcome, seed) if model and self.uses_model(outcome) else None
        for delta in SENTENCE.findall(text or self.template(outcome, seed=seed)):
            yield delta

    def template(self, outcome: Outcome, *, seed: int = 0) -> str:
        pick = random.Random(f"{seed}/{outcome.kind}/{self.persona.id}")
        phrase = pick.choice(self.persona.voice.phrases) if self.persona.voice.phrases and pick.random() < 0.4 else ""
        words = WORDS[outcome.lang]
        persona = {  # said as the persona wrote them, in whatever language that is
            "greeting": pick.choice(self.persona.greetings),
            "chat": pick.choice(self.persona.questions) if self.persona.questions else words.chat,
            "refused": self.persona.safety.refusal,
        }
        if outcome.kind in persona:
            text = persona[outcome.kind]
        else:
            shortfall = words.honesty(Shortfall.of(outcome.faithfulness))
            text = words.line(outcome, f" {shortfall}" if shortfall else "")
        done = outcome.reply if outcome.kind == "done" else None
        if outcome.source is not None and done is not None and done.names_source:
            text = f"{words.working_from.format(number=outcome.source)} {text}"
        return f"{phrase} {text}".strip() if phrase and (outcome.kind == "chat" or (done and done.phrase)) else text

    async def _chat(self, outcome: Outcome, seed: int) -> str | None:
        persona = self.persona
        limit = SENTENCES[persona.voice.sentence_length]
        system = (
            f"You are {persona.name}, an artist. {persona.tagline} Your tone: {', '.join(persona.voice.tone)}. "
            f"Answer in at most {limit} short sentences. You have not made any image in this reply; never say you have."
        )
        try:
            message = await self.chat_model.ainvoke(  # type: ignore[union-attr]
                [SystemMessage(system), HumanMessage(outcome.user_text)], seed=seed, max_tokens=80
            )
        except Exception:  # noqa: BLE001 - any model failure falls back to the template; the turn goes on
            return None
        text = message.content if isinstance(message.content, str) else ""
        sentences = re.findall(r"[^.!?]+[.!?]", text.strip())
        reply = " ".join(s.strip() for s in sentences[:limit])
        if not reply or CLAIMS.search(reply):
            return None
        return reply


class Shortfall(BaseModel):
    """What a batch of drafts did not draw as asked, summed up once for the whole batch."""

    approximated: dict[str, str] = Field(default_factory=dict)  # the request's word -> what was drawn for it
    missing: list[str] = Field(default_factory=list)  # words no checked draft drew
    missing_from: dict[str, list[int]] = Field(default_factory=dict)  # words some drafts lack -> those drafts' numbers
    faint: list[str] = Field(
        default_factory=list
    )  # named colours (or backgrounds) that no checked draft shows enough of

    @classmethod
    def of(cls, faithfulness: dict[int, Faithfulness]) -> Shortfall:
        shortfall = cls()
        lacking: dict[str, list[int]] = {}
        for number, checked in sorted(faithfulness.items()):
            for word, label in checked.approximated.items():
                shortfall.approximated.setdefault(word, label)
            for word in checked.missing:
                lacking.setdefault(word, []).append(number)
        for word, numbers in lacking.items():
            if len(numbers) == len(faithfulness):
                shortfall.missing.append(word)
            else:
                shortfall.missing_from[word] = numbers
        colour_misses = [{c.name.partition(":")[2] for c in f.failed if c.name.startswith(("color:", "background:"))}
                         for f in faithfulness.values()]  # fmt: skip
        if colour_misses:
            shortfall.faint = sorted(set.intersection(*colour_misses))
        return shortfall


class Words(Protocol):
    """The voice's own words in one language: every template, and how it sums up a shortfall."""

    chat: str  # asked when the persona has no questions of its own
    working_from: str  # "Working from #{number}:"
    errors: dict[str, str]  # in-character words for the errors a collaborator can cause, by code

    def line(self, outcome: Outcome, honesty: str) -> str: ...

    def honesty(self, shortfall: Shortfall) -> str: ...


class English:
    chat = "What shall we make?"
    working_from = "Working from #{number}:"
    errors = {
        "turn.empty": "I didn't catch any words there. What shall we make?",
        "turn.too_long": "That is a lot to take in at once! Could you tell me the heart of it in a few lines?",
        "draft.not_found": "I can't find that draft. Which one do you mean? You can say its number, like #2.",
        "role.forbidden": "Observers can watch everything, but only the designer can ask me to paint.",
        "feedback.invalid": "Ratings go from -2 to 2. How would you rate it?",
        "busy": "My easel is full right now. Give me a moment and ask again?",
        "quota.jobs": "You have plenty waiting on my easel already. Let those finish, then ask again?",
        "wear.not_a_pattern": "That one is a picture, not a seamless tile: on a dress its edges would show as seams "
        "all over. I can print it once on a tote, or make a pattern from it first. Which would you like?",
    }

    def line(self, outcome: Outcome, honesty: str) -> str:
        """The reply's template, with what was not drawn as asked (`honesty`, "" or a sentence or two with a
        leading space) before any question."""
        drafts = _drafts_en(outcome.count, outcome.numbers)
        expanded = (
            f" I painted it as “{outcome.expanded}”." if outcome.expanded and outcome.expanded != outcome.prompt else ""
        )
        if outcome.kind == "done":
            assert outcome.reply is not None, "a finished job is replied to in its skill's words"
            fields = _fields(outcome, drafts=drafts, expanded=expanded, honesty=honesty)
            return outcome.reply.en.format_map(fields | {"is_are": "is" if outcome.count == 1 else "are"})
        colours = f" in its colours ({_joined(outcome.palette, 'and')})" if outcome.palette else " in its colours"
        lines = {
            "uploaded": f"{outcome.description} What shall we do with it? I could refine it, paint something new"
            f"{colours}, or make a pattern from it.".strip(),
            "accepted": f"Wonderful, we have it: {drafts}.",
            "cancelled": "Stopped. Nothing half-finished was kept.",
            "failed": self.errors.get(outcome.code, f"Something went wrong with my brushes: {outcome.message}"),
            "clarify": outcome.question,
            "undrawable": f"I don't know how to draw {_joined([f'the {word}' for word in outcome.unknown], 'or')} yet, so I haven't "
            "painted anything. Could you describe it in other words, or name something else for me to paint?",
            "error": self.errors.get(outcome.code, outcome.message),
        }
        return lines[outcome.kind]

    def honesty(self, shortfall: Shortfall) -> str:
        sentences = []
        if shortfall.approximated:
            words, labels = list(shortfall.approximated), list(shortfall.approximated.values())
            sentences.append(f"I had no {_joined(words, 'or')}, so I drew {_joined(labels, 'and')} instead.")
        lacks = [f"{_joined([f'#{n}' for n in numbers], 'and')} {'has' if len(numbers) == 1 else 'have'} no {word}"
                 for word, numbers in shortfall.missing_from.items()]  # fmt: skip
        if shortfall.missing:
            couldnt = f"I couldn't draw {_joined([f'the {word}' for word in shortfall.missing], 'or')}"
            sentences.append(f"{couldnt}, and {'; '.join(lacks)}." if lacks else f"{couldnt}.")
        elif lacks:
            sentences.append(f"{'; '.join(lacks)}.")
        if shortfall.faint:
            faint = _joined(shortfall.faint, "and")
            sentences.append(
                f"{faint[0].upper()}{faint[1:]} {'shows' if len(shortfall.faint) == 1 else 'show'} less than you asked for."
            )
        return " ".join(sentences)


class Korean:
    # Korean particles change with the word before them: a word or number from the outcome goes only where no
    # particle follows (before a colon or comma, in a list)
    chat = "무엇을 만들어 볼까요?"
    working_from = "#{number}에서 이어서 작업했어요."
    errors = {
        "turn.empty": "아무 말도 들리지 않았어요. 무엇을 만들어 볼까요?",
        "turn.too_long": "한 번에 듣기엔 너무 길어요! 핵심만 몇 줄로 말해 줄래요?",
        "draft.not_found": "그 초안을 찾을 수 없어요. 어느 것인가요? #2처럼 번호로 말해 주세요.",
        "role.forbidden": "관찰자는 모든 것을 볼 수 있지만, 그림을 부탁할 수 있는 건 디자이너뿐이에요.",
        "feedback.invalid": "점수는 -2부터 2까지예요. 몇 점을 줄래요?",
        "busy": "지금은 이젤이 꽉 찼어요. 잠시 뒤에 다시 부탁해 줄래요?",
        "quota.jobs": "이미 기다리는 그림이 많아요. 그것들이 끝나면 다시 부탁해 줄래요?",
        "wear.not_a_pattern": "이건 이어지는 타일이 아니라 그림이라, 옷 전체에 찍으면 가장자리가 이음새처럼 보여요. "
        "에코백에 한 번 크게 찍거나, 먼저 패턴으로 만들어 볼까요?",
    }

    def line(self, outcome: Outcome, honesty: str) -> str:
        drafts = _drafts_ko(outcome.count, outcome.numbers)
        expanded = (
            f" “{outcome.expanded}”처럼 그렸어요." if outcome.expanded and outcome.expanded != outcome.prompt else ""
        )
        if outcome.kind == "done":
            assert outcome.reply is not None, "a finished job is replied to in its skill's words"
            return outcome.reply.ko.format_map(_fields(outcome, drafts=drafts, expanded=expanded, honesty=honesty))
        colours = f"이 색들({', '.join(outcome.palette)})로" if outcome.palette else "이 색들로"
        lines = {
            "uploaded": f"{outcome.description} 이 이미지로 무엇을 할까요? 다듬어 볼 수도 있고, {colours} 새 그림을 "
            "그리거나, 패턴으로 만들 수도 있어요.".strip(),
            "accepted": f"좋아요, 정해졌어요: {drafts}.",
            "cancelled": "멈췄어요. 덜 끝난 것은 남기지 않았어요.",
            "failed": self.errors.get(outcome.code, f"붓에 문제가 생겼어요: {outcome.message}"),
            "clarify": outcome.question,
            "undrawable": f"아직 그릴 줄 모르는 것이에요: {', '.join(outcome.unknown)}. 그래서 아무것도 그리지 않았어요. "
            "다른 말로 설명해 주거나, 그릴 수 있는 다른 것을 말해 줄래요?",
            "error": self.errors.get(outcome.code, outcome.message),
        }
        return lines[outcome.kind]

    def honesty(self, shortfall: Shortfall) -> str:
        sentences = []
        if shortfall.approximated:
            stand_ins = ", ".join(f"{word} → {label}" for word, label in shortfall.approximated.items())
            sentences.append(f"없는 것은 비슷한 것으로 대신 그렸어요: {stand_ins}.")
        lacking = shortfall.missing + [
            f"{word}({', '.join(f'#{n}' for n in numbers)})" for word, numbers in shortfall.missing_from.items()
        ]
        if lacking:
            sentences.append(f"그리지 못한 것도 있어요: {', '.join(lacking)}.")
        if shortfall.faint:
            sentences.append(f"부탁한 것보다 덜 보이는 색도 있어요: {', '.join(shortfall.faint)}.")
        return " ".join(sentences)


WORDS: dict[Language, Words] = {"en": English(), "ko": Korean()}


def _fields(outcome: Outcome, **words: str) -> dict[str, object]:
    """What a skill's reply template may name (see SkillReply)."""
    facts = {"prompt": outcome.prompt, "description": outcome.description, "round": outcome.round}
    return facts | {"message": outcome.message} | words


def _drafts_en(count: int, numbers: list[int]) -> str:
    if numbers:
        return f"{'draft' if len(numbers) == 1 else 'drafts'} {', '.join(f'#{n}' for n in numbers)}"
    return {1: "one draft", 2: "two drafts", 3: "three drafts", 4: "four drafts"}.get(count, f"{count} drafts")


def _drafts_ko(count: int, numbers: list[int]) -> str:
    if numbers:
        return f"초안 {', '.join(f'#{n}' for n in numbers)}"
    return {1: "초안 한 장", 2: "초안 두 장", 3: "초안 세 장", 4: "초안 네 장"}.get(count, f"초안 {count}장")


def _joined(items: list[str], conjunction: str) -> str:
    """ "", "a", "a and b", "a, b and c"."""
    if not items:
        return ""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
