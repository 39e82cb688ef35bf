"""Painting and describing on a Ray Serve cluster: a real local cluster (tests/ray_cluster.py), two applications
deployed by `studiolo workers deploy` (the sketch painter on two replicas; a tiny diffusers pipeline that batches),
and the server's `ray:<app>` backends talking to them through the gateway process.

One cluster serves the whole module; the last test takes it away and brings it back.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch
from live_server import live_server, ws_url
from PIL import Image
from ray_cluster import LocalCluster, environment, studiolo
from test_server import TURN_DONE, finals, new_session

from studiolo.errors import StudioloError
from studiolo.model.protocols import CancelToken, Painter, PaintResult, PaintSpec, Preview
from studiolo.model.registry import Backends, build_describer, build_painter
from studiolo.settings import ModelSettings, Settings

TINY_STEPS = 100
SKETCH_WORKERS = {
    "app": "sketchapp",
    "painter": {"num_replicas": 2, "ray_actor_options": {"num_cpus": 0.5}},
    "describer": {"ray_actor_options": {"num_cpus": 0.25}},
}
TINY_WORKERS = {
    "app": "tinyapp",
    "painter": {"max_batch_size": 2, "batch_wait_timeout_s": 0.5, "ray_actor_options": {"num_cpus": 0.5}},
    "describer": {"ray_actor_options": {"num_cpus": 0.25}},
}


@dataclass
class Deployed:
    cluster: LocalCluster
    sketch: Path  # settings files of the two applications
    tiny: Path

    def remote(self, path: Path) -> Settings:
        """The settings a server uses to paint and describe on the application deployed from `path`."""
        settings = Settings.load(path)
        app = settings.workers.app
        return settings.model_copy(update={"models": ModelSettings(painter=f"ray:{app}", describer=f"ray:{app}")})

    def activity(self, app: str, wait_idle: bool = False) -> dict[str, int]:
        """The painter replica's activity (one replica: tinyapp), once nothing paints there if `wait_idle`."""
        code = (
            f"import time\nh = serve.get_deployment_handle('painter', app_name={app!r})\n"
            "a = h.activity.remote().result()\n"
            f"while {wait_idle} and a['painting']:\n    time.sleep(0.1)\n    a = h.activity.remote().result()\n"
            "import json\nprint(json.dumps(a))"
        )
        return json.loads(self.cluster.run_script(code).strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory, tiny_diffusion_models: dict[str, Path]) -> Iterator[Deployed]:
    cluster = LocalCluster(num_cpus=2)
    cluster.start()
    try:
        folder = tmp_path_factory.mktemp("ray-settings")
        sketch = cluster.settings_file(folder, "sketch", {"painter": "sketch", "describer": "measure"}, SKETCH_WORKERS)
        tiny_models = {
            "painter": f"diffusers:{tiny_diffusion_models['pipeline']}",
            "painter_options": {"device": "cpu", "steps": TINY_STEPS, "preview_every": 1},
            "describer": "measure",
        }
        tiny = cluster.settings_file(folder, "tiny", tiny_models, TINY_WORKERS)
        deploys = [
            subprocess.Popen([sys.executable, "-m", "studiolo.cli", "workers", "deploy", "--config", str(path)],
                             env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for path in (sketch, tiny)
        ]  # fmt: skip
        for deploy in deploys:
            out, err = deploy.communicate(timeout=300)
            assert deploy.returncode == 0, err[-2000:]
        yield Deployed(cluster, sketch, tiny)
    finally:
        cluster.close()


def local_painter(path: Path) -> Painter:
    return build_painter(Settings.load(path))


def test_workers_status_names_the_deployments_and_their_replicas(deployed: Deployed) -> None:
    shown = studiolo("workers", "status", "--config", str(deployed.sketch))
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == f"sketchapp on {deployed.cluster.address}: RUNNING"
    assert any(line.split()[:4] == ["painter", "HEALTHY", "replicas:", "2"] for line in lines[1:])
    assert any(line.split()[:4] == ["describer", "HEALTHY", "replicas:", "1"] for line in lines[1:])


def test_the_sketch_painter_on_ray_paints_the_same_bytes_with_previews(deployed: Deployed) -> None:
    remote, local = build_painter(deployed.remote(deployed.sketch)), local_painter(deployed.sketch)
    assert remote.backend_id == "sketch" and remote.jobs_at_once == 2  # type: ignore[attr-defined]
    spec = PaintSpec(prompt="a red fox under a full moon", width=320, height=256, seed=11, n=2)
    previews: list[Preview] = []
    painted, expected = remote.text_to_image(spec, on_preview=previews.append), local.text_to_image(spec)
    assert [p.image.tobytes() for p in painted.paintings] == [p.image.tobytes() for p in expected.paintings]
    assert [p.scene for p in painted.paintings] == [p.scene for p in expected.paintings]
    assert {p.index for p in previews} == {0, 1} and all(p.image.size == (320, 256) for p in previews)
    assert [p.step for p in previews if p.index == 0] == sorted(p.step for p in previews if p.index == 0)

    revised = remote.image_to_image(spec.model_copy(update={"n": 1, "prompt": "a blue fox"}),
                                    painted.paintings[0].image, 0.5)  # fmt: skip
    assert (
        revised.paintings[0].image.tobytes()
        == local.image_to_image(
            spec.model_copy(update={"n": 1, "prompt": "a blue fox"}), painted.paintings[0].image, 0.5
        )
        .paintings[0]
        .image.tobytes()
    )

    describer = build_describer(deployed.remote(deployed.sketch))
    assert describer.backend_id == "measure"
    described = describer.describe(painted.paintings[0].image, lang="ko")
    assert described == build_describer(Settings.load(deployed.sketch)).describe(painted.paintings[0].image, lang="ko")
    with pytest.raises(StudioloError) as raised:  # a replica's own error arrives as it would from here
        describer.describe(Image.new("RGB", (0, 0)))
    assert (raised.value.code, raised.value.field) == ("image.empty", "image")


def test_a_diffusers_pipeline_on_ray_paints_the_same_bytes_and_batches_jobs(deployed: Deployed) -> None:
    from studiolo.model.diffusers import PaintJob

    remote, local = build_painter(deployed.remote(deployed.tiny)), local_painter(deployed.tiny)
    assert remote.backend_id == local.backend_id and remote.jobs_at_once == 2  # type: ignore[attr-defined]
    specs = [PaintSpec(prompt=prompt, width=64, height=64, seed=seed) for prompt, seed in (("rose", 3), ("sky", 4))]
    before = deployed.activity("tinyapp")
    results: dict[int, PaintResult] = {}
    threads = [
        threading.Thread(target=lambda i=i: results.__setitem__(i, remote.text_to_image(specs[i]))) for i in (0, 1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = deployed.activity("tinyapp")
    assert after["calls"] - before["calls"] == 1  # the two jobs were painted in one pipeline call
    # the same bytes as the same batch painted here, on one thread as the replica paints (one CPU per replica)
    threads_before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        expected = local.run([PaintJob("text_to_image", spec) for spec in specs])  # type: ignore[attr-defined]
    finally:
        torch.set_num_threads(threads_before)
    for i in (0, 1):
        assert results[i].paintings[0].image.tobytes() == expected[i].paintings[0].image.tobytes()
        assert results[i].paintings[0].backend == local.backend_id


def test_cancel_reaches_the_replica_and_stops_the_pipeline(deployed: Deployed) -> None:
    remote = build_painter(deployed.remote(deployed.tiny))
    cancel = CancelToken()
    seen: list[Preview] = []

    def on_preview(preview: Preview) -> None:
        seen.append(preview)
        cancel.cancel()

    before = deployed.activity("tinyapp", wait_idle=True)
    result = remote.text_to_image(PaintSpec(prompt="rose", width=64, height=64, seed=5), cancel=cancel,
                                  on_preview=on_preview)  # fmt: skip
    assert result.cancelled and not result.paintings and len(seen) == 1
    after = deployed.activity("tinyapp", wait_idle=True)  # the job's model call has ended on the replica
    assert after["previews"] - before["previews"] < TINY_STEPS  # it stopped steps before the end


def test_a_replica_killed_mid_job_is_retried_on_another(deployed: Deployed) -> None:
    remote, local = build_painter(deployed.remote(deployed.sketch)), local_painter(deployed.sketch)
    # the killer joins the cluster first (seconds), then waits for the word
    killer = subprocess.Popen(
        [sys.executable, "-c", KILL_ONE_REPLICA, deployed.cluster.address, "sketchapp"],
        env=environment(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert killer.stdout is not None and killer.stdin is not None
    assert killer.stdout.readline().strip() == "ready"
    specs = [PaintSpec(prompt="a city of towers at night with stars", width=1536, height=1536, seed=s) for s in (1, 2)]
    started = [threading.Event(), threading.Event()]
    finished: dict[int, object] = {}

    def paint(i: int) -> None:
        finished[i] = remote.text_to_image(specs[i], on_preview=lambda _: started[i].set())

    threads = [threading.Thread(target=paint, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    assert all(event.wait(120) for event in started)  # both jobs paint, one on each replica (one job each)
    running_at_kill = not finished
    killer.stdin.write("kill\n")
    killer.stdin.flush()
    assert killer.stdout.readline().startswith("killed")
    killer.wait(60)
    for thread in threads:
        thread.join()
    assert running_at_kill
    for i, spec in enumerate(specs):  # both got their drafts: the one whose replica died was painted again
        expected = local.text_to_image(spec).paintings[0].image.tobytes()
        assert finished[i].paintings[0].image.tobytes() == expected  # type: ignore[attr-defined]


KILL_ONE_REPLICA = """
import sys
import ray
ray.init(address=sys.argv[1], log_to_driver=False, logging_level="ERROR")
prefix = f"SERVE_REPLICA::{sys.argv[2]}#painter#"
names = sorted(a["name"] for a in ray.util.list_named_actors(all_namespaces=True) if a["name"].startswith(prefix))
print("ready", flush=True)
sys.stdin.readline()
ray.kill(ray.get_actor(names[0], namespace="serve"), no_restart=True)
print("killed", names[0], flush=True)
"""


async def test_two_sessions_share_the_deployment_at_once(deployed: Deployed, tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    backends = Backends(deployed.remote(deployed.sketch))
    async with live_server(tmp_path, agent_parts, backends=backends) as studio:
        assert studio.scheduler.slots == 2  # as many jobs in flight as the deployment takes
        first, second = await new_session(ws_url(studio)), await new_session(ws_url(studio))
        await first.say("paint four drafts of a lighthouse on a stormy sea")
        await second.say("paint four drafts of a red fox in a snowy forest")
        mine, theirs = (
            await first.until(lambda e: e.type == TURN_DONE),
            await second.until(lambda e: e.type == TURN_DONE),
        )
        assert len(finals(mine)) == 4 and len(finals(theirs)) == 4
        started = sorted(e.ts for e in mine + theirs if e.type == "job.started")
        ended = sorted(e.ts for e in mine + theirs if e.type == "job.finished")
        assert len(started) == 2 and started[1] < ended[0]  # neither waited for the other's job to end
        for client in (first, second):
            await client.close()


def test_an_application_not_deployed_is_named_at_once(deployed: Deployed) -> None:
    settings = deployed.remote(deployed.sketch)
    settings.models.painter = "ray:nowhere"
    with pytest.raises(StudioloError) as raised:
        build_painter(settings)
    assert raised.value.code == "workers.not_deployed" and "studiolo workers deploy" in raised.value.message


def test_an_unreachable_cluster_is_one_line_at_start(tmp_path: Path) -> None:
    closed = LocalCluster()  # a free port nobody listens on
    config = closed.settings_file(tmp_path, "nowhere", {"painter": "ray:studiolo"}, {})
    started = studiolo("serve", "--config", str(config), "--data", str(tmp_path / "data"), "--port", "0", timeout=120)
    closed.close()
    assert started.returncode == 1
    assert started.stderr.strip().splitlines() == [started.stderr.strip()]  # one line
    assert closed.address in started.stderr and "ray start --head" in started.stderr
    assert "[workers.unreachable]" in started.stderr


def test_a_lost_cluster_fails_jobs_clearly_and_painting_resumes_when_it_is_back(deployed: Deployed) -> None:
    remote = build_painter(deployed.remote(deployed.sketch))
    spec = PaintSpec(prompt="a yellow boat", width=128, height=128, seed=3)
    assert remote.text_to_image(spec).paintings
    deployed.cluster.stop()
    with pytest.raises(StudioloError) as raised:
        remote.text_to_image(spec)
    assert raised.value.code == "workers.unavailable" and deployed.cluster.address in raised.value.message
    deployed.cluster.start()
    again = studiolo("workers", "deploy", "--config", str(deployed.sketch))
    assert again.returncode == 0, again.stderr[-2000:]
    assert (
        remote.text_to_image(spec).paintings[0].image.tobytes()
        == local_painter(deployed.sketch).text_to_image(spec).paintings[0].image.tobytes()
    )


def test_workers_settings_count_the_jobs_a_deployment_takes_and_refuse_nonsense() -> None:
    from studiolo.model.ray.deployments import deployment_options, studio_app
    from studiolo.settings import DeploymentSettings

    options, jobs = deployment_options(DeploymentSettings(num_replicas=3, ray_actor_options={"num_gpus": 1}), 1)
    assert options == {"max_ongoing_requests": 1, "ray_actor_options": {"num_gpus": 1}, "num_replicas": 3} and jobs == 3
    autoscaled = DeploymentSettings(autoscaling_config={"min_replicas": 1, "max_replicas": 4}, max_batch_size=2)
    options, jobs = deployment_options(autoscaled, autoscaled.max_batch_size)
    assert options["autoscaling_config"]["max_replicas"] == 4 and "num_replicas" not in options and jobs == 8

    for bad in ({"painter": {"num_replicas": 2, "autoscaling_config": {"max_replicas": 3}}}, {"address": "here"}):
        with pytest.raises(StudioloError) as raised:
            Settings.load(workers=bad)
        assert raised.value.code == "settings.invalid" and raised.value.field.startswith("workers.")  # type: ignore[union-attr]
    with pytest.raises(StudioloError) as raised:
        studio_app(Settings.load(models={"painter": "ray:studiolo"}))
    assert raised.value.code == "settings.invalid" and raised.value.field == "models.painter"
