"""The installation's own small protocol on `/installation/ws`: every message as a pydantic model.

    every screen  -> hello {token}: a kiosk's, the wall's or the operator's (from the installation file)
    kiosk         -> wish {text, lang?}, change {text, lang?}, another, pick {draft_id}, done
                  <- welcome, visitor, refused, reply, preview, final, caption, job_end, take_home, closed, error
    wall          <- wall (its settings, the gallery, what is being painted), painting, preview, final, caption,
                     picked, hidden, reply (the operator's words), idle, hours {open}
    console       -> pause {kiosk}, resume {kiosk}, skip {kiosk}, hide {draft_id}, speak {text, kiosk: None = the wall}
                  <- console (every kiosk's state, refusals, gallery, disk, open) after every change, error
    every screen  <- beat {every_s}, after every_s seconds with nothing else to send

`parse_kiosk` and `parse_console` never raise anything but a StudioloError with a stable code (`json.invalid`,
`message.invalid`, `message.unknown_type`, `wish.empty`, `wish.too_long`) and the offending field, as
studiolo.server.protocol does for the main protocol: a bad frame costs its screen one `error`, nothing more.
`installation_schema()` is the JSON Schema docs/asyncapi.yaml's `installation` channel is built from.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from studiolo.errors import StudioloError
from studiolo.installation.config import Texts
from studiolo.language import Language
from studiolo.server.protocol import DraftId, JobId, message_error

MAX_WISH_CHARS = 300
OWN_CODES = frozenset({"wish.empty", "wish.too_long"})  # raised by the validators here, kept as they are


class ClientBase(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScreenHello(ClientBase):
    """The first message of every screen: its token says whether it is a kiosk, the wall or the console."""

    type: Literal["hello"] = "hello"
    token: str = Field(max_length=1000)


class Wish(ClientBase):
    """A visitor's wish: a new picture. `lang` is the language the visitor picked on the kiosk; the artist
    answers in it (none: in the words' own)."""

    type: Literal["wish"] = "wish"
    text: str
    lang: Language | None = None

    @field_validator("text")
    @classmethod
    def _a_wish(cls, text: str) -> str:
        text = text.strip()
        if not text:
            raise PydanticCustomError("wish.empty", "say what to paint")
        if len(text) > MAX_WISH_CHARS:
            raise PydanticCustomError("wish.too_long", f"a wish is at most {MAX_WISH_CHARS} characters")
        return text


class Change(Wish):
    """ "Change it": the picture shown, refined as the words say."""

    type: Literal["change"] = "change"  # type: ignore[assignment]


class Another(ClientBase):
    """ "Another one": the last wish painted again."""

    type: Literal["another"] = "another"


class Pick(ClientBase):
    """ "I love it": one of this visitor's pictures, to take home (answered by take_home)."""

    type: Literal["pick"] = "pick"
    draft_id: DraftId


class Done(ClientBase):
    """ "I'm done": the visit ends; answered by welcome, whether or not a visitor was there."""

    type: Literal["done"] = "done"


KioskMessage = Annotated[Wish | Change | Another | Pick | Done, Field(discriminator="type")]

KioskId = Annotated[str, Field(max_length=40, description="a kiosk's id, from the installation file")]


class Pause(ClientBase):
    """The kiosk shows its closing text until resumed; a visitor there is ended."""

    type: Literal["pause"] = "pause"
    kiosk: KioskId


class Resume(ClientBase):
    type: Literal["resume"] = "resume"
    kiosk: KioskId


class Skip(ClientBase):
    """The visitor at the kiosk is ended: the next one's welcome."""

    type: Literal["skip"] = "skip"
    kiosk: KioskId


class Hide(ClientBase):
    """A picked picture leaves the wall at once (its share code still works)."""

    type: Literal["hide"] = "hide"
    draft_id: DraftId


class SpeakAsArtist(ClientBase):
    """Words as the artist, on a kiosk or (kiosk none) the wall."""

    type: Literal["speak"] = "speak"
    text: str = Field(min_length=1, max_length=MAX_WISH_CHARS)
    kiosk: KioskId | None = None


ConsoleMessage = Annotated[Pause | Resume | Skip | Hide | SpeakAsArtist, Field(discriminator="type")]


# what the server sends


class ScreenError(BaseModel):
    type: Literal["error"] = "error"
    code: str
    message: str
    field: str | None = None


class KioskWelcome(BaseModel):
    """A clean welcome screen: sent when a kiosk connects and whenever a visitor's time is over."""

    type: Literal["welcome"] = "welcome"
    kiosk: str
    name: str  # the installation's
    paused: bool
    closed: bool  # paused, or outside the opening hours: the closing text instead of the wish box
    texts: dict[Language, Texts]
    idle_s: float


class VisitorStarted(BaseModel):
    """A wish passed the screen and a new visitor's session began."""

    type: Literal["visitor"] = "visitor"
    session: str


class Closed(BaseModel):
    """The kiosk is paused, or the installation is outside its opening hours: the closing text, in the wish's
    language (a wish is declined with it; a visitor still there may pick and take their picture home)."""

    type: Literal["closed"] = "closed"
    text: str


class Refused(BaseModel):
    """The screen refused the wish: the artist's kind words, on this kiosk alone."""

    type: Literal["refused"] = "refused"
    text: str


class Reply(BaseModel):
    """The artist's words to the visitor (in the visitor's language), or the operator's as the artist's (on a
    kiosk, or the wall)."""

    type: Literal["reply"] = "reply"
    text: str
    enough: bool = False  # the visitor's limits are reached
    stuck: bool = False  # the watchdog ended a painting
    by: Literal["operator"] | None = None


class Preview(BaseModel):
    """A picture being painted (kiosk and wall), at most four a second per job."""

    type: Literal["preview"] = "preview"
    kiosk: str
    job_id: JobId
    image: str  # a data: URL (WebP)


class Final(BaseModel):
    """A finished picture: every one on its kiosk; each wish's first on the wall."""

    type: Literal["final"] = "final"
    kiosk: str
    draft_id: DraftId
    url: str  # its image, signed
    words: str  # the wish it answers (passed the screen)
    recorded: float  # when the server recorded it (the wall's latency is measured from here)


class Caption(BaseModel):
    """The artist's words about a final, once they passed the screen (empty: they did not)."""

    type: Literal["caption"] = "caption"
    kiosk: str
    draft_id: DraftId
    text: str


class JobEnd(BaseModel):
    type: Literal["job_end"] = "job_end"
    job_id: JobId
    status: Literal["job.finished", "job.failed", "job.cancelled"]


class TakeHome(BaseModel):
    """A picked picture's share page and its QR code."""

    type: Literal["take_home"] = "take_home"
    draft_id: DraftId
    url: str
    qr: str  # an SVG document


class WorkShown(BaseModel):
    """A picked work, as the wall's mosaic and the console show it."""

    draft_id: DraftId
    url: str
    caption: str
    words: str
    kiosk: str


class PaintingNow(BaseModel):
    kiosk: str
    words: str


class WallState(BaseModel):
    """Sent when the wall connects (and reconnects): its settings, the gallery and what is being painted."""

    type: Literal["wall"] = "wall"
    layout: Literal["stage-left", "stage-top"]
    mosaic: int  # works shown at once
    attract_after_s: float
    crossfade_s: float
    gallery: list[WorkShown]
    painting: list[PaintingNow]
    open: bool  # within the opening hours (always, without them); closed: the attract loop


class Painting(BaseModel):
    """A wish that passed the screen is being painted."""

    type: Literal["painting"] = "painting"
    kiosk: str
    words: str


class Picked(BaseModel):
    type: Literal["picked"] = "picked"
    work: WorkShown


class Hidden(BaseModel):
    """The operator hid a picture: off the wall at once."""

    type: Literal["hidden"] = "hidden"
    draft_id: DraftId


class KioskIdle(BaseModel):
    """A kiosk's visitor has gone."""

    type: Literal["idle"] = "idle"
    kiosk: str


class KioskShown(BaseModel):
    id: str
    name: str
    online: bool
    paused: bool
    visitor: str | None  # the visitor's session
    busy: bool  # painting
    served: int  # visitors since the server started


class RefusalShown(BaseModel):
    at: float
    kiosk: str
    lang: str
    text: str
    reason: str


class Disk(BaseModel):
    bytes: int  # the images, as last measured
    quota_mb: int
    warning: bool  # past retention.warn_at of the quota


class ConsoleState(BaseModel):
    """The operator's whole view, sent after every change."""

    type: Literal["console"] = "console"
    kiosks: list[KioskShown]
    refusals: list[RefusalShown]
    queue: int  # jobs waiting for the painter
    gallery: list[WorkShown]
    disk: Disk
    open: bool  # within the opening hours (always, without them)


class HoursChanged(BaseModel):
    """The installation opened or closed (its opening hours): the wall turns to or from its attract loop."""

    type: Literal["hours"] = "hours"
    open: bool


class Beat(BaseModel):
    """Sent to a screen after `every_s` seconds with nothing else to send: a page that hears nothing for three
    beats has been cut off (a pulled cable closes nothing), reconnects, and is sent its whole state again."""

    type: Literal["beat"] = "beat"
    every_s: float


# Everything a screen is sent (see the module's docstring for which screen gets which)
ScreenSent = Annotated[
    KioskWelcome
    | VisitorStarted
    | Closed
    | Refused
    | Reply
    | Preview
    | Final
    | Caption
    | JobEnd
    | TakeHome
    | WallState
    | Painting
    | Picked
    | Hidden
    | KioskIdle
    | ConsoleState
    | HoursChanged
    | Beat
    | ScreenError,
    Field(discriminator="type"),
]
# Everything a screen sends: its hello, then a kiosk's or the console's messages
ScreenMessage = Annotated[
    ScreenHello | Wish | Change | Another | Pick | Done | Pause | Resume | Skip | Hide | SpeakAsArtist,
    Field(discriminator="type"),
]

_kiosk = TypeAdapter(KioskMessage)
_console = TypeAdapter(ConsoleMessage)
_hello = TypeAdapter(ScreenHello)


def parse_hello(frame: str | bytes) -> ScreenHello | None:
    """A screen's first frame as its hello; None when it is not one (the screen is refused: auth.invalid_token)."""
    try:
        return _hello.validate_json(frame)
    except ValidationError:
        return None


def parse_kiosk(frame: str | bytes) -> BaseModel:
    return _parse(_kiosk, frame, "a kiosk")


def parse_console(frame: str | bytes) -> BaseModel:
    return _parse(_console, frame, "the console")


def _parse(adapter: TypeAdapter[Any], frame: str | bytes, who: str) -> BaseModel:
    if not isinstance(frame, str):
        raise StudioloError("message.invalid", f"{who} sends JSON text frames", field="type")
    try:
        data = json.loads(frame)
    except (ValueError, RecursionError):
        raise StudioloError("json.invalid", "the frame is not valid JSON (or is nested too deeply)") from None
    if not isinstance(data, dict):
        raise StudioloError("message.invalid", "a message is a JSON object with a 'type'", field="type")
    try:
        message: BaseModel = adapter.validate_python(data)
    except ValidationError as error:
        raise message_error(error, OWN_CODES) from None
    return message


def installation_schema() -> dict[str, Any]:
    """The JSON Schema of what screens send (hello, then a kiosk's or the console's messages) and what they get."""
    return {
        "client": TypeAdapter(ScreenMessage).json_schema(ref_template="#/client/$defs/{model}"),
        "server": TypeAdapter(ScreenSent).json_schema(mode="serialization", ref_template="#/server/$defs/{model}"),
    }
