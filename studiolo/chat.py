"""`studiolo chat`: a terminal conversation with the artist, offline, saving every draft into a folder.

Lines starting with a slash are commands: /pick N, /undo, /redo, /branch N, /drafts, /prefs, /help, /quit.
Anything else is a turn for the agent; it works from the draft picked last (or the newest). Drafts are written as draft-N.png (N as the artist numbers them) and their paths
printed, so a designer can open them beside the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from studiolo.agent.agent import Agent
from studiolo.agent.session import Session
from studiolo.agent.voice import Voice
from studiolo.errors import StudioloError
from studiolo.events import DraftFinal, ErrorEvent, Event, ReplyDone
from studiolo.model.images import write_all_or_nothing

HELP = "commands: /pick N  /undo  /redo  /branch N  /drafts  /prefs  /help  /quit"


async def run_chat(
    persona_id: str, out: Path, console: Console | None = None, *, lines: Iterable[str] | None = None
) -> None:
    from studiolo.agent.router import SemanticRouter
    from studiolo.model.chat import SmolLM2Chat
    from studiolo.model.measure import MeasuringDescriber
    from studiolo.model.sketch import SketchPainter
    from studiolo.persona.library import get_persona

    console = console or Console()
    persona = get_persona(persona_id)
    router = SemanticRouter()
    agent = Agent(
        persona,
        SketchPainter(),
        MeasuringDescriber(),
        router,
        voice=Voice(persona, SmolLM2Chat(max_tokens=80)),
        embedder=router.embedder,
    )
    session = agent.new_session()
    async for event in agent.greet(session):
        _show(console, session, event, out, persona.name)
    console.print(f"[dim]{HELP}[/]")
    source = lines if lines is not None else _stdin()
    for line in source:
        text = line.strip()
        if not text:
            continue
        if text.startswith("/"):
            if text in ("/quit", "/exit"):
                break
            await _command(console, agent, session, text, out)
            continue
        async for event in agent.say(session, text):
            _show(console, session, event, out, persona.name)


def _stdin() -> Iterator[str]:
    while True:
        try:
            yield input("you> ")
        except EOFError:
            return


def _show(console: Console, session: Session, event: Event, out: Path, name: str) -> None:
    if isinstance(event, DraftFinal):
        path = out / f"draft-{session.graph.number(event.draft_id)}.png"
        write_all_or_nothing({path: event.image})
        console.print(f"  [green]{path}[/]")
    elif isinstance(event, ReplyDone):
        console.print(f"[bold magenta]{escape(name)}>[/] {escape(event.text)}")
    elif isinstance(event, ErrorEvent):
        console.print(f"  [red]{escape(f'[{event.code}]')}[/]")


async def _command(console: Console, agent: Agent, session: Session, text: str, out: Path) -> None:
    word, _, argument = text.partition(" ")
    graph = session.graph
    if word == "/drafts":
        for draft in graph.drafts():
            mark = "*" if draft.id == graph.cursor else " "
            parents = ", ".join(f"#{graph.number(p)}" for p in draft.parent_ids) or "-"
            console.print(f" {mark} #{graph.number(draft.id)}  {draft.skill:<9} from {parents:<6} {draft.prompt[:60]}")
        return
    if word == "/prefs":
        console.print(session.preferences.summary())
        return
    if word == "/help":
        console.print(HELP)
        return
    try:
        if word in ("/undo", "/redo"):
            moves = agent.move_cursor(session, "undo" if word == "/undo" else "redo")
        elif word == "/branch":
            moves = agent.move_cursor(session, "branch", _named_draft(session, word, argument))
        elif word == "/pick":
            moves = agent.feedback(session, _named_draft(session, word, argument), pick=True)
        else:
            raise StudioloError("command.unknown", f"unknown command {word}; {HELP}", field="command")
    except StudioloError as error:
        console.print(f"  [red]{escape(f'{error.message} [{error.code}]')}[/]")
        return
    async for event in moves:
        if isinstance(event, ErrorEvent):
            console.print(f"  [red]{escape(f'{event.message} [{event.code}]')}[/]")
            return
        _show(console, session, event, out, agent.persona.name)  # a pick in a collaboration paints its next round
    cursor = graph.cursor
    console.print(f"  now on #{graph.number(cursor)}" if cursor else "  no draft selected")


def _named_draft(session: Session, command: str, argument: str) -> str:
    """The id of the draft a command names by its number ("/pick 3", "/branch #3")."""
    number = argument.strip().lstrip("#")
    if not (number.isascii() and number.isdigit()):
        raise StudioloError("command.invalid", f"say which draft: {command} 3", field="draft")
    return session.graph.by_number(int(number)).id
