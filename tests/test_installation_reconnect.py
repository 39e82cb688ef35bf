"""The wall reconnects and resumes on its own, in a real browser (Debian's chromium) against a real server, with
nobody reloading it:

- after a server restart (stopped, then started again on the same port and data folder), it is sent the gallery
  again and shows the next painting;
- after a network drop that closes nothing (a cable pulled out: a proxy between the page and the server stops
  passing bytes either way), it notices the silence (the server's beats stop), keeps trying, and once the cable is
  back shows the picture picked while it was away, then the next painting.

The visitors are websocket clients of the kiosk protocol; only the wall is a page.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("the page test needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)",
                allow_module_level=True)  # fmt: skip

from installation_server import KIOSK_1, KIOSK_2, WALL, hello, installation_server, socket_url, write_show  # noqa: E402
from playwright.async_api import Browser, Page, async_playwright, expect  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
PAINTING_MS = 120_000  # a turn of the embedded painter takes seconds; generous for a busy machine
BACK_MS = 60_000  # a server's start (the screen's exemplars embedded) and the page's next try (at most 5 s apart)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


async def visit(url: str, token: str, wish: str, *, pick: bool) -> str:
    """A visitor at a kiosk: one wish, its first picture (picked, taken home, when `pick`), "I'm done"."""
    async with connect(url, max_size=None) as kiosk:
        await hello(kiosk, token)
        await kiosk.send(json.dumps({"type": "wish", "text": wish}))
        finals: list[str] = []
        async with asyncio.timeout(PAINTING_MS / 1000):
            while (message := json.loads(await kiosk.recv()))["type"] != "job_end":
                if message["type"] == "final":
                    finals.append(message["draft_id"])
            assert finals, f"{wish!r} was not painted"
            if pick:
                await kiosk.send(json.dumps({"type": "pick", "draft_id": finals[0]}))
                while json.loads(await kiosk.recv())["type"] != "take_home":
                    pass
        await kiosk.send(json.dumps({"type": "done"}))
    return finals[0]


async def shows_on_stage(wall: Page, draft_id: str, words: str) -> None:
    stage = wall.locator("#stage-image")
    await expect(stage).to_have_attribute("data-draft", draft_id, timeout=PAINTING_MS)
    await expect(wall.locator("#words")).to_have_text(words)
    await expect(stage).to_have_js_property("complete", True)
    assert await stage.evaluate("(img) => img.naturalWidth") > 0  # the picture itself, not just its address


async def test_the_wall_resumes_after_a_server_restart(tmp_path: Path, browser: Browser) -> None:
    show, data = write_show(tmp_path), tmp_path / "data"
    wall = await (await browser.new_context(viewport={"width": 1920, "height": 1080})).new_page()
    async with installation_server(data, show, stop_grace_s=0) as first:  # stopped as soon as asked
        port, backends = first.port, first.backends
        picked = await visit(socket_url(first), KIOSK_1, "a lighthouse in the fog", pick=True)
        await wall.goto(f"http://127.0.0.1:{port}/wall?token={WALL}")
        tile = wall.locator(f'#mosaic li[data-draft="{picked}"]')
        await expect(tile).to_be_visible()
        await tile.evaluate("(li) => { li.dataset.shownBefore = 'yes'; }")  # the mosaic drawn before the restart
    await expect(wall.locator("#wall")).to_have_attribute("data-online", "false")  # the server has gone

    async with installation_server(data, show, backends=backends, port=port, stop_grace_s=0) as again:
        await expect(wall.locator("#wall")).to_have_attribute("data-online", "true", timeout=BACK_MS)
        # the gallery sent again by the new server and drawn afresh (the old tile carried the mark)
        await expect(wall.locator(f'#mosaic li[data-draft="{picked}"]:not([data-shown-before])')).to_be_visible()
        painted = await visit(socket_url(again), KIOSK_2, "a garden of yellow flowers", pick=False)
        await shows_on_stage(wall, painted, "a garden of yellow flowers")
    await wall.context.close()


class Cable:
    """A TCP proxy between the page and the server that can be pulled out. While out it passes no bytes either way
    and closes nothing, as a pulled cable or a dead access point: the connections it carried are dead for good,
    and connections made meanwhile hang. Plugged back, new connections pass again."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.plugged = True
        self.alive: set[asyncio.Event] = set()  # set (dead) when the cable is pulled, one per connection
        self.writers: set[asyncio.StreamWriter] = set()
        self.server: asyncio.Server | None = None

    async def __aenter__(self) -> Cable:
        self.server = await asyncio.start_server(self._carry, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()
        for writer in self.writers:
            writer.close()

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.sockets[0].getsockname()[1])

    def pull(self) -> None:
        self.plugged = False
        for dead in self.alive:
            dead.set()

    def plug(self) -> None:
        self.plugged = True

    async def _carry(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.writers.add(writer)
        if not self.plugged:
            return  # made while the cable is out: nothing ever comes through (the page gives it up)
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        self.writers.add(up_writer)
        dead = asyncio.Event()
        self.alive.add(dead)
        await asyncio.gather(self._pass(reader, up_writer, dead), self._pass(up_reader, writer, dead))

    async def _pass(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, dead: asyncio.Event) -> None:
        with contextlib.suppress(ConnectionError):
            while data := await source.read(65536):
                if not dead.is_set():
                    sink.write(data)
            if not dead.is_set():
                sink.close()


async def test_the_wall_resumes_after_a_network_drop(tmp_path: Path, browser: Browser) -> None:
    async with installation_server(tmp_path / "data", write_show(tmp_path)) as studio, Cable(studio.port) as cable:
        assert studio.venue is not None
        studio.venue.beat_s = 0.5  # a quiet socket beats every half second: a cut is noticed in seconds, not 30 s
        first = await visit(socket_url(studio), KIOSK_1, "a lighthouse in the fog", pick=True)
        wall = await (await browser.new_context(viewport={"width": 1920, "height": 1080})).new_page()
        async with wall.expect_websocket() as opened:
            await wall.goto(f"http://127.0.0.1:{cable.port}/wall?token={WALL}")
        socket = await opened.value
        await expect(wall.locator(f'#mosaic li[data-draft="{first}"]')).to_be_visible()
        # the page has heard a beat, so it knows how long a silence means the network is gone
        await socket.wait_for_event("framereceived", lambda frame: '"beat"' in str(frame))

        cable.pull()
        away = await visit(socket_url(studio), KIOSK_2, "a garden of yellow flowers", pick=True)  # not via the cable
        await expect(wall.locator("#wall")).to_have_attribute("data-online", "false")  # the silence noticed
        assert await wall.locator(f'#mosaic li[data-draft="{away}"]').count() == 0  # its `picked` was lost

        cable.plug()
        await expect(wall.locator("#wall")).to_have_attribute("data-online", "true", timeout=BACK_MS)
        await expect(wall.locator(f'#mosaic li[data-draft="{away}"]')).to_be_visible()  # the gallery, sent afresh
        painted = await visit(socket_url(studio), KIOSK_1, "a red bird over a blue sea at sunset", pick=False)
        await shows_on_stage(wall, painted, "a red bird over a blue sea at sunset")
        await wall.context.close()
