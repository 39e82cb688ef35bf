"""Opening hours (`hours:` in the installation file): the time arithmetic (past midnight, opening days, a change of
clocks), the file's mistakes named with field and line, and, in a real Chromium against a real server, closing
time: the kiosk shows the closing text and declines wishes kindly in the visitor's language, the wall turns to its
attract loop, and the next morning the kiosk opens again. The venue's clock is set to the evening before closing
and runs on in real time from there, so closing comes two seconds later."""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from installation_server import KIOSK_1, KIOSK_2, WALL, hello, socket_url, write_show
from websockets.asyncio.client import connect

from studiolo.errors import StudioloError
from studiolo.installation.config import parse_installation
from studiolo.installation.hours import Hours
from studiolo.server.app import StudioServer
from studiolo.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
PARIS, SEOUL = ZoneInfo("Europe/Paris"), ZoneInfo("Asia/Seoul")
EXAMPLE = (Path(__file__).resolve().parent.parent / "examples" / "show.yaml").read_text(encoding="utf-8")
HOURS = 'hours:\n  open: "10:00"\n  close: "18:00"\n  timezone: Europe/Paris\n'


def at(zone: ZoneInfo, *when: int) -> datetime:
    return datetime(*when, tzinfo=zone)  # type: ignore[misc]


def test_a_day_and_its_edges() -> None:
    hours = Hours(open="10:00", close="19:30", timezone="Europe/Paris")  # type: ignore[arg-type]
    assert not hours.is_open(at(PARIS, 2026, 6, 1, 9, 59))
    assert hours.is_open(at(PARIS, 2026, 6, 1, 10, 0))
    assert not hours.is_open(at(PARIS, 2026, 6, 1, 19, 30))
    assert hours.next_change(at(PARIS, 2026, 6, 1, 9, 0)) == at(PARIS, 2026, 6, 1, 10, 0)
    assert hours.next_change(at(PARIS, 2026, 6, 1, 12, 0)) == at(PARIS, 2026, 6, 1, 19, 30)
    assert hours.next_change(at(PARIS, 2026, 6, 1, 20, 0)) == at(PARIS, 2026, 6, 2, 10, 0)
    assert hours.is_open(at(UTC, 2026, 6, 1, 17, 0))  # 19:00 in Paris: the moment's own zone does not matter


def test_past_midnight_opening_days_and_a_change_of_clocks() -> None:
    night = Hours(open="18:00", close="02:00", timezone="Asia/Seoul", days=["fri", "sat"])  # type: ignore[arg-type]
    assert night.is_open(at(SEOUL, 2026, 6, 6, 1, 30))  # Saturday 01:30: Friday's opening runs on
    assert not night.is_open(at(SEOUL, 2026, 6, 7, 18, 30))  # a Sunday
    assert night.is_open(at(SEOUL, 2026, 6, 7, 1, 30))  # ...but Saturday's night runs into it
    assert night.next_change(at(SEOUL, 2026, 6, 7, 3, 0)) == at(SEOUL, 2026, 6, 12, 18, 0)  # next Friday
    day = Hours(open="10:00", close="18:00", timezone="Europe/Paris")  # type: ignore[arg-type]
    # the clocks go forward on 29 March 2026: 10:00 in Paris is 08:00 UTC that day, 09:00 UTC the day before
    assert day.next_change(at(UTC, 2026, 3, 28, 20, 0)) == at(UTC, 2026, 3, 29, 8, 0)
    assert day.is_open(at(UTC, 2026, 3, 28, 9, 30)) and not day.is_open(at(UTC, 2026, 3, 29, 7, 30))


@pytest.mark.parametrize(
    ("hours", "field", "line", "says"),
    [
        ("hours:\n  open: 10:00\n  close: '18:00'\n", "hours.open", 31, 'in quotes, as "10:00"'),
        ("hours:\n  open: '10:00'\n  close: '24:00'\n", "hours.close", 32, "24-hour clock"),
        ("hours:\n  open: '10:00'\n  close: '10:00'\n", "hours", 30, "the same time"),
        ("hours:\n  open: '10:00'\n  close: '18:00'\n  timezone: Paris\n", "hours.timezone", 33, "'Paris' is not a time zone"),
        ("hours:\n  open: '10:00'\n  close: '18:00'\n  days: [mon, holiday]\n", "hours.days.1", 33, "'sun'"),
    ],
)  # fmt: skip
def test_mistakes_in_the_hours_are_named_with_their_line(hours: str, field: str, line: int, says: str) -> None:
    assert EXAMPLE.splitlines()[29] == "watchdog:"  # the hours go in at line 30
    with pytest.raises(StudioloError) as raised:
        parse_installation(EXAMPLE.replace("watchdog:\n", hours + "watchdog:\n"), "show.yaml")
    assert raised.value.code == "installation.invalid" and raised.value.field == field
    assert f"show.yaml, {field} (line {line}):" in raised.value.message and says in raised.value.message


class RunningClock:
    """A clock set to any moment, running on in real time from there."""

    def __init__(self, moment: datetime) -> None:
        self.set(moment)

    def set(self, moment: datetime) -> None:
        self.moment, self.since = moment, time.monotonic()

    def now(self) -> datetime:
        return self.moment + timedelta(seconds=time.monotonic() - self.since)


@pytest_asyncio.fixture
async def studio(tmp_path: Path) -> AsyncIterator[tuple[StudioServer, RunningClock]]:
    show = write_show(tmp_path, **{"watchdog:\n": HOURS + "watchdog:\n"})
    server = StudioServer(Settings.load(server={"port": 0, "data": tmp_path / "data", "installation": show}))
    clock = RunningClock(at(PARIS, 2026, 6, 1, 17, 0))  # open
    assert server.venue is not None
    server.venue.now = clock.now
    await server.start()
    try:
        yield server, clock
    finally:
        await server.stop()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="the page test needs Debian's chromium at /usr/bin/chromium")
@pytest.mark.asyncio
async def test_closing_time_at_the_kiosk_and_on_the_wall(studio: tuple[StudioServer, RunningClock]) -> None:
    from playwright.async_api import async_playwright, expect

    server, clock = studio
    venue = server.venue
    assert venue is not None
    base = f"http://127.0.0.1:{server.port}"
    async with connect(socket_url(server), max_size=None) as visitor:  # a picture for the gallery, before closing
        await hello(visitor, KIOSK_2)
        await visitor.send(json.dumps({"type": "wish", "text": "a lighthouse in the fog"}))
        while (message := json.loads(await visitor.recv()))["type"] != "final":
            pass
        await visitor.send(json.dumps({"type": "pick", "draft_id": message["draft_id"]}))
        while json.loads(await visitor.recv())["type"] != "take_home":
            pass
        await visitor.send(json.dumps({"type": "done"}))
    picked = message["draft_id"]

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                    args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
        try:
            kiosk = await (await chromium.new_context(viewport={"width": 1280, "height": 800})).new_page()
            await kiosk.goto(f"{base}/kiosk?token={KIOSK_1}")
            await expect(kiosk.get_by_role("button", name="Paint it")).to_be_visible()
            wall = await (await chromium.new_context(viewport={"width": 1920, "height": 1080})).new_page()
            await wall.goto(f"{base}/wall?token={WALL}")
            await expect(wall.locator(f'#mosaic li[data-draft="{picked}"]')).to_be_visible()
            await expect(wall.locator("#wall")).to_have_attribute("data-mode", "live")

            clock.set(at(PARIS, 2026, 6, 1, 17, 59, 58))  # two seconds to closing time
            venue.follow_hours()
            closing = "The studio is closed for now. Thank you for coming!"
            await expect(kiosk.locator("#closed")).to_have_text(closing, timeout=30_000)
            await expect(kiosk.get_by_role("button", name="Paint it")).to_be_hidden()
            await expect(kiosk.get_by_role("button", name="a lighthouse in the fog")).to_be_hidden()  # no examples
            await kiosk.get_by_role("button", name="한국어").click()
            await expect(kiosk.locator("#closed")).to_have_text(
                "지금은 작업실이 문을 닫았습니다. 와 주셔서 고맙습니다!"
            )
            # the wall: its attract loop, through the day's works, at once
            await expect(wall.locator("#wall")).to_have_attribute("data-mode", "attract")
            attract = wall.locator("#attract-image")
            await expect(attract).to_have_attribute("src", re.compile(rf"^/drafts/{picked}\.png\?"))
            await expect(attract).to_have_js_property("complete", True)

            async with connect(socket_url(server)) as late:  # a wish sent all the same is declined kindly
                assert (await hello(late, KIOSK_2))["closed"] is True
                await late.send(json.dumps({"type": "wish", "text": "노란 꽃이 핀 정원", "lang": "ko"}))
                assert json.loads(await late.recv()) == {
                    "type": "closed", "text": "지금은 작업실이 문을 닫았습니다. 와 주셔서 고맙습니다!"
                }  # fmt: skip
            assert all(state.visitor is None for state in venue.kiosks.values())  # nothing was painted
            await expect(wall.locator("#wall")).to_have_attribute("data-mode", "attract")

            clock.set(at(PARIS, 2026, 6, 2, 9, 59, 59))  # the next morning, a second before opening
            venue.follow_hours()
            await expect(kiosk.get_by_role("button", name="그려 주세요")).to_be_visible(timeout=30_000)
            await expect(kiosk.locator("#closed")).to_be_hidden()
        finally:
            await chromium.close()
