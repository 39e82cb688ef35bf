"""`studiolo workers deploy | status | shutdown`: the Serve application on the cluster named by `workers.address`.

Each command joins the cluster as a short-lived driver; the application lives on after it exits.
"""

from __future__ import annotations

from dataclasses import dataclass

from studiolo.errors import StudioloError
from studiolo.model.ray.cluster import connect
from studiolo.model.ray.messages import StudioInfo
from studiolo.settings import Settings


@dataclass
class DeploymentState:
    name: str
    status: str  # Serve's: HEALTHY, UPDATING, UNHEALTHY, ...
    replicas: dict[str, int]  # replica state -> how many (RUNNING: 2, STARTING: 1)
    message: str


@dataclass
class AppState:
    app: str
    address: str
    status: str  # Serve's application status (RUNNING, DEPLOYING, DEPLOY_FAILED, ...) or NOT_DEPLOYED
    deployments: list[DeploymentState]
    message: str


def deploy(settings: Settings) -> StudioInfo:
    """Deploy (or update in place) the application; waits until its replicas run, and says what they serve."""
    from ray import serve

    from studiolo.model.ray.deployments import studio_app

    app = studio_app(settings)  # settings problems first, before joining anything
    workers = settings.workers
    connect(workers.address)
    try:
        handle = serve.run(app, name=workers.app, route_prefix=None)
    except RuntimeError as exc:  # a replica failed to start: Serve's message ends with the replica's own error
        lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
        raise StudioloError(
            "workers.deploy_failed", f"the application {workers.app!r} did not start: {lines[-1] if lines else exc}"
        ) from None
    info: StudioInfo = handle.info.remote().result()
    return info


def status(settings: Settings) -> AppState:
    from ray import serve

    workers = settings.workers
    connect(workers.address)
    application = serve.status().applications.get(workers.app)
    if application is None:
        return AppState(workers.app, workers.address, "NOT_DEPLOYED", [], "deploy it with `studiolo workers deploy`")
    deployments = [
        DeploymentState(
            name, str(d.status.value), {str(getattr(s, "value", s)): n for s, n in d.replica_states.items()}, d.message
        )
        for name, d in application.deployments.items()
    ]
    return AppState(workers.app, workers.address, str(application.status.value), deployments, application.message)


def shutdown(settings: Settings) -> bool:
    """Delete the application (other applications on the cluster stay); False when there was none."""
    from ray import serve

    workers = settings.workers
    connect(workers.address)
    if workers.app not in serve.status().applications:
        return False
    serve.delete(workers.app)
    return True
