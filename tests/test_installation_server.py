"""The installation against a real server on 127.0.0.1 (embedded painter, real MiniLM screen, real SQLite):
a Korean wish goes from a kiosk to the wall with its caption, a pick gets a share code whose page and picture
are served and nothing else; unsafe wishes are refused in character, never reach the wall, are counted in
/metrics and listed on the console; the console pauses, skips and hides; each visitor is a fresh session; a
restart comes back to the same gallery and share codes."""

from __future__ import annotations

import asyncio
import json
import re
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from installation_server import KIOSK_1, KIOSK_2, OPERATOR, WALL, hello, installation_server, socket_url, write_show
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from studiolo.server.app import StudioServer

pytestmark = pytest.mark.asyncio(loop_scope="module")
WAIT_S = 120  # a turn of the embedded painter takes seconds; generous for a busy machine


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def studio(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[StudioServer]:
    folder = tmp_path_factory.mktemp("installation")
    async with installation_server(folder / "data", write_show(folder)) as server:
        yield server


async def until(ws: ClientConnection, kind: str, seen: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The next message of `kind`; the ones before it are added to `seen`."""
    async with asyncio.timeout(WAIT_S):
        while True:
            message = json.loads(await ws.recv())
            if message["type"] == kind:
                return message
            if seen is not None:
                seen.append(message)


def http_get(studio: StudioServer, path: str, token: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{studio.port}{path}")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


async def test_a_korean_wish_reaches_the_wall_with_its_caption_and_a_pick_goes_home(studio: StudioServer) -> None:
    async with connect(socket_url(studio)) as kiosk, connect(socket_url(studio)) as wall:
        assert (await hello(kiosk, KIOSK_1))["texts"]["ko"]["welcome"] == "화가에게 원하는 그림을 말해 보세요."
        assert (await hello(wall, WALL))["type"] == "wall"
        await kiosk.send(json.dumps({"type": "wish", "text": "노을 지는 바다 위의 빨간 새", "lang": "ko"}))
        on_kiosk: list[dict[str, Any]] = []
        end = await until(kiosk, "job_end", on_kiosk)
        assert end["status"] == "job.finished"
        finals = [m["draft_id"] for m in on_kiosk if m["type"] == "final"]
        assert finals and any(m["type"] == "preview" for m in on_kiosk)
        on_wall: list[dict[str, Any]] = []
        final = await until(wall, "final", on_wall)
        kinds = [m["type"] for m in on_wall]
        assert kinds[0] == "painting" and on_wall[0]["words"] == "노을 지는 바다 위의 빨간 새"
        assert "preview" in kinds  # previews on the wall before the final
        assert final["draft_id"] == finals[0]
        caption = await until(wall, "caption")  # the artist's words about it follow, screened
        assert caption["draft_id"] == finals[0] and re.search(r"[\uac00-\ud7a3]", caption["text"])  # in Korean
        status, _, png = await asyncio.to_thread(http_get, studio, final["url"])
        assert status == 200 and png.startswith(b"\x89PNG")

        await kiosk.send(json.dumps({"type": "pick", "draft_id": finals[0]}))
        home = await until(kiosk, "take_home")
        assert home["qr"].startswith("<svg") and home["url"].startswith(studio.url + "/share/")
        picked = await until(wall, "picked")
        assert picked["work"]["draft_id"] == finals[0]

    code = home["url"].rsplit("/", 1)[1]
    status, headers, page = await asyncio.to_thread(http_get, studio, f"/share/{code}")
    assert status == 200 and f'src="/share/{code}.png"'.encode() in page and b'id="download"' in page
    status, headers, image = await asyncio.to_thread(http_get, studio, f"/share/{code}.png?download=1")
    assert image == studio.store.images[finals[0]] and "attachment" in headers["Content-Disposition"]
    # a code reaches its one picture only: a changed code, another draft's id, a path, all the same 404
    for wrong in (code[:-1] + ("A" if code[-1] != "A" else "B"), finals[1], "..%2Fdrafts", f"{code}.png/x"):
        assert (await asyncio.to_thread(http_get, studio, f"/share/{wrong}"))[0] == 404


async def test_unsafe_wishes_are_refused_in_character_and_never_reach_the_wall(studio: StudioServer) -> None:
    async with connect(socket_url(studio)) as kiosk, connect(socket_url(studio)) as wall, \
            connect(socket_url(studio)) as console:  # fmt: skip
        await hello(kiosk, KIOSK_2)
        await hello(wall, WALL)
        await hello(console, OPERATOR)
        await kiosk.send(json.dumps({"type": "wish", "text": "a man stabbing a woman with a knife"}))
        refused = await until(kiosk, "refused")
        assert refused["text"] == studio.show.texts["en"].refusal
        await kiosk.send(json.dumps({"type": "wish", "text": "칼로 사람을 찌르는 장면"}))
        assert (await until(kiosk, "refused"))["text"] == studio.show.texts["ko"].refusal
        await kiosk.send(json.dumps({"type": "wish", "text": "a knife-pleated skirt"}))
        # the wall's next painting is the ordinary wish: the refused ones never reached it
        painting = await until(wall, "painting")
        assert painting["words"] == "a knife-pleated skirt"
        await until(kiosk, "job_end")
        listed = await until(console, "console")
        while len(listed["refusals"]) < 2:
            listed = await until(console, "console")
        assert {r["text"] for r in listed["refusals"]} >= {
            "a man stabbing a woman with a knife",
            "칼로 사람을 찌르는 장면",
        }
    status, _, metrics = await asyncio.to_thread(http_get, studio, "/metrics", OPERATOR)
    assert status == 200
    counts = dict(
        re.findall(r'studiolo_installation_refusals_total\{lang="(\w+)",reason="\w+"\} (\S+)', metrics.decode())
    )
    assert float(counts["en"]) >= 1 and float(counts["ko"]) >= 1


async def test_each_visitor_is_a_fresh_session_and_the_console_pauses_skips_and_hides(studio: StudioServer) -> None:
    async with connect(socket_url(studio)) as kiosk, connect(socket_url(studio)) as wall, \
            connect(socket_url(studio)) as console:  # fmt: skip
        await hello(kiosk, KIOSK_1)
        await hello(wall, WALL)
        await hello(console, OPERATOR)
        await kiosk.send(json.dumps({"type": "done"}))  # whoever the last test left at this kiosk has gone
        await until(kiosk, "welcome")
        await kiosk.send(json.dumps({"type": "wish", "text": "a lighthouse in the fog"}))
        first = (await until(kiosk, "visitor"))["session"]
        finals: list[dict[str, Any]] = []
        await until(kiosk, "job_end", finals)
        await kiosk.send(json.dumps({"type": "done"}))
        assert (await until(kiosk, "welcome"))["paused"] is False
        await kiosk.send(
            json.dumps({"type": "pick", "draft_id": next(m for m in finals if m["type"] == "final")["draft_id"]})
        )
        assert (await until(kiosk, "error"))["code"] == "draft.not_found"  # the last visitor's pictures are gone
        await kiosk.send(json.dumps({"type": "wish", "text": "a garden of yellow flowers"}))
        second = (await until(kiosk, "visitor"))["session"]
        assert second != first
        seconds: list[dict[str, Any]] = []
        await until(kiosk, "job_end", seconds)
        mine = next(m for m in seconds if m["type"] == "final")["draft_id"]
        await kiosk.send(json.dumps({"type": "pick", "draft_id": mine}))
        await until(kiosk, "take_home")
        assert (await until(wall, "picked"))["work"]["draft_id"] == mine

        await console.send(json.dumps({"type": "skip", "kiosk": "entrance"}))
        await until(kiosk, "welcome")
        await console.send(json.dumps({"type": "pause", "kiosk": "entrance"}))
        assert (await until(kiosk, "welcome"))["paused"] is True
        await kiosk.send(json.dumps({"type": "wish", "text": "a red bird"}))
        assert (await until(kiosk, "closed"))["text"] == studio.show.texts["en"].closing
        await console.send(json.dumps({"type": "resume", "kiosk": "entrance"}))
        assert (await until(kiosk, "welcome"))["paused"] is False

        await console.send(json.dumps({"type": "hide", "draft_id": mine}))
        assert (await until(wall, "hidden"))["draft_id"] == mine
        assert mine not in [w.draft_id for w in studio.venue.ledger.gallery(12)]  # type: ignore[union-attr]
        async with connect(socket_url(studio)) as another_wall:  # a wall that joins later never sees it either
            assert mine not in [w["draft_id"] for w in (await hello(another_wall, WALL))["gallery"]]
        await console.send(json.dumps({"type": "speak", "text": "Welcome, everyone!"}))
        assert (await until(wall, "speak"))["text"] == "Welcome, everyone!"


async def test_a_wrong_token_is_refused(studio: StudioServer) -> None:
    async with connect(socket_url(studio)) as ws:
        await ws.send(json.dumps({"type": "hello", "token": "not-a-kiosk-token-at-all"}))
        assert json.loads(await ws.recv())["code"] == "auth.invalid_token"
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4001


async def test_a_restart_comes_back_to_the_same_gallery_and_share_codes(tmp_path: Path, studio: StudioServer) -> None:
    show = write_show(tmp_path)
    async with installation_server(tmp_path / "data", show, backends=studio.backends) as first:
        async with connect(socket_url(first)) as kiosk:
            await hello(kiosk, KIOSK_1)
            await kiosk.send(json.dumps({"type": "wish", "text": "a red bird over a blue sea"}))
            seen: list[dict[str, Any]] = []
            await until(kiosk, "job_end", seen)
            draft = next(m for m in seen if m["type"] == "final")["draft_id"]
            await kiosk.send(json.dumps({"type": "pick", "draft_id": draft}))
            code = (await until(kiosk, "take_home"))["url"].rsplit("/", 1)[1]
    async with installation_server(tmp_path / "data", show, backends=studio.backends) as again:
        async with connect(socket_url(again)) as wall:
            state = await hello(wall, WALL)
            assert [work["draft_id"] for work in state["gallery"]] == [draft]
        assert (await asyncio.to_thread(http_get, again, f"/share/{code}.png"))[0] == 200
        assert again.venue.ledger.visit_count(open_only=True) == 0  # type: ignore[union-attr]
