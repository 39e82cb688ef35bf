"""The Agent: one turn at a time, from a collaborator's words to the skill's events and the artist's reply.

    say(session, text)  ->  check the turn  ->  route it  ->  fill the skill's params (Skill.fill: the words, the
                            turn's draft, language and options)  ->  run the skill  ->  record its events
                        ->  reply in the persona's voice (the skill's own words), in the turn's language

Every event goes through `session.record` (which numbers it) before it is yielded, so whoever listens sees
exactly what the session keeps. Errors the collaborator can cause become an `error` event with a stable code and
an in-character reply; the session lives on. The agent owns dialogue state and decisions; skills own the work.
"""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, Literal, Protocol

from pydantic import ValidationError

from studiolo.agent.expansion import expand_prompt
from studiolo.agent.references import resolve_reference
from studiolo.agent.router.decision import RouteDecision, check_turn_text
from studiolo.agent.session import ARTIST, Participant, Role, Session
from studiolo.agent.voice import Outcome, OutcomeKind, Voice
from studiolo.drafts import Draft, Feedback
from studiolo.errors import StudioloError
from studiolo.events import (
    CollaborationUpdate,
    CursorMoved,
    DraftCancelled,
    DraftDescribed,
    DraftFeedback,
    DraftFinal,
    ErrorEvent,
    Event,
    JobCancelled,
    JobFailed,
    JobQueued,
    ReplyDelta,
    ReplyDone,
    SessionReset,
    TurnRouted,
    TurnSaid,
)  # fmt: skip
from studiolo.jobs import JobId, PreviewId
from studiolo.language import Language, detect_language
from studiolo.model.adherence import ThingDetector
from studiolo.model.protocols import CancelToken, Describer, Embedder, Painter
from studiolo.model.sketch.request import request_reader
from studiolo.persona.spec import Persona
from studiolo.skills import builtin_skills
from studiolo.skills.base import Skill, SkillContext, TurnContext, TurnOptions
from studiolo.skills.collaborate import Collaborate, CollaborationAnswer, CollaborationState

DIFFUSION_TILE = 512
UPLOADED = "upload"  # the skill an upload's turn is recorded under (turn.routed), and its drafts' skill
CursorAction = Literal["select", "branch", "undo", "redo"]


class Router(Protocol):
    async def aroute(self, text: str, *, with_draft: bool = False, with_image: bool = False) -> RouteDecision: ...


class JobTicket(Protocol):
    position: int  # how many jobs go before this one (0: next)

    def positions(self, cancel: CancelToken) -> AsyncIterator[int]:
        """The position now, then each new one while the job waits; ends when its turn comes or `cancel` is set."""
        ...

    def release(self) -> None: ...


class JobGate(Protocol):
    """Decides when model work may run (the server's fair scheduler): every job, and the chat model's small talk;
    raises StudioloError ("busy", "quota.jobs") when full."""

    def admit(self, session_id: str, job_id: str) -> JobTicket: ...


class Agent:
    def __init__(self, persona: Persona, painter: Painter, describer: Describer, router: Router, *,
                 voice: Voice | None = None, gate: JobGate | None = None, preview_interval: float = 0.0,
                 expand: bool = True, self_check_tries: int = 3, embedder: Embedder | None = None,
                 detector: ThingDetector | None = None, skills: Sequence[Skill] | None = None) -> None:  # fmt: skip
        self.persona = persona
        # how requests are read for this painter; with an embedder, a word it has no motif for gets the nearest
        self.read_request = request_reader(painter, embedder)
        self.self_check_tries = self_check_tries  # settings: agent.self_check_tries
        self.detector = detector  # for painters that do not say what they drew: whether a thing shows (CLIP)
        self.expand = expand  # may the artist enrich short prompts with its taste (settings: agent.expand)
        self.gate = gate
        self.preview_interval = preview_interval  # the least time between two previews of one draft
        self.painter = painter
        self.describer = describer
        self.router = router
        self.voice = voice or Voice(persona)
        # the skills it can run (the router must know the same ones): studiolo.skills' list unless told otherwise
        self.skills: dict[str, Skill] = {
            skill.name: skill for skill in (builtin_skills() if skills is None else skills)
        }
        self.running: dict[str, CancelToken] = {}  # job id -> its cancel token

    def new_session(self, *, session_id: str | None = None, designer: str = "designer") -> Session:
        session = Session(self.persona.id, session_id=session_id)
        session.join(Participant(id=designer, role="designer"))
        return session

    async def greet(self, session: Session) -> AsyncIterator[Event]:
        async for event in self._reply(session, Outcome(kind="greeting")):
            yield event

    async def say(
        self, session: Session, text: str, *, speaker: str = "designer", attachments: list[str] | None = None,
        options: TurnOptions | None = None,
    ) -> AsyncIterator[Event]:  # fmt: skip
        """One turn of the conversation: every event it produced, recorded, in order; replied to in its language.

        `options` (n, size, seed, pattern, exact) win over what the words imply, where the skill has them; its
        `lang` over the words' language, for this turn's reply and for the replies after it (_language); with
        `options.skill` the turn goes to that skill with `options.args`, and the words are its record in the chat."""
        lang = (options.lang if options else None) or detect_language(text, default=self._language(session))
        try:
            role = self._check_may_act(session, speaker)
            text = check_turn_text(text)
            for draft in attachments or []:
                session.graph.get(draft)
        except StudioloError as error:
            async for event in self._error(session, error, lang):
                yield event
            return
        said = session.record(TurnSaid(speaker=speaker, role=role, text=text, attachments=attachments or [],
                                       lang=options.lang if options else None))  # fmt: skip
        yield said
        try:
            if self._declined(text):
                async for event in self._reply(session, Outcome(kind="refused", lang=lang)):
                    yield event
                return
            target = attachments[-1] if attachments else None
            if target is None and (pointed := resolve_reference(text, session.graph)) is not None:
                target = pointed.id
            target = target or session.graph.cursor
            if options is not None and options.skill is not None:  # a button that means one skill: no routing
                skill, confidence, said_args = options.skill, 1.0, self._asked_args(options.skill, options.args)
            else:
                decision = await self.router.aroute(text, with_draft=target is not None, with_image=bool(attachments))
                skill, confidence, said_args = decision.skill, decision.confidence, decision.params
        except StudioloError as error:
            async for event in self._error(session, error, lang, answered=True):
                yield event
            return
        yield session.record(TurnRouted(skill=skill, confidence=confidence, params=said_args, turn=said.seq))
        turn = TurnContext(
            text=text, lang=lang, target=target, cursor=session.graph.cursor, options=options or TurnOptions()
        )
        async for event in self._act(session, skill, said_args, turn):
            yield event

    def _asked_args(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        """A turn's explicit skill arguments, checked against the skill's routing Args (unknown ones refused, where
        a chat model's extras are ignored), without the ones left unset."""
        skill = self.skills.get(name)
        if skill is None:
            raise StudioloError("skill.unknown", f"there is no skill {name!r} here", field="options.skill")
        model = skill.routing.Args
        if unknown := sorted(set(args) - set(model.model_fields)):
            raise StudioloError(
                "params.invalid", f"{name} takes no argument {unknown[0]!r}", field=f"options.args.{unknown[0]}"
            )
        try:
            return model.model_validate(args).model_dump(exclude_unset=True, exclude_none=True)
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise StudioloError("params.invalid", f"{field}: {first['msg']}", field=f"options.args.{field}") from None

    async def upload(
        self, session: Session, draft: Draft, png: bytes, *, speaker: str = "designer"
    ) -> AsyncIterator[Event]:
        """An image a collaborator brings in: it joins the session as a draft (the cursor moves to it), and the
        artist looks at it, says what it sees and offers what to do with it (refine it, paint in its colours, make
        a pattern from it), in the session's language."""
        lang = self._language(session)  # before the upload's own turn, whose note names a file
        try:
            role = self._check_may_act(session, speaker)
        except StudioloError as error:
            async for event in self._error(session, error, lang):
                yield event
            return
        if draft.id not in session.graph:
            yield session.record(DraftFinal(job_id=draft.job_id or "", draft_id=draft.id, prompt=draft.prompt,
                                            width=draft.width, height=draft.height, skill="upload", image=png,
                                            draft=draft))  # fmt: skip
        elif session.graph.cursor != draft.id:  # the same picture again: work from it all the same
            yield session.record(CursorMoved(action="select", draft_id=draft.id))
        note = f"(uploaded {draft.prompt or 'an image'})"  # the prompt of an upload is its file's name
        said = session.record(TurnSaid(speaker=speaker, role=role, text=note, attachments=[draft.id]))
        yield said
        # "upload" in the routing record: what this turn was (and no words whose language counts, see _language)
        yield session.record(TurnRouted(skill=UPLOADED, confidence=1.0, params={"draft_id": draft.id}, turn=said.seq))
        describe = self.skills.get("describe")
        if describe is None:  # an agent without eyes still answers, with the offer alone
            async for event in self._reply(session, Outcome(kind="uploaded", lang=lang)):
                yield event
            return
        params = describe.Params.model_validate(describe.fill({}, TurnContext(text=note, lang=lang, target=draft.id)))
        outcome = Outcome(kind="uploaded", lang=lang)
        async for event in self._job(session, outcome, lambda ctx: describe.run(params, ctx)):
            yield event

    async def add_made_draft(
        self, session: Session, make: Callable[[], DraftFinal], *, speaker: str = "designer"
    ) -> AsyncIterator[Event]:
        """A draft made outside a turn, from what a participant did (a print asked for: its preview, prints.py):
        made in a worker thread, then recorded like a skill's final (the cursor moves to it). Nothing is said:
        the action has its own answer."""
        lang = self._language(session)
        try:
            self._check_may_act(session, speaker)
            final = await asyncio.to_thread(make)
        except StudioloError as error:
            async for event in self._error(session, error, lang):
                yield event
            return
        if final.draft_id not in session.graph:
            yield session.record(final)
        elif session.graph.cursor != final.draft_id:  # the same again: it becomes the current draft all the same
            yield session.record(CursorMoved(action="select", draft_id=final.draft_id))

    async def feedback(self, session: Session, draft_id: str, *, rating: int | None = None, pick: bool = False,
                       text: str | None = None, speaker: str = "designer") -> AsyncIterator[Event]:  # fmt: skip
        """A rating, pick or comment on a draft: remembered, learned from, and, in a collaboration, answered.

        Picking a draft selects it, too: the next request works from the draft picked."""
        lang = self._language(session)
        try:
            self._check_may_act(session, speaker)
            feedback = Feedback(rating=rating, pick=pick, text=text, by=speaker)
            yield session.record(DraftFeedback(draft_id=draft_id, feedback=feedback))
        except ValidationError as error:
            async for event in self._error(
                session, StudioloError("feedback.invalid", _first_error(error), field="rating"), lang
            ):
                yield event
            return
        except StudioloError as error:
            async for event in self._error(session, error, lang):
                yield event
            return
        if pick:
            yield session.record(CursorMoved(action="select", draft_id=draft_id))
        state = session.collaboration
        if (
            isinstance(state, CollaborationState)
            and not state.done
            and draft_id in state.current_ids
            and (pick or rating is not None)
        ):
            action = "accept" if pick and (rating or 0) >= 2 else "feedback"
            answer = CollaborationAnswer(action=action, draft_id=draft_id, rating=rating, comment=text)
            async for event in self._collaborate(session, answer, lang):
                yield event

    async def move_cursor(self, session: Session, action: CursorAction, draft_id: str | None = None, *,
                          speaker: str = "designer") -> AsyncIterator[Event]:  # fmt: skip
        """Select or branch from a draft, or undo / redo the cursor's moves: the next request works from there."""
        try:
            self._check_may_act(session, speaker)
            if action in ("select", "branch") and draft_id is None:
                raise StudioloError("draft.not_found", f"{action} needs the draft to work from", field="draft_id")
            yield session.record(
                CursorMoved(action=action, draft_id=draft_id if action in ("select", "branch") else None)
            )
        except StudioloError as error:
            async for event in self._error(session, error, self._language(session)):
                yield event

    async def speak(self, session: Session, text: str, *, by: str) -> AsyncIterator[Event]:
        """An operator speaks as the persona (live shows): the words arrive like the artist's own reply."""
        try:
            text = check_turn_text(text)
        except StudioloError as error:
            async for event in self._error(session, error, self._language(session)):
                yield event
            return
        yield session.record(ReplyDelta(text=text))
        yield session.record(ReplyDone(text=text, by=by))

    async def reset(self, session: Session, *, by: str) -> AsyncIterator[Event]:
        """Stop the session's jobs, end any collaboration and clear the cursor; every draft stays."""
        for job_id in [j for j in self.running if JobId.of_session(j, session.id) is not None]:
            self.running[job_id].cancel()
        yield session.record(SessionReset(by=by))

    async def _act(self, session: Session, name: str, said: dict[str, Any], turn: TurnContext) -> AsyncIterator[Event]:
        """Run the skill a turn went to (`said`: the arguments its words, or its button, gave)."""
        text, target, lang = turn.text, turn.target, turn.lang
        if name in ("chat", "clarify"):
            kind: OutcomeKind = "chat" if name == "chat" else "clarify"
            outcome = Outcome(kind=kind, lang=lang, user_text=text, question=str(said.get("question", "")))
            async for event in self._reply(session, outcome):
                yield event
            return
        if (
            name == "collaborate"
            and isinstance(session.collaboration, CollaborationState)
            and not session.collaboration.done
        ):
            answer = CollaborationAnswer(
                action="feedback", draft_id=target or session.collaboration.current_ids[0], comment=text
            )
            async for event in self._collaborate(session, answer, lang):
                yield event
            return
        skill = self.skills.get(name)
        try:
            if skill is None:  # a router that knows skills this agent has not been given
                raise StudioloError("skill.unknown", f"there is no skill {name!r} here", field="skill")
            params = skill.Params.model_validate(skill.fill(dict(said), turn))
        except (ValidationError, StudioloError) as error:
            code = error.code if isinstance(error, StudioloError) else "params.invalid"
            message = error.message if isinstance(error, StudioloError) else _first_error(error)
            async for event in self._error(session, StudioloError(code, message), lang, answered=True):
                yield event
            return
        words = getattr(params, skill.request_field, None) if skill.request_field else None
        if words and not (request := self.read_request(words)).paints_something:
            # nothing in it the painter can draw: ask, rather than paint a default picture
            async for event in self._reply(
                session, Outcome(kind="undrawable", lang=lang, unknown=[t.word for t in request.missing])
            ):
                yield event
            return
        outcome = Outcome(kind="done", reply=skill.reply, lang=lang, prompt=str(getattr(params, "prompt", "") or text))
        if (source := getattr(params, "draft_id", None)) is not None:
            outcome.source = session.graph.number(source)
        async for event in self._job(session, outcome, lambda ctx: skill.run(params, ctx)):
            yield event

    async def _collaborate(self, session: Session, answer: CollaborationAnswer, lang: Language) -> AsyncIterator[Event]:
        skill = self.skills["collaborate"]
        assert isinstance(skill, Collaborate)
        state = session.collaboration
        assert state is not None, "an answer is taken only while a collaboration runs"
        outcome = Outcome(kind="done", reply=skill.reply, lang=lang)
        async for event in self._job(session, outcome, lambda ctx: skill.respond(state, answer, ctx)):
            yield event

    async def _job(
        self, session: Session, outcome: Outcome, work: Callable[[SkillContext], AsyncIterator[Event]]
    ) -> AsyncIterator[Event]:
        """One job's life: admitted by the gate (or refused as busy), queued, run when its turn comes, replied to."""
        job_id = session.new_job_id()
        try:
            ticket = self.gate.admit(session.id, job_id) if self.gate is not None else None
        except StudioloError as error:
            async for event in self._error(session, error, outcome.lang, answered=True):
                yield event
            return
        ctx = self._context(session, job_id)
        try:
            if ticket is None:
                yield session.record(JobQueued(job_id=job_id, position=0))
            else:  # its position in the queue, then each time it moves up, until its turn comes
                async for position in ticket.positions(ctx.cancel):
                    yield session.record(JobQueued(job_id=job_id, position=position))
            if ctx.cancel.cancelled:  # cancelled while it waited for its turn
                event = session.record(JobCancelled(job_id=job_id))
                self._note(session, event, outcome)
                yield event
            else:
                async for event in work(ctx):
                    yield session.record(event)
                    self._note(session, event, outcome)
        except StudioloError as error:  # the job's end belongs to the session's history, as a skill's own failure does
            failed = session.record(JobFailed(job_id=job_id, code=error.code, message=error.message))
            self._note(session, failed, outcome)
            yield failed
        finally:
            self.running.pop(job_id, None)
            if ticket is not None:
                ticket.release()
        async for event in self._reply(session, outcome):
            yield event

    def _context(self, session: Session, job_id: str) -> SkillContext:
        cancel = CancelToken()
        self.running[job_id] = cancel
        return SkillContext(
            painter=self.painter, describer=self.describer, job_id=job_id, load_draft=session.load_draft,
            seed=session.next_seed(), cancel=cancel, preview_interval=self.preview_interval,
            # real diffusion models paint a 2048 canvas tile by tile; the embedded painter repaints it in one pass
            upscale_tile=DIFFUSION_TILE if self.painter.backend_id.startswith("diffusers:") else None,
            expand=lambda prompt, seed: expand_prompt(prompt, seed, self.persona, session.preferences) if self.expand else prompt,
            read_request=self.read_request, tries=self.self_check_tries, detector=self.detector,
        )  # fmt: skip

    def _note(self, session: Session, event: Event, outcome: Outcome) -> None:
        """Gather the turn's facts from its events, so the reply says only what happened."""
        if isinstance(event, DraftFinal):
            number = session.graph.number(event.draft_id)
            outcome.count += 1
            outcome.numbers.append(number)
            outcome.expanded = event.prompt
            if event.faithfulness is not None:
                outcome.faithfulness[number] = event.faithfulness
        elif isinstance(event, DraftDescribed):
            outcome.description = event.text
            key = "name_ko" if outcome.lang == "ko" else "name"
            palette = event.facts.get("palette")
            colours = palette if isinstance(palette, list) else []
            outcome.palette = [c[key] for c in colours if isinstance(c, dict) and isinstance(c.get(key), str)][:3]
        elif isinstance(event, CollaborationUpdate) and session.collaboration is not None:
            outcome.round = session.collaboration.round
            if session.collaboration.accepted:  # the reply names the draft accepted: this turn painted none
                outcome.kind = "accepted"
                outcome.count = 1
                outcome.numbers = [session.graph.number(session.collaboration.history[-1].picked)]
        elif isinstance(event, JobCancelled):
            outcome.kind = "cancelled"
        elif isinstance(event, JobFailed):
            outcome.kind, outcome.message, outcome.code = "failed", event.message, event.code

    def cancel(self, job_id: str | None = None) -> list[str]:
        """Cancel one running (or queued) job, or all of them; returns the ids that were asked to stop."""
        ids = [job_id] if job_id is not None else list(self.running)
        for i in ids:
            if i not in self.running:
                raise StudioloError("job.not_found", f"there is no running job {i!r}", field="job_id")
            self.running[i].cancel()
        return ids

    async def cancel_draft(self, session: Session, preview_id: str) -> AsyncIterator[Event]:
        """Cancel one draft of a running job, named by its previews' id (`<job id>.<index>`); the rest go on."""
        preview = PreviewId.parse(preview_id)
        if preview.job not in self.running or JobId.of_session(preview.job, session.id) is None:
            raise StudioloError(
                "draft.not_running", f"{preview_id!r} is not a draft being painted now", field="draft_id"
            )
        self.running[preview.job].skip(preview.index)
        yield session.record(DraftCancelled(job_id=preview.job, draft_id=str(preview)))

    async def _reply(
        self, session: Session, outcome: Outcome, *, keep: Callable[[Event], Event] | None = None
    ) -> AsyncIterator[Event]:
        """The artist's words about an outcome, a sentence at a time; `keep` stamps them (default: recorded)."""
        keep = keep or session.record
        seed = random.Random(f"{session.id}/{len(session.turns)}").randrange(2**31)
        ticket = None
        if self.gate is not None and self.voice.uses_model(outcome):
            # the chat model is model work like any job: it waits its turn at the gate, so small talk cannot
            # crowd out other people's paintings; with the queue full, the persona's own words, at once
            try:
                ticket = self.gate.admit(session.id, f"{session.id}-reply")
            except StudioloError:
                pass
        try:
            if ticket is not None:
                async for _ in ticket.positions(CancelToken()):
                    pass
            model = ticket is not None or self.gate is None
            parts = [delta async for delta in self.voice.speak(outcome, seed=seed, model=model)]
        finally:
            if ticket is not None:
                ticket.release()
        for delta in parts:
            yield keep(ReplyDelta(text=delta))
        yield keep(ReplyDone(text="".join(parts).strip()))

    async def _error(
        self, session: Session, error: StudioloError, lang: Language, *, answered: bool = False
    ) -> AsyncIterator[Event]:
        """A refused action: the error and the artist's words about it, for whoever asked only (Session.aside),
        never in the session's history. `answered`: the turn is already in the history, so the artist's answer
        to it is kept there too (the error itself still goes to the asker alone)."""
        yield session.aside(
            ErrorEvent(code=error.code, message=error.message, field=error.field, retry_after=error.retry_after)
        )
        outcome = Outcome(kind="error", lang=lang, code=error.code, message=error.message)
        async for event in self._reply(session, outcome, keep=session.record if answered else session.aside):
            yield event

    def _check_may_act(self, session: Session, speaker: str) -> Role:
        participant = session.participants.get(speaker)
        if participant is None or participant.role == "observer":
            raise StudioloError("role.forbidden", f"{speaker!r} may watch this session but not act in it", field="role")
        return participant.role

    def _language(self, session: Session) -> Language:
        """The language of the latest words a person said (the one they asked to be answered in, if they did;
        English before anyone spoke): replies to what is not a turn (a pick, an undo) answer in it."""
        said = next(
            (turn for turn in reversed(session.turns) if turn.speaker != ARTIST and turn.skill != UPLOADED), None
        )
        if said is None:
            return "en"
        return said.lang or detect_language(said.text)

    def _declined(self, text: str) -> bool:
        return any(re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE) for word in self.persona.safety.declined)


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]
