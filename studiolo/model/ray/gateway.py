"""The gateway: a child process that holds the studio server's connection to the Ray cluster.

A process connected to Ray exits when the cluster's head goes away for good (Ray ends a driver that loses its
head), so the server never connects itself: it starts this gateway, which joins the cluster, calls the painter
and describer deployments through Serve deployment handles and relays what they answer over a pipe. When the
cluster is lost, the gateway dies, the calls in flight fail with `workers.unavailable`, and the next call starts
a new gateway: painting resumes as soon as the cluster (with its application) is back, without a restart.

Pipe messages, parent -> gateway: ("paint" | "describe", id, call), ("cancel", id, None).
Gateway -> parent: ("ready", 0, StudioInfo) or ("refused", 0, Failure) once, then per call any number of
("item", id, Preview) and one of ("done", id, PaintResult | Description), ("failed", id, Failure),
("cancelled", id, None).

A replica that dies during a call (killed, or its node lost) is answered by calling again once; Serve routes the
second call to a live replica. A second loss fails the call with `workers.replica_lost`.
"""

from __future__ import annotations

import itertools
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from studiolo.errors import StudioloError
from studiolo.model.protocols import CancelToken
from studiolo.model.ray.messages import DescribeCall, Failure, PaintCall, StudioInfo

READY_TIMEOUT_S = 60.0  # joining the cluster and asking the application what it serves

Item = Callable[[Any], None]


class Gateway:
    """The server's side: starts the gateway process on first use and again after it died."""

    def __init__(self, address: str, app: str) -> None:
        self.address = address
        self.app = app
        self.info: StudioInfo | None = None
        self._lock = threading.Lock()  # one start at a time
        # the pipe's sending end, apart from the start lock: a cancel (sent from the server's event loop) never
        # waits for a gateway that is starting
        self._send_lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: _Duplex | None = None
        self._calls: dict[int, queue.SimpleQueue[tuple[str, Any]]] = {}
        self._ids = itertools.count(1)

    def start(self) -> StudioInfo:
        """Make sure a gateway is running and connected; what the application serves."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                assert self.info is not None
                return self.info
            process, parent = _spawn(self.address, self.app)
            try:
                kind, _, value = _receive(parent, READY_TIMEOUT_S)
            except (EOFError, OSError, TimeoutError) as exc:
                process.kill()
                process.wait()
                reason = "it did not answer in time" if isinstance(exc, TimeoutError) else "the connection failed"
                from studiolo.model.ray.cluster import unreachable

                raise unreachable(self.address, reason) from None
            if kind != "ready":
                process.wait(5)
                raise value.error()
            self._process, self._conn, self.info = process, parent, value
            threading.Thread(target=self._read, args=(parent,), name="studiolo-ray-gateway-reader", daemon=True).start()
            return value

    def call(self, kind: str, call: PaintCall | DescribeCall, cancel: CancelToken, on_item: Item) -> Any:
        """Send one call and wait for its answer, handing each streamed item to `on_item`; None once cancelled."""
        try:
            self.start()
        except StudioloError as error:
            raise _unavailable(self.address, error.message) from None
        answers: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        call_id = next(self._ids)
        self._calls[call_id] = answers
        try:
            self._send((kind, call_id, call))
            cancel.on_cancel(lambda: self._send_cancel(call_id))
            while True:
                what, value = answers.get()
                if what == "item":
                    if not cancel.cancelled:
                        on_item(value)
                elif what == "done":
                    return None if cancel.cancelled else value
                elif what == "cancelled":
                    return None
                elif what == "failed":
                    raise value.error()
                else:  # "lost": the gateway died
                    if cancel.cancelled:
                        return None
                    raise _unavailable(self.address, "the connection to it was lost during the job")
        finally:
            self._calls.pop(call_id, None)

    def close(self) -> None:
        with self._lock:
            if self._process is not None:
                self._process.kill()
                self._process.wait(5)
                self._process = None

    def _send(self, message: tuple[str, int, Any]) -> None:
        conn = self._conn
        if conn is None:
            raise _unavailable(self.address, "the gateway is not running")
        with self._send_lock:
            try:
                conn.send(message)
            except OSError:
                raise _unavailable(self.address, "the connection to it was lost") from None

    def _send_cancel(self, call_id: int) -> None:
        try:
            self._send(("cancel", call_id, None))
        except StudioloError:
            pass  # the gateway is gone, and the call with it: it ends as cancelled all the same

    def _read(self, conn: Any) -> None:
        try:
            while True:
                kind, call_id, value = conn.recv()
                answers = self._calls.get(call_id)
                if answers is not None:
                    answers.put((kind, value))
        except (EOFError, OSError):
            pass
        with self._lock:
            if self._conn is conn:
                self._conn = None
                if self._process is not None:
                    self._process.wait(5)
                self._process = None
        for answers in list(self._calls.values()):
            answers.put(("lost", None))


def _unavailable(address: str, reason: str) -> StudioloError:
    return StudioloError(
        "workers.unavailable",
        f"the painting cluster at {address} cannot be reached: {reason}; jobs will paint again once it is back",
    )


def _spawn(address: str, app: str) -> tuple[subprocess.Popen[bytes], _Duplex]:
    """Start `python -m studiolo.model.ray` with a pipe each way (a fresh interpreter: never a fork of the server's
    threads, and nothing of the caller's main script run again); the process and a duplex end for the server."""
    child_in, server_out = os.pipe()  # (read end, write end)
    server_in, child_out = os.pipe()
    root = str(Path(__file__).resolve().parents[3])  # where `studiolo` is importable from
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    process = subprocess.Popen(
        [sys.executable, "-m", "studiolo.model.ray", str(child_in), str(child_out), address, app],
        pass_fds=(child_in, child_out), stdin=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    os.close(child_in)
    os.close(child_out)
    return process, _Duplex(Connection(server_in, writable=False), Connection(server_out, readable=False))


class _Duplex:
    """Two one-way pipe ends used as one connection."""

    def __init__(self, incoming: Connection, outgoing: Connection) -> None:
        self.incoming = incoming
        self.outgoing = outgoing

    def send(self, message: Any) -> None:
        self.outgoing.send(message)

    def recv(self) -> Any:
        return self.incoming.recv()

    def poll(self, timeout: float) -> bool:
        return self.incoming.poll(timeout)

    def close(self) -> None:
        self.incoming.close()
        self.outgoing.close()


def _receive(conn: Any, timeout: float) -> tuple[str, int, Any]:
    if not conn.poll(timeout):
        raise TimeoutError
    message: tuple[str, int, Any] = conn.recv()
    return message


# the gateway process


def gateway_main(conn: Any, address: str, app: str) -> None:
    from studiolo.model.ray.cluster import connect

    try:
        connect(address)
        info = _studio_info(app, address)
    except StudioloError as error:
        conn.send(("refused", 0, Failure.of(error)))
        return
    from ray import serve

    handles = {
        "paint": serve.get_deployment_handle("painter", app_name=app).options(stream=True),
        "describe": serve.get_deployment_handle("describer", app_name=app),
    }
    send_lock = threading.Lock()
    running: dict[int, Any] = {}  # call id -> its Serve response, to cancel it
    cancelled: set[int] = set()  # calls cancelled, perhaps before their response existed

    def send(message: tuple[str, int, Any]) -> None:
        with send_lock:
            conn.send(message)

    conn.send(("ready", 0, info))
    while True:
        try:
            kind, call_id, value = conn.recv()
        except (EOFError, OSError):
            return  # the server went away
        if kind == "cancel":
            cancelled.add(call_id)
            response = running.get(call_id)
            if response is not None:
                response.cancel()
            continue
        threading.Thread(
            target=_serve_call,
            args=(handles[kind], kind, call_id, value, running, cancelled, send, address),
            daemon=True,
        ).start()


def _studio_info(app: str, address: str) -> StudioInfo:
    from ray import serve

    application = serve.status().applications.get(app)
    if application is None or application.status != "RUNNING":
        state = "not deployed" if application is None else f"{application.status.lower()}"
        raise StudioloError(
            "workers.not_deployed",
            f"the Ray cluster at {address} has no running application {app!r} ({state}); "
            "deploy it with `studiolo workers deploy`",
            field="models.painter",
        )
    info: StudioInfo = serve.get_app_handle(app).info.remote().result(timeout_s=READY_TIMEOUT_S)
    return info


def _serve_call(handle: Any, kind: str, call_id: int, call: Any, running: dict[int, Any], cancelled: set[int],
                send: Callable[..., None], address: str) -> None:  # fmt: skip
    from ray.exceptions import RayActorError, TaskCancelledError
    from ray.serve.exceptions import DeploymentUnavailableError, ReplicaUnavailableError

    from studiolo.model.ray.cluster import head_answers

    deployment = {"paint": "painter", "describe": "describer"}[kind]

    for attempt in (1, 2):
        try:
            if kind == "paint":
                response = running[call_id] = handle.paint.remote(call)
                if call_id in cancelled:
                    response.cancel()
                answer = None
                for item in response:
                    if isinstance(item, Failure):
                        answer = ("failed", item)
                    elif hasattr(item, "paintings"):
                        answer = ("done", item)
                    else:
                        send(("item", call_id, item))
            else:
                response = running[call_id] = handle.describe.remote(call)
                if call_id in cancelled:
                    response.cancel()
                item = response.result()
                answer = ("failed", item) if isinstance(item, Failure) else ("done", item)
            assert answer is not None, "the replica ended the stream without an answer"
            send((answer[0], call_id, answer[1]))
            break
        except TaskCancelledError:  # Serve's RequestCancelledError: our cancel reached the replica
            send(("cancelled", call_id, None))
            break
        except (RayActorError, ReplicaUnavailableError) as exc:
            if not head_answers(address):  # not one replica: the whole cluster is gone
                send(("failed", call_id, Failure.of(_unavailable(address, "its head does not answer"))))
                break
            if attempt == 1:
                continue  # the replica died: once more, on another one
            failure = Failure(
                "workers.replica_lost",
                f"the {deployment}'s replica was lost twice during this job ({type(exc).__name__})",
            )
            send(("failed", call_id, failure))
        except DeploymentUnavailableError as exc:
            send(
                (
                    "failed",
                    call_id,
                    Failure("workers.unavailable", f"the {deployment} deployment is unavailable: {exc}"),
                )
            )
            break
        except Exception as exc:  # a fault in a replica: the job fails, the gateway goes on
            message = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            send(("failed", call_id, Failure("workers.failed", f"the {deployment} failed: {message}")))
            break
        finally:
            running.pop(call_id, None)
    cancelled.discard(call_id)
