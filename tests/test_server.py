"""The collaboration server, for real: a websocket server on 127.0.0.1 and several clients at once."""

from __future__ import annotations

import asyncio
import io
import json
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from live_server import DESIGNER, OBSERVER, OPERATOR, TOKENS, live_server, ws_url
from PIL import Image

from studiolo.agent.session import Session
from studiolo.client import Client, ServerRefused
from studiolo.events import Event

TURN_DONE = "reply.done"


async def new_session(url: str, token: str = DESIGNER, **options: str) -> Client:
    """A designer's new session, once the artist's greeting is over."""
    client = await Client.connect(url, token, **options)
    greeting = await client.until(lambda e: e.type == TURN_DONE)
    assert greeting[0].seq == 1 and greeting[-1].text
    return client


def kinds(events: list[Event]) -> list[str]:
    return [e.type for e in events]


def finals(events: list[Event]) -> list[Event]:
    return [e for e in events if e.type == "draft.final"]


def http(studio, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, str]:  # type: ignore[no-untyped-def]
    request = urllib.request.Request(f"http://127.0.0.1:{studio.port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


async def get(studio, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, str]:  # type: ignore[no-untyped-def]
    return await asyncio.to_thread(http, studio, path, headers)


async def test_imagine_feedback_refine_round_seen_live_by_every_viewer(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        designer = await new_session(ws_url(studio), name="mina")
        screen = await Client.connect(ws_url(studio), OBSERVER, session=designer.session, role="observer")
        await designer.say("paint flowers blooming on Venus")
        mine = await designer.until(lambda e: e.type == TURN_DONE)
        seen = await screen.until(lambda e: e.type == TURN_DONE)
        # the observer saw everything the designer did, previews included
        assert [e.seq for e in seen if e.type != "draft.preview"] == [e.seq for e in mine if e.type != "draft.preview"]
        assert "draft.preview" in kinds(seen) and kinds(seen)[:2] == ["turn.said", "turn.routed"]
        assert seen[0].text == "paint flowers blooming on Venus" and seen[0].speaker == "mina"
        assert seen[1].turn == seen[0].seq  # the routing names the turn it routes
        drafts = finals(mine)
        assert len(drafts) == 4 and all(Image.open(io.BytesIO(d.image)).size == (d.width, d.height) for d in drafts)
        assert kinds(mine).index("draft.preview") < kinds(mine).index("draft.final")

        second = drafts[1].draft_id
        await designer.feedback(second, rating=2, pick=True, text="love the glow")
        fed = await screen.until(lambda e: e.type == "draft.feedback")
        assert fed[-1].draft_id == second and fed[-1].feedback.rating == 2
        await designer.say("refine it: more pink petals", attachments=[second])
        refined = await designer.until(lambda e: e.type == TURN_DONE)
        children = finals(refined)
        assert children and all(c.parent_ids == [second] for c in children)
        await screen.until(lambda e: e.type == TURN_DONE)

        # the state a late joiner is welcomed with: drafts and lineage, cursor, turns, what was learned
        late = await Client.connect(ws_url(studio), OBSERVER, session=designer.session, role="observer")
        state = late.welcome.state
        assert [d["id"] for d in state["drafts"]] == [d.draft_id for d in drafts + children]
        assert state["drafts"][-1]["parent_ids"] == [second] and state["cursor"] == children[-1].draft_id
        assert state["drafts"][1]["feedback"][0]["pick"] is True
        assert [t["speaker"] for t in state["turns"]] == ["artist", "mina", "artist", "mina", "artist"]
        for client in (designer, screen, late):
            await client.close()


async def test_a_pick_steers_the_next_request_and_survives_a_restore(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        designer = await new_session(ws_url(studio))
        await designer.say("draw a night garden with a moon")
        first = finals(await designer.until(lambda e: e.type == TURN_DONE))[0].draft_id
        await designer.feedback(first, pick=True)
        picked = await designer.until(lambda e: e.type == "cursor.moved")
        assert kinds(picked) == ["draft.feedback", "cursor.moved"] and picked[-1].cursor == first
        live = studio.rooms[designer.session].session
        restored = Session.restore(live.persona_id, live.id, studio.store.events(live.id), images=studio.store.images)
        assert restored.graph.cursor == first  # the pick is in the stored events, so a reload finds it
        await designer.say("make it warmer")  # no draft named: the one picked, not the newest
        refined = await designer.until(lambda e: e.type == TURN_DONE)
        assert (
            refined[1].skill == "refine" and finals(refined) and all(f.parent_ids == [first] for f in finals(refined))
        )
        assert "Working from #1:" in refined[-1].text
        await designer.select(first)  # the protocol's select still moves the cursor, for clients that send it
        assert (await designer.until(lambda e: e.type == "cursor.moved"))[-1].cursor == first
        await designer.close()


async def test_disconnect_mid_stream_then_resume_misses_nothing(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        client = await new_session(ws_url(studio))
        await client.say("paint a field of sunflowers at dusk")
        before = await client.until(lambda e: e.type == "draft.preview")
        await client.close()  # the connection drops mid-job; the job goes on without us
        reference = await Client.connect(
            ws_url(studio), OBSERVER, session=client.session, role="observer", resume_from=0
        )
        everything = await reference.until(lambda e: e.type == "job.finished")  # replayed from the start
        welcome = await client.resume()
        after = await client.until(lambda e: e.type == TURN_DONE)
        durable = [e.seq for e in before + after if e.type != "draft.preview"]
        assert durable == list(range(durable[0], durable[-1] + 1))  # every seq exactly once, in order
        assert welcome.resume_from == before[-1].seq
        assert [e.draft_id for e in finals(after)] == [e.draft_id for e in finals(everything)]
        assert [f.image for f in finals(after)] == [f.image for f in finals(everything)]
        await client.close()
        await reference.close()


async def test_a_restored_session_is_the_same_session(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        client = await new_session(ws_url(studio))
        await client.say("draw a night garden with a moon")
        done = await client.until(lambda e: e.type == TURN_DONE)
        await client.feedback(finals(done)[0].draft_id, rating=-1, text="too dark")
        await client.branch(finals(done)[2].draft_id)
        await client.until(lambda e: e.type == "cursor.moved")
        live = studio.rooms[client.session].session
        restored = Session.restore(live.persona_id, live.id, studio.store.events(live.id), images=studio.store.images)
        assert restored.state() == live.state()
        for final in finals(done):  # each picture, read back from the store's image folder
            assert restored.images[final.draft_id] == final.image
        assert restored.new_job_id() == live.new_job_id()  # job numbers go on where they were
        # once nobody watches, the room leaves memory; the next visitor finds the same session, from the store
        left = asyncio.Event()
        close_room = studio._close_room
        studio._close_room = lambda room: (close_room(room), left.set())  # type: ignore[method-assign]
        studio.rooms[client.session].on_idle = studio._close_room
        state = live.state()
        await client.close()
        await asyncio.wait_for(left.wait(), 10)
        assert client.session not in studio.rooms
        back = await Client.connect(ws_url(studio), DESIGNER, session=client.session)
        welcomed = back.welcome.state
        assert all(d.pop("url").startswith(f"/drafts/{d['id']}.png?exp=") for d in welcomed["drafts"])  # signed
        assert welcomed == state | {"jobs": []} and studio.rooms[client.session].session is not live
        await back.close()


async def test_observers_watch_but_cannot_act(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        designer = await new_session(ws_url(studio), name="mina")
        await designer.say("paint a lighthouse")
        drafts = finals(await designer.until(lambda e: e.type == TURN_DONE))
        # an observer who takes the designer's name is someone else: it cannot make the designer an observer
        observer = await Client.connect(
            ws_url(studio), OBSERVER, session=designer.session, role="observer", name="mina"
        )
        assert (designer.welcome.participant, observer.welcome.participant) == ("mina", "mina-2")
        seq = studio.rooms[designer.session].session.seq
        attempts = [
            {"type": "say", "text": "paint a ship"},
            {"type": "feedback", "draft_id": drafts[0].draft_id, "rating": 2},
            {"type": "select", "draft_id": drafts[0].draft_id},
            {"type": "undo"},
            {"type": "cancel"},
            {"type": "speak", "text": "hello everyone"},
            {"type": "reset"},
        ]
        for attempt in attempts:
            await observer.send(attempt)
            error = (await observer.until(lambda e: e.type == "error"))[-1]
            assert (error.code, error.field) == ("role.forbidden", "role"), attempt
        swatch = io.BytesIO()
        Image.new("RGB", (64, 64), "teal").save(swatch, "PNG")  # small: an observer may not send large frames at all
        await observer.upload(swatch.getvalue(), "image/png")
        assert (await observer.until(lambda e: e.type == "error"))[-1].code == "role.forbidden"
        assert studio.rooms[designer.session].session.seq == seq  # nothing happened to the session
        await designer.say("hello, how are you?")
        turn = await designer.until(lambda e: e.type == TURN_DONE)
        assert "error" not in kinds(turn) and turn[0].speaker == "mina" and turn[0].role == "designer"
        # an observer token cannot claim a stronger role, nor start a session
        with pytest.raises(ServerRefused) as refused:
            await Client.connect(ws_url(studio), OBSERVER, session=designer.session, role="designer")
        assert refused.value.error.code == "auth.role_forbidden"
        with pytest.raises(ServerRefused) as refused:
            await Client.connect(ws_url(studio), OBSERVER, role="observer")
        assert refused.value.error.code == "session.required"
        await designer.close()
        await observer.close()


async def test_tokens_and_invitations(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        for token in ("", "wrong-token-123", "inv1.e30.AAAA"):
            with pytest.raises(ServerRefused) as refused:
                await Client.connect(ws_url(studio), token)
            assert refused.value.error.code == "auth.invalid_token"
        designer = await new_session(ws_url(studio))
        other = await new_session(ws_url(studio))
        await designer.send({"type": "invite", "role": "observer"})
        invitation = (await designer.until(lambda e: e.type == "invitation"))[-1]
        assert invitation.url.endswith(f"#session={designer.session}") and "token=" in invitation.url
        guest = await Client.connect(ws_url(studio), invitation.token, session=designer.session, role="observer")
        assert guest.welcome.role == "observer"
        # a hello without a role joins in the role the token grants: the invitation link opens as it is given
        as_given = await Client.connect(ws_url(studio), invitation.token, session=designer.session, role=None)
        assert as_given.welcome.role == "observer"
        await as_given.close()
        with pytest.raises(ServerRefused) as refused:  # an invitation opens its own session only
            await Client.connect(ws_url(studio), invitation.token, session=other.session, role="observer")
        assert refused.value.error.code == "auth.wrong_session"
        with pytest.raises(ServerRefused) as refused:  # and only in its role
            await Client.connect(ws_url(studio), invitation.token, session=designer.session, role="designer")
        assert refused.value.error.code == "auth.role_forbidden"
        await designer.send({"type": "invite", "role": "operator"})
        assert (await designer.until(lambda e: e.type == "error"))[-1].code == "role.forbidden"
        for client in (designer, other, guest):
            await client.close()


async def test_bad_messages_get_stable_errors_and_the_connection_lives_on(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(
        tmp_path, agent_parts, max_text_bytes=4096, max_upload_bytes=200_000, max_upload_pixels=1024 * 1024
    ) as studio:
        client = await new_session(ws_url(studio))
        ws = client._ws
        assert ws is not None
        bomb = io.BytesIO()
        Image.new("L", (2048, 2048)).save(bomb, format="PNG")  # tiny on the wire, 4 megapixels decoded
        cases = [
            ("{not json", "json.invalid", None),
            ('["a", "list"]', "message.invalid", "type"),
            ('{"type": "dance"}', "message.unknown_type", "type"),
            ('{"type": "say", "text": 42}', "message.invalid", "text"),
            ('{"type": "say", "text": "hi", "colour": "red"}', "message.invalid", "colour"),
            ('{"type": "say", "text": "hi", "options": {"size": 100}}', "message.invalid", "options.size"),
            ('{"type": "say", "text": "hi", "options": {"n": 9}}', "message.invalid", "options.n"),
            ('{"type": "say", "text": "hi", "options": {"seed": -1}}', "message.invalid", "options.seed"),
            ('{"type": "say", "text": "hi", "options": {"steps": 50}}', "message.invalid", "options.steps"),
            ('{"type": "feedback", "draft_id": "../../etc/passwd", "rating": 1}', "message.invalid", "draft_id"),
            ('{"type": "feedback", "draft_id": "' + "0" * 32 + '", "rating": 9}', "message.invalid", "rating"),
            ('{"type": "say", "text": "' + "x" * 5000 + '"}', "frame.too_large", None),
            ('{"type": "hello", "token": "x"}', "hello.repeated", "type"),
            ('{"type": "cancel", "job_id": "' + "0" * 16 + '-job99"}', "job.not_running", "job_id"),
            (b"\x00\x00\x00\x05{bad}", "frame.invalid", "header"),
            (b"\x00\x00", "frame.invalid", "header"),
            (_upload({"type": "upload", "mime": "image/png"}, b"not an image"), "image.unsupported_format", "image"),
            (_upload({"type": "upload", "mime": "image/gif"}, b"GIF89a"), "message.invalid", "mime"),
            (_upload({"type": "upload", "mime": "image/png"}, bomb.getvalue()), "image.too_large", "image"),
            (
                _upload({"type": "upload", "mime": "image/png"}, b"\x89PNG" + b"0" * 300_000),
                "upload.too_large",
                "image",
            ),
        ]
        for frame, code, field in cases:
            await ws.send(frame)
            error = (await client.until(lambda e: e.type == "error"))[-1]
            assert (error.code, error.field) == (code, field), frame[:60]
        # someone else's draft, named in an otherwise good message
        stranger = await new_session(ws_url(studio))
        await stranger.say("paint a red kite")
        theirs = finals(await stranger.until(lambda e: e.type == TURN_DONE))[0].draft_id
        for message in (
            {"type": "say", "text": "refine it: bluer", "attachments": [theirs]},
            {"type": "select", "draft_id": theirs},
        ):
            await client.send(message)
            answered = await client.until(lambda e: e.type == TURN_DONE)  # the artist says what went wrong
            assert [e.code for e in answered if e.type == "error"] == ["draft.not_found"]
        # and after all that, the same connection still works
        await client.say("paint a paper boat")
        assert len(finals(await client.until(lambda e: e.type == TURN_DONE))) == 4
        assert studio.store.integrity() == "ok"
        await client.close()
        await stranger.close()


def _upload(header: dict, data: bytes) -> bytes:  # type: ignore[type-arg]
    from studiolo.server.protocol import join_binary

    return join_binary(header, data)


async def test_replay_from_an_unknown_seq_is_refused_with_a_snapshot(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        client = await new_session(ws_url(studio))
        await client.say("paint a tiny snail")
        await client.until(lambda e: e.type == TURN_DONE)
        ws = client._ws
        assert ws is not None
        from websockets.asyncio.client import connect

        async with connect(ws_url(studio)) as raw:
            await raw.send(
                json.dumps({"type": "hello", "token": DESIGNER, "session": client.session, "resume_from": 10_000})
            )
            error = json.loads(await raw.recv())
            welcome = json.loads(await raw.recv())
            assert (error["type"], error["code"], error["field"]) == ("error", "resume.unknown_seq", "resume_from")
            assert welcome["type"] == "welcome" and len(welcome["state"]["drafts"]) == 4
        with pytest.raises(ServerRefused) as refused:
            await Client.connect(ws_url(studio), DESIGNER, session="0123456789abcdef")
        assert refused.value.error.code == "session.not_found"
        await client.close()


async def test_a_flood_is_rate_limited_then_cut_off(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts, messages_per_second=5, message_burst=5) as studio:
        client = await new_session(ws_url(studio))
        for _ in range(8):
            await client.send({"type": "ping"})
        events = await client.until(lambda e: e.type == "error")
        assert kinds(events).count("pong") == 5 and events[-1].code == "rate.limited" and events[-1].retry_after > 0
        ws = client._ws
        assert ws is not None
        for _ in range(300):
            await ws.send('{"type": "ping"}')
        await ws.wait_closed()
        assert ws.close_code == 4029
        # the session lives on for everyone else
        again = await Client.connect(ws_url(studio), DESIGNER, session=client.session)
        await again.send({"type": "ping"})
        assert (await again.until(lambda e: e.type == "pong"))[-1].type == "pong"
        await again.close()


async def test_http_health_metrics_and_draft_images(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        client = await new_session(ws_url(studio))
        await client.say("paint a green teapot")
        drafts = finals(await client.until(lambda e: e.type == TURN_DONE))
        status, body, kind = await get(studio, "/healthz")
        assert status == 200 and json.loads(body)["status"] == "ok" and kind == "application/json"
        assert (await get(studio, "/metrics"))[0] == 401  # an operator's business (test_server_safety.py)
        status, body, _ = await get(studio, "/metrics", {"Authorization": f"Bearer {OPERATOR}"})
        text = body.decode()
        for name in ("studiolo_sessions", "studiolo_connections", "studiolo_queue_depth",
                     "studiolo_time_to_first_preview_seconds_bucket", "studiolo_job_duration_seconds_count",
                     "studiolo_previews_dropped_total", "studiolo_errors_total"):  # fmt: skip
            assert name in text, name
        assert "studiolo_job_duration_seconds_count 1.0" in text
        first = drafts[0]
        status, body, _ = await get(studio, f"/drafts/{first.draft_id}.png", {"Authorization": f"Bearer {OPERATOR}"})
        assert status == 200 and body == first.image
        assert (await get(studio, f"/drafts/{first.draft_id}.png"))[0] == 401
        # a token in the query is refused: a proxy's access log would keep it
        assert (await get(studio, f"/drafts/{first.draft_id}.png?token={DESIGNER}"))[0] == 401
        bearer = {"Authorization": f"Bearer {DESIGNER}"}
        assert (await get(studio, f"/drafts/{first.draft_id}.png", {"Authorization": "Bearer nope-nope"}))[0] == 401
        assert (await get(studio, "/drafts/..%2F..%2Fstudiolo.sqlite3.png", bearer))[0] == 400
        assert (await get(studio, f"/drafts/{'0' * 32}.png", bearer))[0] == 404
        # an invitation to another session does not open this session's drafts
        other = await new_session(ws_url(studio))
        await other.send({"type": "invite", "role": "observer"})
        invitation = (await other.until(lambda e: e.type == "invitation"))[-1]
        headers = {"Authorization": f"Bearer {invitation.token}"}
        assert (await get(studio, f"/drafts/{first.draft_id}.png", headers))[0] == 404
        assert (await get(studio, "/"))[0] == 200
        await client.close()
        await other.close()


async def test_draft_images_by_signed_short_lived_addresses(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    """The welcome gives each draft a signed address that works without a token, for this draft, until it expires."""
    async with live_server(tmp_path, agent_parts) as studio:
        client = await new_session(ws_url(studio))
        await client.say("paint a green teapot")
        drafts = finals(await client.until(lambda e: e.type == TURN_DONE))
        guest = await Client.connect(ws_url(studio), OBSERVER, session=client.session, role="observer")
        assert guest.welcome is not None
        urls = {d["id"]: d["url"] for d in guest.welcome.state["drafts"]}
        assert set(urls) == {d.draft_id for d in drafts}
        first, second = drafts[0], drafts[1]
        url = urls[first.draft_id]
        assert url.startswith(f"/drafts/{first.draft_id}.png?exp=") and "token" not in url
        status, body, kind = await get(studio, url)
        assert (status, kind, body) == (200, "image/png", first.image)
        # another draft's signature does not open this one; a tampered signature or expiry opens nothing
        signature = url.partition("&sig=")[2]
        other_url = urls[second.draft_id]
        assert (await get(studio, f"/drafts/{first.draft_id}.png?" + other_url.partition("?")[2]))[0] == 401
        tampered = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
        assert (await get(studio, url.replace(signature, tampered)))[0] == 401
        exp = url.partition("exp=")[2].partition("&")[0]
        assert (await get(studio, url.replace(f"exp={exp}", f"exp={int(exp) + 3600}")))[0] == 401
        assert (await get(studio, f"/drafts/{first.draft_id}.png?exp={'9' * 5000}&sig={signature}"))[0] == 401
        expired = studio.authority.draft_url(first.draft_id, ttl_s=-1)  # signed by the server, but past its time
        assert (await get(studio, expired))[0] == 401
        # every welcome signs afresh, a resumed one too: a page that comes back later gets addresses that work
        again = await guest.resume()
        fresh = {d["id"]: d["url"] for d in again.state["drafts"]}
        assert set(fresh) == set(urls) and (await get(studio, fresh[second.draft_id]))[1] == second.image
        for c in (client, guest):
            await c.close()


async def test_an_upload_is_answered_by_the_artist(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        client = await new_session(ws_url(studio))
        watcher = await Client.connect(ws_url(studio), OBSERVER, session=client.session, role="observer")
        picture = io.BytesIO()
        Image.new("RGB", (96, 64), (20, 40, 200)).save(picture, format="JPEG")
        await client.upload(picture.getvalue(), "image/jpeg", name="swatch.jpg")
        events = await client.until(lambda e: e.type == TURN_DONE)
        final = finals(events)[0]
        said = next(e for e in events if e.type == "turn.said")
        assert (final.width, final.height) == (96, 64) and said.attachments == [final.draft_id]
        described = next(e for e in events if e.type == "draft.described")
        assert described.draft_id == final.draft_id
        assert "blue" in described.text and "96 x 64" in described.text and "studiolo" not in described.text
        # the artist says what it sees and what it could do with it, and everyone in the session hears it
        answer = events[-1].text
        assert answer.startswith(described.text) and "refine it" in answer and "make a pattern from it" in answer
        assert (await watcher.until(lambda e: e.type == TURN_DONE))[-1].text == answer
        await client.say("make a pattern from it")  # the upload is the draft being worked on
        patterned = await client.until(lambda e: e.type == TURN_DONE)
        assert next(e for e in patterned if e.type == "turn.routed").skill == "pattern"
        assert finals(patterned)[0].parent_ids == [final.draft_id]
        await client.close()
        await watcher.close()


async def test_operator_speaks_cancels_and_resets(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    painter = GatedPainter()  # the job stays running until the test has tried every cancel
    async with live_server(tmp_path, agent_parts, painter=painter) as studio:
        designer = await new_session(ws_url(studio), name="mina")
        operator = await Client.connect(
            ws_url(studio), OPERATOR, session=designer.session, role="operator", name="stage"
        )
        await operator.send({"type": "speak", "text": "Welcome to the show!"})
        spoken = (await designer.until(lambda e: e.type == TURN_DONE))[-1]
        assert spoken.text == "Welcome to the show!" and spoken.by == "stage"
        turn = studio.rooms[designer.session].session.state()["turns"][-1]
        assert (turn["speaker"], turn["by"], turn["text"]) == (
            "artist",
            "stage",
            "Welcome to the show!",
        )  # as the artist
        with sqlite3.connect(tmp_path / "studiolo.sqlite3") as db:  # the store's plain-text chat says the same
            spoken_row = db.execute(
                "SELECT speaker, spoken_by, text FROM turns WHERE session = ? AND seq = ?",
                (designer.session, spoken.seq),
            ).fetchone()
        assert spoken_row == ("artist", "stage", "Welcome to the show!")
        await designer.say("paint a parade of lanterns")
        started = (await designer.until(lambda e: e.type == "job.started"))[-1]
        other_designer = await Client.connect(ws_url(studio), DESIGNER, session=designer.session, name="intruder")
        await other_designer.cancel(job_id=started.job_id)
        assert (await other_designer.until(lambda e: e.type == "error"))[-1].code == "role.forbidden"
        await operator.send({"type": "invite", "role": "designer"})
        invitation = (await operator.until(lambda e: e.type == "invitation"))[-1]
        namesake = await Client.connect(ws_url(studio), invitation.token, session=designer.session, name="mina")
        await namesake.cancel(job_id=started.job_id)  # the same name with another token is not the owner
        assert (await namesake.until(lambda e: e.type == "error"))[-1].code == "role.forbidden"
        await namesake.close()
        await operator.cancel(job_id=started.job_id)
        await operator.send({"type": "ping"})  # a connection's messages are handled in order: the cancel is in
        await operator.until(lambda e: e.type == "pong")
        painter.gate.set()
        events = await designer.until(lambda e: e.type == TURN_DONE)
        assert "job.cancelled" in kinds(events) and not finals(events)
        await operator.send({"type": "reset"})
        reset = (await designer.until(lambda e: e.type == "session.reset"))[-1]
        assert reset.by == "stage" and studio.rooms[designer.session].session.graph.cursor is None
        for client in (designer, operator, other_designer):
            await client.close()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _start_serve_process(data: Path, port: int):  # type: ignore[no-untyped-def]
    """`studiolo serve` in its own process, ready once it prints where it serves."""
    import os
    import sys

    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studiolo.cli", "serve", "--port", str(port), "--data", str(data),
        "--token", f"designer:{DESIGNER}", "--token", f"observer:{OBSERVER}",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, env={**os.environ, "TQDM_DISABLE": "1"},
    )  # fmt: skip
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 120)
    assert b"serving on" in line, line
    return process


async def test_kill_9_during_a_job_then_restart_and_resume(tmp_path: Path) -> None:
    port = _free_port()
    url = f"ws://127.0.0.1:{port}/ws"
    server = await _start_serve_process(tmp_path, port)
    try:
        client = await new_session(url)
        await client.say("paint a harbour full of boats")
        kept = finals(await client.until(lambda e: e.type == TURN_DONE))
        await client.say("paint a mountain village in snow")
        started = (await client.until(lambda e: e.type == "draft.preview"))[-1]
        server.kill()  # SIGKILL, mid-job: no chance to tidy up
        await server.wait()
        with pytest.raises(ConnectionError):
            await client.until(lambda e: False, timeout=10)

        server = await _start_serve_process(tmp_path, port)
        await client.resume()
        replayed = await client.until(lambda e: e.type == "job.failed")
        failed = replayed[-1]
        assert (failed.job_id, failed.code) == (started.job_id, "job.interrupted")
        assert [e.seq for e in replayed] == list(range(replayed[0].seq, failed.seq + 1))  # nothing missing
        state = client.welcome.state
        assert [d["id"] for d in state["drafts"]] == [d.draft_id for d in kept]  # every accepted draft survived
        for draft in kept:
            status, body, _ = await asyncio.to_thread(
                lambda d=draft: _get_url(f"http://127.0.0.1:{port}/drafts/{d.draft_id}.png", DESIGNER)
            )
            assert status == 200 and body == draft.image

        await client.send({"type": "retry", "job_id": failed.job_id})
        retried = await client.until(lambda e: e.type == TURN_DONE)
        assert (
            len(finals(retried)) == 4
            and next(e for e in retried if e.type == "turn.said").text == "paint a mountain village in snow"
        )
        await client.send({"type": "retry", "job_id": failed.job_id})  # a job is retried once: it is no longer failed
        assert (await client.until(lambda e: e.type == "error"))[-1].code == "job.not_retryable"
        await client.close()
    finally:
        if server.returncode is None:
            server.kill()
            await server.wait()


def _get_url(url: str, token: str) -> tuple[int, bytes, str]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read(), response.headers.get("Content-Type", "")


async def test_two_busy_people_take_turns(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    tokens = {**TOKENS, "designer-token-2": "designer"}  # turns go by person (token): two people, two tokens
    async with live_server(tmp_path, agent_parts, slots=1, tokens=tokens) as studio:
        busy = await new_session(ws_url(studio))
        other = await new_session(ws_url(studio), "designer-token-2")
        for subject in ("moths", "comets", "tulips", "owls"):
            await busy.say(f"paint {subject}")
        await busy.until(lambda e: e.type == "job.queued" and e.position == 2)  # its burst is queued
        await other.say("paint a single red apple")
        await other.until(lambda e: e.type == TURN_DONE)
        # the other session's job ran after at most one more of the burst, not after all of them
        started = [job.id for job in _jobs_by_start(studio)]
        other_job = next(j for j in started if j.startswith(other.session))
        assert started.index(other_job) <= 2
        while sum(1 for j in _jobs_by_start(studio) if j.status == "finished") < 5:
            await busy.until(lambda e: e.type == "job.finished")
        await busy.close()
        await other.close()


def _jobs_by_start(studio):  # type: ignore[no-untyped-def]
    """Jobs in the order they started running (the store's job rows, by the first job.started event)."""
    order = []
    for room in studio.rooms.values():
        order += [(e.seq, e.ts, e.job_id) for e in room.session.events if e.type == "job.started"]
    return [studio.store.job(job_id) for _, _, job_id in sorted(order, key=lambda item: item[1])]


class GatedPainter:
    """The embedded painter, holding each call until the test opens the gate."""

    def __init__(self) -> None:
        import threading

        from studiolo.model.sketch import SketchPainter

        self.inner = SketchPainter()
        self.backend_id = self.inner.backend_id
        self.gate = threading.Event()

    def text_to_image(self, spec, **kwargs):  # type: ignore[no-untyped-def]
        assert self.gate.wait(60), "the test never opened the gate"
        return self.inner.text_to_image(spec, **kwargs)


class LayerCountingPainter:
    """The embedded painter, counting the layers it paints after a job's cancel token was set."""

    def __init__(self) -> None:
        from studiolo.model.sketch import SketchPainter

        self.inner = SketchPainter()
        self.backend_id = self.inner.backend_id
        self.layers_after_cancel = 0

    def text_to_image(self, spec, *, cancel=None, on_preview=None):  # type: ignore[no-untyped-def]
        def counted(preview):  # type: ignore[no-untyped-def]
            if cancel is not None and cancel.cancelled:
                self.layers_after_cancel += 1
            if on_preview is not None:
                on_preview(preview)

        return self.inner.text_to_image(spec, cancel=cancel, on_preview=counted)

    def image_to_image(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return self.inner.image_to_image(*args, **kwargs)

    def inpaint(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return self.inner.inpaint(*args, **kwargs)


async def test_cancel_stops_a_job_within_one_layer(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    painter = LayerCountingPainter()
    async with live_server(tmp_path, agent_parts, painter=painter) as studio:
        client = await new_session(ws_url(studio))
        await client.say("paint a huge detailed city of glass towers")
        first = (await client.until(lambda e: e.type == "draft.preview"))[-1]
        await client.cancel(job_id=first.job_id)
        events = await client.until(lambda e: e.type == TURN_DONE)
        assert "job.cancelled" in kinds(events) and not finals(events)
        assert painter.layers_after_cancel <= 1  # at most the layer that was being painted
        assert studio.store.job(first.job_id).status == "cancelled"
        await client.close()


async def test_cancel_one_draft_of_a_batch(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        client = await new_session(ws_url(studio))
        await client.say("paint four kinds of seashells")
        first = (await client.until(lambda e: e.type == "draft.preview"))[-1]
        doomed = f"{first.job_id}.3"  # the last of the four, not started yet
        await client.cancel(draft_id=doomed)
        events = await client.until(lambda e: e.type == TURN_DONE)
        assert [e.draft_id for e in events if e.type == "draft.cancelled"] == [doomed]
        assert len(finals(events)) == 3 and all(e.draft_id != doomed for e in events if e.type == "draft.preview")
        await client.cancel(draft_id=finals(events)[0].draft_id)
        assert (await client.until(lambda e: e.type == "error"))[-1].code == "cancel.too_late"
        await client.close()


async def test_jobs_of_two_sessions_share_one_diffusion_call(
    tmp_path: Path, agent_parts, tiny_diffusion_models, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from studiolo.model.registry import Backends
    from studiolo.settings import Settings

    models = {
        "painter": f"diffusers:{tiny_diffusion_models['pipeline']}",
        "painter_options": {"device": "cpu", "steps": 2},
    }
    backends = Backends(Settings.load(models=models))
    painter = backends.painter
    calls: list[int] = []
    run = painter.run

    def counting(jobs, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(jobs))
        return run(jobs, **kwargs)

    monkeypatch.setattr(painter, "run", counting)
    # a long window: the call waits until the other session's job has joined it (or the batch is full)
    async with live_server(tmp_path / "data", agent_parts, backends=backends, batch_window_s=10.0) as studio:
        assert studio.scheduler.slots > 1
        first = await new_session(ws_url(studio))
        second = await new_session(ws_url(studio))
        await first.say("paint a rose")
        await second.say("paint a tulip")
        done = [await first.until(lambda e: e.type == TURN_DONE), await second.until(lambda e: e.type == TURN_DONE)]
        assert [len(finals(events)) for events in done] == [4, 4]
        assert calls == [2]  # both jobs in one pipeline call
        await first.close()
        await second.close()


async def test_a_full_queue_is_busy_with_retry_after(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts, slots=1, max_queued=1) as studio:
        client = await new_session(ws_url(studio))
        for subject in ("a lemon", "a pear", "a plum"):
            await client.say(f"paint {subject}")
        busy = (await client.until(lambda e: e.type == "error"))[-1]
        assert busy.code == "busy" and busy.retry_after is not None and busy.retry_after > 0
        # the two admitted jobs still finish
        finished = 0
        while finished < 2:
            finished += kinds(await client.until(lambda e: e.type == "job.finished")).count("job.finished")
        await client.close()


async def test_a_frame_over_the_hard_limit_closes_only_that_connection(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts, max_upload_bytes=1024 * 1024) as studio:
        client = await new_session(ws_url(studio))
        ws = client._ws
        assert ws is not None
        await ws.send(b"\x00" * (2 * 1024 * 1024))
        await ws.wait_closed()
        assert ws.close_code == 1009  # message too big: the protocol's own code
        again = await Client.connect(ws_url(studio), DESIGNER, session=client.session)
        await again.say("paint a small cloud")
        assert len(finals(await again.until(lambda e: e.type == TURN_DONE))) == 4
        await again.close()


async def test_without_tokens_the_server_makes_one_and_a_ready_link(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts, tokens={}) as studio:
        token = studio.generated_token
        assert token and studio.link(token) == f"http://127.0.0.1:{studio.port}/?token={token}"
        client = await Client.connect(ws_url(studio), token)
        assert client.welcome.role == "designer"
        await client.close()


async def test_studiolo_send_talks_to_a_running_server(tmp_path: Path, agent_parts, capsys) -> None:  # type: ignore[no-untyped-def]
    from studiolo.cli import main

    async with live_server(tmp_path / "data", agent_parts) as studio:
        out = tmp_path / "drafts"
        code = await asyncio.to_thread(
            main, ["send", ws_url(studio), "paint a blue kite", "--token", DESIGNER, "--out", str(out)]
        )
        assert code == 0
        printed = capsys.readouterr()
        assert "#1" in printed.out and len(list(out.glob("*.png"))) == 4
        code = await asyncio.to_thread(main, ["send", ws_url(studio), "hello", "--token", "wrong-token"])
        assert code == 1 and "[auth.invalid_token]" in capsys.readouterr().err


def test_no_server_module_imports_the_app() -> None:
    """Imports go one way: connection and http see the server only through ServerContext (server/context.py),
    not even under TYPE_CHECKING; the app imports them."""
    import ast

    import studiolo.server

    folder = Path(studiolo.server.__file__).parent
    importers = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "studiolo.server.app":
                importers.add(path.name)
    assert importers == set()
