"""A pattern's way to garments over the server, for real (a websocket server on 127.0.0.1, real HTTP):

- a turn that names its skill (`say.options.skill` and `args`, what the web client's card actions send) goes to
  that skill without routing, its arguments checked; each result is a child of the pattern with its parameters,
  live and in the welcome of a page opened later;
- "Download for print": the `print` message is checked (parameters, budget, a pattern of the session) and
  answered with a signed address; the address serves exactly the file asked for, and refuses what it did not
  sign, what has expired, what no longer checks out, and a picture that is not a pattern;
- each print asked for joins the lineage as a child draft of the pattern with its parameters, its image a small
  preview of the print (never the file), live, to observers and in a later welcome; a refused one adds nothing.
"""

from __future__ import annotations

import asyncio
import io
import statistics
import struct
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from live_server import DESIGNER, OBSERVER, live_server, ws_url
from PIL import Image

from studiolo.client import Client
from studiolo.events import Event
from studiolo.server import prints

TURN_DONE = "reply.done"


def http(port: int, path: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


async def get(port: int, path: str) -> tuple[int, bytes, dict[str, str]]:
    return await asyncio.to_thread(http, port, path)


async def turn(client: Client, message: dict[str, Any]) -> list[Event]:
    await client.send(message)
    return await client.until(lambda e: e.type == TURN_DONE, timeout=120)


async def answer(client: Client, message: dict[str, Any]) -> Event:
    """The answer to a message that is answered alone (print.link, or an error)."""
    await client.send(message)
    return (await client.until(lambda e: e.type in ("print.link", "error")))[-1]


async def print_draft(client: Client) -> Event:
    """The draft a print just asked for adds to the lineage (it follows the link)."""
    return (await client.until(lambda e: e.type == "draft.final"))[-1]


async def a_pattern(client: Client) -> str:
    """A seamless tile (and its repeat): the tile's id."""
    events = await client.until(lambda e: e.type == TURN_DONE)  # the greeting
    assert events
    finals = [e for e in await turn(client, {"type": "say", "text": "make a seamless pattern of lemons"})
              if e.type == "draft.final"]  # fmt: skip
    assert [f.skill for f in finals] == ["pattern", "pattern"] and all(f.pattern for f in finals)
    return finals[0].draft_id


async def test_a_turn_that_names_its_skill_makes_children_of_the_pattern_with_their_parameters(
    tmp_path: Path, agent_parts: Any
) -> None:
    async with live_server(tmp_path, agent_parts) as studio:
        client = await Client.connect(ws_url(studio), DESIGNER)
        tile = await a_pattern(client)
        # words that the router alone would not send to wear: the button's skill decides, not the words
        events = await turn(client, {"type": "say", "text": "on it goes", "attachments": [tile],
                                     "options": {"skill": "wear", "args": {"garment": "skirt", "scale_cm": 8, "view": "back"}}})  # fmt: skip
        routed = next(e for e in events if e.type == "turn.routed")
        assert (routed.skill, routed.confidence, routed.params) == (
            "wear",
            1.0,
            {"garment": "skirt", "scale_cm": 8.0, "view": "back"},
        )
        (worn,) = [e for e in events if e.type == "draft.final"]
        assert worn.skill == "wear" and worn.parent_ids == [tile] and not worn.pattern
        assert {k: worn.params[k] for k in ("garment", "scale_cm", "view", "source")} == {
            "garment": "skirt", "scale_cm": 8.0, "view": "back", "source": tile}  # fmt: skip

        events = await turn(client, {"type": "say", "text": "3 colourways in winter colours", "attachments": [tile],
                                     "options": {"skill": "colourways", "args": {"n": 3, "palette": "winter"}}})  # fmt: skip
        ways = [e for e in events if e.type == "draft.final"]
        assert [w.params["palette"] for w in ways] == ["winter", "winter 2", "winter 3"]
        assert all(w.parent_ids == [tile] and w.pattern and w.skill == "colourways" for w in ways)

        # a page opened later is told the same: each draft's parameters, and whether it is a pattern
        later = await Client.connect(ws_url(studio), DESIGNER, session=client.session)
        assert later.welcome is not None
        drafts = {d["id"]: d for d in later.welcome.state["drafts"]}
        assert drafts[worn.draft_id]["params"]["garment"] == "skirt" and drafts[tile]["pattern"] is True
        assert drafts[ways[1].draft_id]["params"]["colours"] == ways[1].params["colours"]
        assert drafts[worn.draft_id]["pattern"] is False

        # what a button may not say: an argument the skill has not, a value out of range, a skill there is not,
        # arguments without a skill; each refused alone, and the session goes on
        for options, code, field in (
            ({"skill": "wear", "args": {"garment": "hat"}}, "params.invalid", "options.args.garment"),
            ({"skill": "wear", "args": {"colour": "red"}}, "params.invalid", "options.args.colour"),
            ({"skill": "colourways", "args": {"n": 40}}, "params.invalid", "options.args.n"),
            ({"skill": "teleport"}, "skill.unknown", "options.skill"),
            ({"args": {"n": 2}}, "message.invalid", "options"),
        ):
            await client.send({"type": "say", "text": "go", "attachments": [tile], "options": options})
            error = (await client.until(lambda e: e.type == "error"))[-1]
            assert (error.code, error.field) == (code, field), options
        events = await turn(client, {"type": "say", "text": "2 colourways", "attachments": [tile],
                                     "options": {"skill": "colourways", "args": {"n": 2}}})  # fmt: skip
        assert len([e for e in events if e.type == "draft.final"]) == 2
        for c in (client, later):
            await c.close()


def phys(png: bytes) -> tuple[int, int, int]:
    """A PNG's pHYs chunk: pixels per unit across and down, and the unit (1: the metre)."""
    at = png.index(b"pHYs")
    return struct.unpack(">IIB", png[at + 4 : at + 13])


async def test_download_for_print_is_signed_checked_and_exactly_the_size_asked(
    tmp_path: Path, agent_parts: Any
) -> None:
    async with live_server(tmp_path, agent_parts, print_budget_bytes=64 * 1024**2) as studio:
        port = studio.port
        client = await Client.connect(ws_url(studio), DESIGNER)
        tile = await a_pattern(client)
        asked = {"type": "print", "draft_id": tile, "width_cm": 30, "height_cm": 20, "dpi": 120, "repeat": "half-drop",
                 "format": "tiff"}  # fmt: skip
        link = await answer(client, asked)
        assert link.type == "print.link" and (link.width_px, link.height_px) == (1417, 945)
        assert (await print_draft(client)).skill == "print"
        assert link.url.startswith(f"/drafts/{tile}/print.tiff?") and "token" not in link.url
        status, body, headers = await get(port, link.url)
        assert (status, headers["Content-Type"]) == (200, "image/tiff")
        assert headers["Content-Disposition"] == f'attachment; filename="{link.filename}"'
        assert link.filename == f"studiolo-{tile[:8]}-30x20cm-120dpi-half-drop.tiff"
        printed = Image.open(io.BytesIO(body))
        assert printed.size == (1417, 945) and printed.info["dpi"] == (120, 120)
        assert printed.info.get("icc_profile")  # sRGB
        # the repeat is the tile, every other column of tiles dropped by half its height
        source = Image.open(io.BytesIO(studio.store.images[tile])).convert("RGB")
        assert printed.convert("RGB").crop((0, 0, 400, 300)).tobytes() == source.crop((0, 0, 400, 300)).tobytes()
        half = source.height // 2
        dropped = printed.convert("RGB").crop((source.width, 0, source.width + 100, 100)).tobytes()
        assert dropped == source.crop((0, half, 100, half + 100)).tobytes()

        png = await answer(client, {**asked, "format": "png", "repeat": "mirror", "scale_cm": 10})
        assert (await print_draft(client)).params["scale_cm"] == 10
        status, body, headers = await get(port, png.url)
        assert (status, headers["Content-Type"], Image.open(io.BytesIO(body)).size) == (200, "image/png", (1417, 945))
        assert phys(body) == (round(120 / 0.0254), round(120 / 0.0254), 1)
        assert png.filename.endswith("-120dpi-mirror-repeat10cm.png")

        # what the address did not sign, or no longer may: a changed value, a forged or expired signature, an
        # image's signature, a draft's address with another draft's print signature
        sig = link.url.partition("&sig=")[2]
        exp = link.url.partition("&exp=")[2].partition("&")[0]
        refused = [
            link.url.replace("width_cm=30", "width_cm=31"),
            link.url.replace("repeat=half-drop", "repeat=brick"),
            link.url.replace(sig, sig[:-3] + ("AAA" if sig[-3:] != "AAA" else "BBB")),
            link.url.replace(sig, sig[:-1] + "%C3%A9"),  # not even ASCII
            link.url.replace(f"exp={exp}", f"exp={int(exp) + 60}"),
            link.url.replace("print.tiff", "print.png"),
            link.url.partition("&exp=")[0] + "&" + studio.authority.draft_url(tile).partition("?")[2],
            (link.url.partition("&exp=")[0] + "&"
             + studio.authority.signed_query(prints.PrintOrder(tile, prints.order(tile, "tiff", asked, budget_bytes=2**30).spec, "tiff").signed_as, -5)),
        ]  # fmt: skip
        for url in refused:
            status, body, _ = await get(port, url)
            assert (status, b"[auth.invalid_link]" in body) == (401, True), url
        assert (await get(port, link.url))[0] == 200  # the link itself still works

        # every parameter checked, with its own code, before the signature is looked at
        base = f"/drafts/{tile}/print.png?"
        for query, code in (
            ("width_cm=-4&height_cm=10&dpi=100", b"print.invalid_width_cm"),
            ("width_cm=10&height_cm=abc&dpi=100", b"print.invalid_height_cm"),
            ("width_cm=10&height_cm=10&dpi=5", b"print.invalid_dpi"),
            ("width_cm=10&height_cm=10&dpi=100&repeat=zigzag", b"print.invalid_repeat"),
            ("width_cm=10&height_cm=10&dpi=100&scale_cm=0", b"print.invalid_scale_cm"),
            ("width_cm=10&height_cm=10", b"print.invalid_dpi"),
            ("width_cm=10&height_cm=10&dpi=100&colour=red", b"print.unknown_parameter"),
            ("width_cm=10&width_cm=12&height_cm=10&dpi=100", b"print.invalid_query"),
            ("width_cm=300&height_cm=300&dpi=300", b"print.too_large"),
        ):
            status, body, _ = await get(port, base + query + f"&exp={exp}&sig={sig}")
            assert (status, code in body) == (400, True), (query, body)
        status, body, _ = await get(
            port, f"/drafts/{tile}/print.jpg?width_cm=10&height_cm=10&dpi=100&exp={exp}&sig={sig}"
        )
        assert status == 400 and b"print.unsupported_format" in body
        assert b"the print budget is 64 MiB" in (await get(port, base + "width_cm=300&height_cm=300&dpi=300"))[1]

        # the websocket says the same, before any link is made; the connection goes on
        for changed, code, field in (
            ({"width_cm": 0}, "print.invalid_width_cm", "width_cm"),
            ({"repeat": "zigzag"}, "print.invalid_repeat", "repeat"),
            ({"format": "gif"}, "print.unsupported_format", "format"),
            ({"width_cm": 300, "height_cm": 300, "dpi": 300}, "print.too_large", "size"),
            ({"width_cm": 2, "height_cm": 2, "dpi": 1200, "scale_cm": 500}, "print.repeat_out_of_range", "scale_cm"),
            ({"draft_id": "0" * 32}, "draft.not_found", "draft_id"),
        ):
            error = await answer(client, {**asked, **changed})
            assert (error.type, error.code, error.field) == ("error", code, field), changed
        assert (
            "the print budget is 64 MiB"
            in (await answer(client, {**asked, "width_cm": 300, "height_cm": 300, "dpi": 300})).message
        )

        # a picture that is not a pattern (a mock-up) is not printed: refused when asked, and at an address made for
        # it anyway
        worn = await turn(client, {"type": "say", "text": "on a tote", "attachments": [tile],
                                   "options": {"skill": "wear", "size": 256, "args": {"garment": "tote"}}})  # fmt: skip
        (mockup,) = [e for e in worn if e.type == "draft.final"]
        picture = mockup.draft_id
        assert not mockup.pattern
        error = await answer(client, {**asked, "draft_id": picture})
        assert (error.code, error.field) == ("print.not_a_pattern", "draft_id")
        forced = prints.link(studio.authority, prints.order(picture, "png", asked, budget_bytes=2**30))
        status, body, _ = await get(port, forced)
        assert status == 400 and b"print.not_a_pattern" in body
        # and a draft that was never made
        ghost = prints.link(studio.authority, prints.order("f" * 32, "png", asked, budget_bytes=2**30))
        assert (await get(port, ghost))[0] == 404

        # watching is not printing
        guest = await Client.connect(ws_url(studio), OBSERVER, session=client.session, role="observer")
        error = await answer(guest, asked)
        assert error.code == "role.forbidden"
        for c in (client, guest):
            await c.close()


async def test_each_print_asked_for_is_a_child_draft_of_the_pattern_with_a_small_preview(
    tmp_path: Path, agent_parts: Any
) -> None:
    async with live_server(tmp_path, agent_parts) as studio:
        client = await Client.connect(ws_url(studio), DESIGNER)
        tile = await a_pattern(client)
        guest = await Client.connect(ws_url(studio), OBSERVER, session=client.session, role="observer")
        asked = {"type": "print", "draft_id": tile, "width_cm": 150, "height_cm": 100, "dpi": 150,
                 "repeat": "half-drop", "format": "png"}  # fmt: skip
        link = await answer(client, asked)
        made = await print_draft(client)
        assert (made.skill, made.parent_ids, made.pattern) == ("print", [tile], False)
        assert made.params == {"width_cm": 150.0, "height_cm": 100.0, "dpi": 150.0, "repeat": "half-drop",
                               "format": "png", "width_px": 8858, "height_px": 5906, "source": tile}  # fmt: skip
        assert (link.width_px, link.height_px) == (8858, 5906)
        seen = (await guest.until(lambda e: e.type == "draft.final" and e.draft_id == made.draft_id))[-1]
        assert seen.params == made.params  # observers see it as it is made

        # its image is a small picture of the whole print (8858 x 5906), not the print: about 1024 x 683 (each tile
        # shrunk to whole pixels), and it is the print shrunk (the repeat's half-drop and all), far nearer it than a
        # full-drop layout of the same tile
        status, body, _ = await get(studio.port, studio.authority.draft_url(made.draft_id))
        preview = Image.open(io.BytesIO(body)).convert("RGB")
        assert status == 200 and preview.size == (made.width, made.height)
        assert 1000 <= preview.width <= 1024 and abs(preview.width / preview.height - 8858 / 5906) < 0.01
        assert len(body) < 4 * 1024**2
        source = Image.open(io.BytesIO(studio.store.images[tile])).convert("RGB")
        spec = prints.order(tile, "png", asked, budget_bytes=2**31).spec
        shrunk = {style: print_shrunk(source, spec.model_copy(update={"repeat": style}), preview.size)
                  for style in ("half-drop", "full-drop")}  # fmt: skip
        assert difference(preview, shrunk["half-drop"]) < difference(preview, shrunk["full-drop"]) / 2

        # the same print asked again is the same draft; what is refused adds nothing; another print is another
        # child, its repeat width said
        assert (await answer(client, asked)).type == "print.link"
        for changed in ({"width_cm": 0}, {"repeat": "zigzag"}, {"format": "gif"}, {"dpi": 1200, "width_cm": 900},
                        {"draft_id": made.draft_id}):  # fmt: skip
            assert (await answer(client, {**asked, **changed})).type == "error", changed
        await client.send({**asked, "repeat": "brick", "scale_cm": 12.5, "width_cm": 40, "height_cm": 60})
        events = await client.until(lambda e: e.type == "draft.final")
        assert [e.type for e in events].count("print.link") == 1
        (brick,) = [e for e in events if e.type == "draft.final"]
        assert brick.parent_ids == [tile] and brick.draft_id != made.draft_id
        assert {k: brick.params[k] for k in ("repeat", "scale_cm", "width_px", "height_px")} == {
            "repeat": "brick", "scale_cm": 12.5, "width_px": 2362, "height_px": 3543}  # fmt: skip
        assert 1000 <= brick.height <= 1024 and abs(brick.width / brick.height - 2362 / 3543) < 0.01

        # a page opened later, and the store, keep both as they were made
        later = await Client.connect(ws_url(studio), DESIGNER, session=client.session)
        assert later.welcome is not None
        drafts = {d["id"]: d for d in later.welcome.state["drafts"]}
        prints_kept = [d for d in drafts.values() if d["skill"] == "print"]
        assert [d["id"] for d in prints_kept] == [made.draft_id, brick.draft_id]
        assert drafts[made.draft_id]["params"] == made.params and drafts[made.draft_id]["pattern"] is False
        assert drafts[made.draft_id]["parent_ids"] == [tile]

        # worn from its print, a pattern is worn from its tile
        events = await turn(client, {"type": "say", "text": "on a scarf", "attachments": [made.draft_id],
                                     "options": {"skill": "wear", "size": 256, "args": {"garment": "scarf"}}})  # fmt: skip
        (worn,) = [e for e in events if e.type == "draft.final"]
        assert worn.parent_ids == [tile] and worn.params["source"] == tile
        session = client.session
        for c in (client, guest, later):
            await c.close()

    async with live_server(tmp_path, agent_parts) as studio:  # restarted: the store gives the prints back
        again = await Client.connect(ws_url(studio), DESIGNER, session=session)
        assert again.welcome is not None
        kept = {d["id"]: d for d in again.welcome.state["drafts"] if d["skill"] == "print"}
        assert set(kept) == {made.draft_id, brick.draft_id} and kept[made.draft_id]["params"] == made.params
        status, body, _ = await get(studio.port, studio.authority.draft_url(made.draft_id))
        assert status == 200 and Image.open(io.BytesIO(body)).size == (made.width, made.height)
        await again.close()


def print_shrunk(tile: Image.Image, spec: Any, size: tuple[int, int]) -> Image.Image:
    """The print file itself, made in memory and shrunk to `size`."""
    from studiolo.garments.print_export import write_print

    out = io.BytesIO()
    write_print(tile, spec, out, "PNG")
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB").resize(size, Image.Resampling.BOX)


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of two same-size RGB pictures, 0..255."""
    return statistics.fmean(abs(x - y) for x, y in zip(a.tobytes(), b.tobytes(), strict=True))
