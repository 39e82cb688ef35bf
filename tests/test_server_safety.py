"""The server under abuse: a stop in the middle of work, foreign web pages, a public /metrics, forged log lines,
invitations that never end, and refused actions that filled the session's history.

Each against a real server on 127.0.0.1 (tests/live_server.py, or `studiolo serve` as a process) and a real
SQLite file.
"""

from __future__ import annotations

import asyncio
import base64
import http.client
import logging
import os
import signal
import sqlite3
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from live_server import DESIGNER, OBSERVER, OPERATOR, live_server, ws_url

from studiolo.client import Client, ServerRefused
from studiolo.server.store import DATABASE
from studiolo.server.store_admin import check_store

TURN_DONE = "reply.done"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _serve(data: Path, port: int, *options: str) -> asyncio.subprocess.Process:
    """`studiolo serve` in its own process, ready once it prints where it serves."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studiolo.cli", "serve", "--port", str(port), "--data", str(data),
        "--token", f"designer:{DESIGNER}", *options,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env={**os.environ, "TQDM_DISABLE": "1"},
    )  # fmt: skip
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 120)
    assert b"serving on" in line, line
    return process


def _job_rows(data: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(data / DATABASE)
    try:
        return db.execute("SELECT id, status FROM jobs ORDER BY updated").fetchall()
    finally:
        db.close()


def _events(data: Path, session: str) -> list[tuple[int, str, str]]:
    db = sqlite3.connect(data / DATABASE)
    try:
        return db.execute("SELECT seq, type, body FROM events WHERE session = ? ORDER BY seq", (session,)).fetchall()
    finally:
        db.close()


async def test_sigterm_mid_job_stops_cleanly_jobs_recorded_and_wal_checkpointed(tmp_path: Path) -> None:
    config = tmp_path / "settings.yaml"
    config.write_text("server:\n  stop_grace_s: 0\n")  # no time to finish: the job must be recorded failed
    port = _free_port()
    data = tmp_path / "data"
    server = await _serve(data, port, "--config", str(config))
    try:
        client = await Client.connect(f"ws://127.0.0.1:{port}/ws", DESIGNER)
        await client.until(lambda e: e.type == TURN_DONE)
        await client.say("paint a harbour full of boats at night")
        started = (await client.until(lambda e: e.type == "draft.preview"))[-1]
        server.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(server.communicate(), 60)
    finally:
        if server.returncode is None:
            server.kill()
            await server.wait()
    assert server.returncode == 0, err.decode()[-2000:]
    assert b"stopped cleanly" in out and b"Traceback" not in err
    # the job cut off by the stop is recorded now, as a retryable failure, not discovered at the next start
    assert dict(_job_rows(data))[started.job_id] == "failed"
    last = _events(data, client.session or "")[-1]
    assert last[1] == "job.failed" and '"job.interrupted"' in last[2] and started.job_id in last[2]
    wal = data / (DATABASE + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed into the database
    assert check_store(data) == []
    # and a restart finds nothing more to recover: the session is as the stop left it
    before = _events(data, client.session or "")
    server = await _serve(data, port)
    try:
        again = await Client.connect(f"ws://127.0.0.1:{port}/ws", DESIGNER, session=client.session)
        assert again.welcome is not None and again.welcome.seq == len(before)
        await again.close()
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C: the same clean stop
        out, _ = await asyncio.wait_for(server.communicate(), 60)
    assert server.returncode == 0 and b"stopped cleanly" in out


# --- errors are not history -------------------------------------------------------------------------------------


async def test_refused_actions_go_to_the_offender_only_and_leave_no_trace_in_the_session(
    tmp_path: Path, agent_parts
) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        designer = await Client.connect(ws_url(studio), DESIGNER, name="mina")
        await designer.until(lambda e: e.type == TURN_DONE)
        screen = await Client.connect(ws_url(studio), OBSERVER, session=designer.session, role="observer")
        session = designer.session or ""
        stored = len(_events(tmp_path, session))
        nowhere = "0" * 32
        refused = [
            ({"type": "say", "text": "refine it", "attachments": [nowhere]}, "draft.not_found"),
            ({"type": "say", "text": "   "}, "turn.empty"),
            ({"type": "feedback", "draft_id": nowhere, "rating": 1}, "draft.not_found"),
            ({"type": "select", "draft_id": nowhere}, "draft.not_found"),
            ({"type": "branch", "draft_id": nowhere}, "draft.not_found"),
            ({"type": "undo"}, "draft.nothing_to_undo"),
        ]
        for message, code in refused * 2:
            await designer.send(message)
            answer = await designer.until(lambda e: e.type == TURN_DONE)
            errors = [e for e in answer if e.type == "error"]
            assert [e.code for e in errors] == [code], (message, [e.type for e in answer])
            assert answer[-1].text  # the artist still says what went wrong, to the one who asked
            assert all(e.seq == stored for e in answer)  # no seq of their own: nothing was added to the session
        assert len(_events(tmp_path, session)) == stored and studio.rooms[session].session.seq == stored
        await screen.send({"type": "ping"})
        seen = await screen.until(lambda e: e.type == "pong")
        assert [e.type for e in seen] == ["pong"]  # the other viewer saw none of it

        # a turn already heard keeps its place, and the artist's answer to it; the error code stays with the asker
        await designer.say("make it warmer")  # no draft yet to work on
        answer = await designer.until(lambda e: e.type == TURN_DONE)
        assert [e.code for e in answer if e.type == "error"] == ["draft.not_found"]
        watched = await screen.until(lambda e: e.type == TURN_DONE)
        assert watched[0].type == "turn.said" and "error" not in {e.type for e in watched}
        kept = [row[1] for row in _events(tmp_path, session)[stored:]]
        assert kept[0] == "turn.said" and kept[-1] == TURN_DONE and "error" not in kept
        assert [e.seq for e in watched if e.type != "draft.preview"] == list(range(stored + 1, stored + len(kept) + 1))
        await designer.close()
        await screen.close()


# --- Origin and Host ---------------------------------------------------------------------------------------------


def _upgrade(port: int, **headers: str) -> tuple[int, bytes]:
    """A websocket upgrade request with these headers (Host defaults to the server's address): status, body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", "/ws", skip_host=True, skip_accept_encoding=True)
    sent = {"Host": f"127.0.0.1:{port}", "Upgrade": "websocket", "Connection": "Upgrade",
            "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(), "Sec-WebSocket-Version": "13"}  # fmt: skip
    for name, value in {**sent, **{k.replace("_", "-"): v for k, v in headers.items()}}.items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read() if response.status != 101 else b""
    connection.close()
    return response.status, body


def _get(port: int, path: str, **headers: str) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


async def test_pages_of_other_sites_and_rebound_host_names_are_refused(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts, allow_origins=["https://studio.example.org"]) as studio:
        port = studio.port
        refused = await asyncio.to_thread(_upgrade, port, Origin="http://evil.example")
        assert refused[0] == 403 and refused[1].strip().endswith(b"[origin.forbidden]")
        assert (await asyncio.to_thread(_upgrade, port, Origin="null"))[0] == 403
        # DNS rebinding: evil.example resolves to 127.0.0.1, so its page is same-origin with the Host it sends
        rebound = await asyncio.to_thread(
            _upgrade, port, Host=f"evil.example:{port}", Origin=f"http://evil.example:{port}"
        )
        assert rebound[0] == 403 and rebound[1].strip().endswith(b"[host.forbidden]")
        page = await asyncio.to_thread(_get, port, "/", Host=f"evil.example:{port}")
        assert page[0] == 403 and b"[host.forbidden]" in page[1]
        # the server's own page, under each of its local names, a listed origin, and scripts without Origin
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
            assert (await asyncio.to_thread(_upgrade, port, Host=host, Origin=f"http://{host}"))[0] == 101, host
        assert (await asyncio.to_thread(_upgrade, port, Origin="https://studio.example.org"))[0] == 101
        assert (await asyncio.to_thread(_upgrade, port))[0] == 101
        own = await Client.connect(ws_url(studio), DESIGNER)  # the Python client sends no Origin
        assert own.welcome is not None
        await own.close()
        assert (await asyncio.to_thread(_get, port, "/"))[0] == 200


def test_a_server_listening_beyond_this_machine_answers_any_host_unless_told() -> None:
    from websockets.datastructures import Headers

    from studiolo.server.origin import OriginPolicy
    from studiolo.settings import ServerSettings

    wide = OriginPolicy(ServerSettings(host="0.0.0.0"))
    assert wide.refusal(Headers({"Host": "studio.lan:8765"})) is None
    assert wide.refusal(Headers({"Host": "studio.lan:8765", "Origin": "http://studio.lan:8765"})) is None
    assert (
        wide.refusal(Headers({"Host": "studio.lan:8765", "Origin": "http://evil.example"})).code == "origin.forbidden"
    )  # type: ignore[union-attr]
    listed = OriginPolicy(ServerSettings(host="0.0.0.0", allow_hosts=["studio.lan"]))
    assert listed.refusal(Headers({"Host": "other.lan"})).code == "host.forbidden"  # type: ignore[union-attr]
    proxied = OriginPolicy(ServerSettings(public_url="https://art.example.com/studio"))
    assert proxied.refusal(Headers({"Host": "art.example.com", "Origin": "https://art.example.com"})) is None


# --- /metrics ----------------------------------------------------------------------------------------------------


async def test_metrics_need_an_operator_or_metrics_token(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path / "a", agent_parts, metrics_token="scrape-token-1") as studio:
        port = studio.port
        anonymous = await asyncio.to_thread(_get, port, "/metrics")
        assert anonymous[0] == 401 and anonymous[1].strip().endswith(b"[auth.invalid_token]")
        for token, status in ((DESIGNER, 401), (OBSERVER, 401), ("wrong-token", 401), (OPERATOR, 200),
                              ("scrape-token-1", 200)):  # fmt: skip
            answer = await asyncio.to_thread(_get, port, "/metrics", Authorization=f"Bearer {token}")
            assert answer[0] == status, token
            assert (b"studiolo_sessions" in answer[1]) == (status == 200)
        assert (await asyncio.to_thread(_get, port, "/healthz"))[0] == 200  # health stays open
    async with live_server(tmp_path / "b", agent_parts, metrics_public=True) as studio:
        assert (await asyncio.to_thread(_get, studio.port, "/metrics"))[0] == 200


# --- names in logs -----------------------------------------------------------------------------------------------


async def test_a_name_that_would_forge_log_lines_is_refused(tmp_path: Path, agent_parts, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="studiolo.server")
    async with live_server(tmp_path, agent_parts) as studio:
        for name in ("mina\n2026-12-03 studiolo.server INFO operator root joined", "\u202eanim", "a\x1b[2J", "   "):
            with pytest.raises(ServerRefused) as refused:
                await Client.connect(ws_url(studio), DESIGNER, name=name)
            assert (refused.value.error.code, refused.value.error.field) == ("name.invalid", "name"), repr(name)
        fine = await Client.connect(ws_url(studio), DESIGNER, name="  민아 👩\u200d🎨 ")
        assert fine.welcome is not None and fine.welcome.participant == "민아 👩\u200d🎨"
        await fine.close()
    joined = [r.getMessage() for r in caplog.records if "joined session" in r.getMessage()]
    assert joined and all("\n" not in line and "root" not in line for line in joined)
    assert any("민아 👩\\u200d🎨" in line for line in joined)  # escaped as written, never interpreted


def test_shown_escapes_what_could_rewrite_a_log() -> None:
    from studiolo.server.logtext import shown

    assert shown("mina\nINFO forged") == "mina\\nINFO forged"
    assert shown("\x1b[31mred\u202e") == "\\x1b[31mred\\u202e"
    assert shown("x" * 500).endswith("...") and len(shown("x" * 500)) == 123


# --- invitations -------------------------------------------------------------------------------------------------


async def test_invitations_cannot_outlive_their_maker_and_operators_list_and_revoke_them(
    tmp_path: Path, agent_parts
) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts) as studio:
        url = ws_url(studio)
        designer = await Client.connect(url, DESIGNER, name="mina")
        await designer.until(lambda e: e.type == TURN_DONE)
        session = designer.session
        await designer.send({"type": "invite", "role": "designer", "ttl_s": 3600})
        first = (await designer.until(lambda e: e.type == "invitation"))[-1]
        guest = await Client.connect(url, first.token, session=session, name="juno")
        # the guest asks for a month: it gets no more than its own hour
        await guest.send({"type": "invite", "role": "observer", "ttl_s": 30 * 24 * 3600})
        second = (await guest.until(lambda e: e.type == "invitation"))[-1]
        assert second.expires <= first.expires and first.id != second.id
        watcher = await Client.connect(url, second.token, session=session, role="observer")
        await designer.send({"type": "invite", "role": "observer"})
        third = (await designer.until(lambda e: e.type == "invitation"))[-1]

        await designer.send({"type": "invitations"})  # listing and revoking are an operator's
        assert (await designer.until(lambda e: e.type == "error"))[-1].code == "role.forbidden"
        operator = await Client.connect(url, OPERATOR, session=session, role="operator", name="stage")
        await operator.send({"type": "invitations"})
        listed = (await operator.until(lambda e: e.type == "invitation.list"))[-1]
        assert [(i.id, i.role, i.by, i.revoked) for i in listed.invitations] == [
            (first.id, "designer", "mina", False), (second.id, "observer", "juno", False),
            (third.id, "observer", "mina", False),
        ]  # fmt: skip
        assert "token" not in listed.model_dump_json()  # the list never shows the tokens themselves

        await operator.send({"type": "revoke", "id": "0123456789abcdef"})
        assert (await operator.until(lambda e: e.type == "error"))[-1].code == "invitation.not_found"
        await operator.send({"type": "revoke", "id": first.id})  # and what was made through it
        after = (await operator.until(lambda e: e.type == "invitation.list"))[-1]
        assert {i.id: i.revoked for i in after.invitations} == {first.id: True, second.id: True, third.id: False}
        for live in (guest, watcher):  # their connections are closed at once, saying why
            closing = await live.until(lambda e: e.type == "error")
            assert closing[-1].code == "auth.revoked"
            with pytest.raises(ConnectionError):
                await live.until(lambda e: False, timeout=10)
            assert live._ws is not None and live._ws.close_code == 4001
        for token in (first.token, second.token):
            with pytest.raises(ServerRefused) as refused:
                await Client.connect(url, token, session=session, role="observer")
            assert refused.value.error.code == "auth.revoked"
        draft_url = f"/drafts/{'0' * 32}.png?token={first.token}"
        assert (await asyncio.to_thread(_get, studio.port, draft_url))[0] == 401
        still = await Client.connect(url, third.token, session=session, role="observer")  # the others still open
        await still.close()
        for client in (designer, operator):
            await client.close()
    async with live_server(tmp_path, agent_parts) as studio:  # a restart remembers what was revoked
        with pytest.raises(ServerRefused) as refused:
            await Client.connect(ws_url(studio), first.token, session=session)
        assert refused.value.error.code == "auth.revoked"
