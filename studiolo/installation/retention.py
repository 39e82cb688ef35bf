"""A day unattended: drafts nobody picked are pruned after `retention.drafts_hours`, picked ones (and their share
codes) after `retention.picked_days`; the images' size is measured against `retention.disk_quota_mb`, with a
warning on the console and in /metrics (studiolo_installation_disk_warning) from `retention.warn_at` of it.

A pruned draft's event stays in its (finished) visitor's session; only the picture is gone, as the store allows.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studiolo.installation.venue import Venue

log = logging.getLogger("studiolo.installation")


@dataclass(frozen=True)
class Pruned:
    drafts: int  # unpicked drafts whose pictures were deleted
    works: int  # picked works past their days (share codes gone with them)
    disk_bytes: int  # the images left


def prune(venue: Venue, now: float | None = None) -> Pruned:
    """Delete what retention allows, then measure the images. Runs in a worker thread: it walks the folder."""
    now = time.time() if now is None else now
    settings = venue.show.retention
    images = venue.server.store.images
    stale = venue.ledger.stale_drafts(now - settings.drafts_hours * 3600)
    expired = venue.ledger.expired_works(now)
    for draft_id in [*stale, *expired]:  # never a picked work that has days left: stale_drafts leaves those out
        images._path(draft_id).unlink(missing_ok=True)  # the folder names its own files
    used = sum(path.stat().st_size for path in images.root.glob("*/*.png"))
    return Pruned(drafts=len(stale), works=len(expired), disk_bytes=used)


async def keep_tidy(venue: Venue) -> None:
    """Prune now and every `retention.prune_every_s`, for as long as the server runs."""
    settings = venue.show.retention
    while True:
        pruned = await asyncio.to_thread(prune, venue)
        venue.measured(pruned.disk_bytes)
        if pruned.drafts or pruned.works:
            log.info("retention: %d drafts and %d works pruned", pruned.drafts, pruned.works)
        await asyncio.sleep(settings.prune_every_s)
