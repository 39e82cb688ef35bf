"""The server's Prometheus metrics, one registry per server (no process-wide state), served at /metrics."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
JOB_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)


class ServerMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.sessions = Gauge("studiolo_sessions", "Sessions stored", registry=r)
        self.live_sessions = Gauge("studiolo_live_sessions", "Sessions with at least one viewer connected", registry=r)
        self.connections = Gauge("studiolo_connections", "Open websocket connections", registry=r)
        self.queue_depth = Gauge("studiolo_queue_depth", "Model jobs waiting for a slot", registry=r)
        self.jobs_running = Gauge("studiolo_jobs_running", "Model jobs running", registry=r)
        self.time_to_first_preview = Histogram(
            "studiolo_time_to_first_preview_seconds",
            "From a job being queued to its first preview",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.job_duration = Histogram(
            "studiolo_job_duration_seconds", "From job.queued to its end", buckets=JOB_BUCKETS, registry=r
        )
        self.previews_dropped = Counter(
            "studiolo_previews_dropped", "Previews replaced by a newer one before a slow viewer got them", registry=r
        )
        self.events = Counter("studiolo_events", "Durable events persisted", registry=r)
        self.errors = Counter("studiolo_errors", "Errors sent, by code", ["code"], registry=r)
        self.slow_closes = Counter(
            "studiolo_slow_viewer_closes", "Viewers closed for falling too far behind", registry=r
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
