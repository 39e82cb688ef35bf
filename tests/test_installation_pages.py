"""The installation's pages in a real browser (Debian's chromium, driven by Playwright) against a real server:
a visitor asks in Korean at the kiosk; the wall shows previews, then the final with the artist's caption; the
visitor picks; the QR code on the kiosk, decoded from its rendered image, opens the share page with the
picture. The wall fills 1920x1080 and 3840x2160; the console lists the kiosks and hides a picture from the wall;
axe-core finds no serious or critical accessibility violation on the kiosk, the wall or the console."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
if not CHROMIUM.exists():
    pytest.skip("the page test needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)",
                allow_module_level=True)  # fmt: skip

import zxingcpp  # noqa: E402
from installation_server import KIOSK_1, OPERATOR, WALL, installation_server, write_show  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.async_api import Browser, Page, async_playwright, expect  # noqa: E402

from studiolo.server.app import StudioServer  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
PAINTING_MS = 120_000  # a turn of the embedded painter takes seconds; generous for a busy machine
# every state the wall's stage went through, in order (attributes observed before the page's script runs)
WATCH_STAGE = """
window.__stages = [];
new MutationObserver(() => {
  const stage = document.getElementById("wall")?.dataset.stage;
  if (stage && window.__stages.at(-1) !== stage) window.__stages.push(stage);
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-stage"]});
"""
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")})`)"""


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def studio(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[StudioServer]:
    folder = tmp_path_factory.mktemp("installation-pages")
    async with installation_server(folder / "data", write_show(folder)) as server:
        yield server


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


async def serious_violations(page: Page) -> list[str]:
    assert AXE.is_file(), (
        f"axe-core is missing at {AXE}: install it with .ci/run (npm install --prefix .ci/node axe-core@4)"
    )
    if not await page.evaluate("() => typeof axe !== 'undefined'"):
        await page.evaluate(AXE.read_text())
    return await page.evaluate(AXE_RUN)


def decode_qr(png: bytes) -> str:
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert len(found) == 1, f"{len(found)} codes found in the QR image"
    return found[0].text


async def test_a_korean_visitor_paints_picks_and_takes_the_picture_home(studio: StudioServer, browser: Browser) -> None:
    base = f"http://127.0.0.1:{studio.port}"
    wall = await (await browser.new_context(viewport={"width": 1920, "height": 1080})).new_page()
    await wall.add_init_script(WATCH_STAGE)
    await wall.goto(f"{base}/wall?token={WALL}")
    await expect(wall.locator("#wall")).to_have_attribute("data-online", "true")
    kiosk = await (await browser.new_context(viewport={"width": 1280, "height": 800}, has_touch=True)).new_page()
    await kiosk.goto(f"{base}/kiosk?token={KIOSK_1}")
    await kiosk.get_by_role("button", name="한국어").click()
    await expect(kiosk.locator("#welcome")).to_have_text("화가에게 원하는 그림을 말해 보세요.")
    await expect(kiosk.get_by_role("button", name="노을 지는 바다 위의 빨간 새")).to_be_visible()  # a tappable example
    await kiosk.get_by_role("textbox").fill("안개 속의 빨간 등대")
    await kiosk.get_by_role("button", name="그려 주세요").click()

    await expect(wall.locator("#wall")).to_have_attribute("data-stage", "final", timeout=PAINTING_MS)
    assert (await wall.evaluate("window.__stages"))[:3] == ["asked", "preview", "final"]
    await expect(wall.locator("#words")).to_have_text("안개 속의 빨간 등대")
    await expect(wall.locator("#caption")).not_to_be_empty()
    caption = await wall.locator("#caption").text_content()
    assert caption and re.search(r"[\uac00-\ud7a3]", caption), caption  # the artist's caption, in Korean
    assert await wall.locator("#stage-image").evaluate("(img) => img.complete && img.naturalWidth > 0")

    await expect(kiosk.get_by_role("button", name="마음에 들어요")).to_be_visible(timeout=PAINTING_MS)
    chosen = await kiosk.locator('#finals button[aria-pressed="true"]').get_attribute("data-draft")
    await kiosk.get_by_role("button", name="마음에 들어요").click()
    qr = kiosk.locator("#qr")
    await expect(qr).to_be_visible()
    await expect(qr).to_have_js_property("complete", True)
    address = decode_qr(await qr.screenshot())
    assert address.startswith(f"{studio.url}/share/")
    await expect(wall.locator(f'#mosaic li[data-draft="{chosen}"]')).to_be_visible()  # the day's works

    phone = await (await browser.new_context(viewport={"width": 390, "height": 844})).new_page()
    await phone.goto(address)
    picture = phone.locator("#picture")
    await expect(picture).to_have_js_property("complete", True)
    assert await picture.evaluate("(img) => img.naturalWidth") > 0
    async with phone.expect_download() as download:
        await phone.get_by_role("link", name=re.compile("Download")).click()
    saved = await (await download.value).path()
    assert Path(saved).read_bytes() == studio.store.images[chosen]

    await kiosk.get_by_role("button", name="다 했어요").click()  # the next visitor sees a clean welcome
    await expect(kiosk.locator("#take-home")).to_be_hidden()
    await expect(kiosk.locator("#finals button")).to_have_count(0)


async def test_the_wall_fills_a_4k_screen(studio: StudioServer, browser: Browser) -> None:
    for width, height in ((1920, 1080), (3840, 2160)):
        page = await (await browser.new_context(viewport={"width": width, "height": height})).new_page()
        await page.goto(f"http://127.0.0.1:{studio.port}/wall?token={WALL}")
        await expect(page.locator("#wall")).to_have_attribute("data-online", "true")
        box = await page.locator("#wall").bounding_box()
        assert box is not None and box["width"] == width and box["height"] == height
        overflow = await page.evaluate("() => document.documentElement.scrollHeight > innerHeight")
        assert not overflow
        await page.context.close()


async def test_the_console_lists_kiosks_and_hides_a_picture_from_the_wall(
    studio: StudioServer, browser: Browser
) -> None:
    base = f"http://127.0.0.1:{studio.port}"
    works = studio.venue.ledger.gallery(12)  # type: ignore[union-attr]
    assert works, "the first test picked a picture"
    wall = await (await browser.new_context(viewport={"width": 1920, "height": 1080})).new_page()
    await wall.goto(f"{base}/wall?token={WALL}")
    tile = wall.locator(f'#mosaic li[data-draft="{works[0].draft_id}"]')
    await expect(tile).to_be_visible()
    console = await (await browser.new_context()).new_page()
    await console.goto(f"{base}/console")
    await console.get_by_label("Operator token").fill(OPERATOR)
    await console.get_by_role("button", name="Open").click()
    await expect(console.locator('tr[data-kiosk="entrance"]')).to_be_visible()
    await expect(console.locator('tr[data-kiosk="gallery"]')).to_contain_text("offline")
    await console.locator(".works li").first.get_by_role("button", name="Hide").click()
    await expect(tile).to_have_count(0)  # gone from the wall at once


async def test_no_serious_accessibility_violations(studio: StudioServer, browser: Browser) -> None:
    base = f"http://127.0.0.1:{studio.port}"
    for path in (f"/kiosk?token={KIOSK_1}", f"/wall?token={WALL}", "/console"):
        page = await (await browser.new_context()).new_page()
        await page.goto(base + path)
        await page.wait_for_load_state("networkidle")
        assert await serious_violations(page) == [], path
