"""Download for print: a pattern draft's print-ready repeat, made on request and fetched from a signed address.

A page asks over its websocket (`print`: the draft, width and height in cm, DPI, repeat style, optionally the
repeat's width in cm, PNG or TIFF). `order()` checks it all: the parameters (`garments.print_export.PrintSpec`,
codes `print.invalid_<field>`), the server's print budget (`print.too_large`, naming it), and that the draft is a
pattern of the session (`print.not_a_pattern`). The answer, `print.link`, carries

    /drafts/{id}/print.{png|tiff}?width_cm=&height_cm=&dpi=&repeat=[&scale_cm=]&exp=&sig=

signed over the draft, the format and every parameter (`Authority.signed_query`) and good for PRINT_URL_TTL_S,
so no token is ever in it. `PrintDesk.respond` serves that address: the same checks on the query again, the
signature (a changed value breaks it: `auth.invalid_link`), then the file, made from the pattern's tile in a
worker thread, one print at a time, with its content type and a filename that says what it is.

The print file is never stored; what the session keeps of a print is `preview_final`: a child draft of the pattern's
tile (skill `print`) with the print's parameters, whose image is the whole length at its aspect ratio, at most
PREVIEW_SIDE pixels long (`print_preview`). The connection asks the agent to record it once the link is sent.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from PIL import Image

from studiolo.drafts import Draft
from studiolo.errors import StudioloError
from studiolo.events import DraftFinal
from studiolo.garments.print_export import (
    MAX_REPEAT_SIDE,
    PrintSpec,
    check_budget,
    cm_to_pixels,
    print_preview,
    print_spec,
    write_print,
)
from studiolo.garments.tiles import MAX_TILE_PIXELS
from studiolo.model.images import open_image
from studiolo.model.protocols import Painting
from studiolo.server.auth import Authority
from studiolo.server.store import Store
from studiolo.skills.base import design_of, final_event, is_pattern

PRINT_URL_TTL_S = 600  # asked for just before the download: minutes are plenty
PrintFormat = Literal["png", "tiff"]
CONTENT_TYPES: dict[PrintFormat, str] = {"png": "image/png", "tiff": "image/tiff"}
SPEC_KEYS = ("width_cm", "height_cm", "dpi", "repeat", "scale_cm")  # the query's parameters, in signing order
LINK_KEYS = frozenset({"exp", "sig"})


@dataclass(frozen=True)
class PrintOrder:
    """One print file: which pattern draft, at what size and resolution, in what repeat style and format."""

    draft_id: str
    spec: PrintSpec
    format: PrintFormat

    @property
    def query(self) -> str:
        """The parameters as the address carries them (and the signature covers them)."""
        values = self.spec.model_dump()
        return "&".join(f"{key}={_plain(values[key])}" for key in SPEC_KEYS if values[key] is not None)

    @property
    def signed_as(self) -> str:
        return f"print:{self.draft_id}.{self.format}?{self.query}"

    @property
    def filename(self) -> str:
        spec = self.spec
        scale = f"-repeat{_plain(spec.scale_cm)}cm" if spec.scale_cm is not None else ""
        return (f"studiolo-{self.draft_id[:8]}-{_plain(spec.width_cm)}x{_plain(spec.height_cm)}cm-"
                f"{_plain(spec.dpi)}dpi-{spec.repeat}{scale}.{self.format}")  # fmt: skip


def _plain(value: float | str) -> str:
    """150.0 -> "150", 12.5 -> "12.5": the same number always reads the same (and signs the same)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value


def order(draft_id: str, file_format: str, values: Mapping[str, Any], *, budget_bytes: int) -> PrintOrder:
    """A print order with its format, every parameter and the budget checked (the draft is checked apart)."""
    if file_format not in CONTENT_TYPES:
        raise StudioloError(
            "print.unsupported_format", f"a print file is png or tiff, not {file_format[:20]!r}", field="format"
        )
    spec = print_spec(**{key: values[key] for key in SPEC_KEYS if values.get(key) is not None})
    check_budget(spec, budget_bytes)
    if spec.scale_cm is not None and cm_to_pixels(spec.scale_cm, spec.dpi) > MAX_REPEAT_SIDE:
        raise StudioloError(
            "print.repeat_out_of_range",
            f"a {spec.scale_cm:g} cm repeat at {spec.dpi:g} DPI is over {MAX_REPEAT_SIDE:,} pixels wide",
            field="scale_cm",
        )
    return PrintOrder(draft_id, spec, "png" if file_format == "png" else "tiff")


def check_pattern(draft: Draft | None) -> Draft:
    """The draft, if it is a pattern (a seamless tile, or its repeat or colourway): only a pattern is printed."""
    if draft is None:
        raise StudioloError("draft.not_found", "there is no such draft", field="draft_id")
    if not is_pattern(draft):
        raise StudioloError(
            "print.not_a_pattern",
            f"draft {draft.id[:8]} is a picture, not a seamless tile: a print repeats a pattern (make one from it first)",
            field="draft_id",
        )
    return draft


def link(authority: Authority, printed: PrintOrder) -> str:
    return (f"/drafts/{printed.draft_id}/print.{printed.format}?{printed.query}&"
            f"{authority.signed_query(printed.signed_as, PRINT_URL_TTL_S)}")  # fmt: skip


def preview_final(printed: PrintOrder, tile: Draft, image: Image.Image, *, job_id: str) -> DraftFinal:
    """What the lineage keeps of a print of `tile` (the pattern's tile, `image`): a small picture of the print, a
    child of the tile with the print's parameters. They are in the picture's provenance too, so each different
    print is a draft of its own (and the same print asked twice is the same draft)."""
    width, height = printed.spec.pixels
    params = {**printed.spec.model_dump(exclude_none=True), "format": printed.format, "width_px": width,
              "height_px": height, "source": tile.id}  # fmt: skip
    preview = Painting(image=print_preview(image, printed.spec), prompt=tile.prompt, seed=tile.seed,
                       backend="garments:print", scene={"layout": "print", **params})  # fmt: skip
    return final_event(preview, skill="print", job_id=job_id, params=params, parent_ids=[tile.id])


class PrintDesk:
    """Makes print files for the HTTP endpoint: checked, one at a time (each may hold hundreds of megabytes)."""

    def __init__(self, store: Store, authority: Authority, budget_bytes: int) -> None:
        self.store = store
        self.authority = authority
        self.budget_bytes = budget_bytes
        self._one_at_a_time = asyncio.Lock()

    def check_link(self, draft_id: str, file_format: str, query: Mapping[str, list[str]]) -> PrintOrder:
        """The order a print address stands for, or StudioloError: parameters first (their own codes), then the
        signature (`auth.invalid_link`), then the draft."""
        if unknown := sorted(set(query) - set(SPEC_KEYS) - LINK_KEYS):
            raise StudioloError(
                "print.unknown_parameter", f"a print takes no {unknown[0][:40]!r}", field=unknown[0][:40]
            )
        if repeated := sorted(key for key, values in query.items() if len(values) != 1):
            raise StudioloError("print.invalid_query", f"{repeated[0]} is given more than once", field=repeated[0])
        values = {key: values[0] for key, values in query.items()}
        printed = order(draft_id, file_format, values, budget_bytes=self.budget_bytes)
        if not self.authority.signed_query_valid(printed.signed_as, values.get("exp", ""), values.get("sig", "")):
            raise StudioloError("auth.invalid_link", "this print link is wrong or has expired", field="sig")
        check_pattern(self.store.draft(draft_id))
        return printed

    async def make(self, printed: PrintOrder) -> bytes:
        """The print file's bytes: made from the pattern's tile in a worker thread, a band of rows at a time."""
        async with self._one_at_a_time:
            return await asyncio.to_thread(self._make, printed)

    def _make(self, printed: PrintOrder) -> bytes:
        draft = self.store.draft(printed.draft_id)
        assert draft is not None, "checked by check_link"
        _, tile = design_of(draft, self._load)
        out = io.BytesIO()
        write_print(tile, printed.spec, out, printed.format.upper(), budget_bytes=self.budget_bytes)
        return out.getvalue()

    def _load(self, draft_id: str) -> tuple[Draft, Image.Image]:
        draft, png = self.store.draft(draft_id), self.store.images.get(draft_id)
        if draft is None or png is None:
            raise StudioloError("draft.not_found", "the pattern's tile is no longer stored", field="draft_id")
        return draft, open_image(png, max_pixels=MAX_TILE_PIXELS)
