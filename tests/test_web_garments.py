"""A pattern card's way to garments in a real browser (Debian's chromium, Playwright) against a real server.

On a pattern's card the menu offers "On a garment", "Colourways" and "Download for print" (a picture's or a
mock-up's card does not); each opens a small labelled form in a dialog, reachable by keyboard. A mock-up and N
colourways arrive as children of the pattern, their parameters on their cards and in the lineage; the print file
downloaded is exactly the pixel size and DPI asked for, and one too big for the server's budget is refused in the
dialog, naming the budget; the print asked for is kept as a child of the pattern, its parameters on its card and
node. The same on a phone, in Korean. axe-core finds no serious or critical violation.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from PIL import Image
from playwright.async_api import Browser, Page, expect
from test_web_client import (  # the module skips itself without chromium; its fixtures serve this module too
    DESIGNER,
    PAINTING_S,
    accessibility_violations,
    base,
    browser,
    card,
    connected,
    idle,
    page,
    paint,
    server,
)

from studiolo.server.app import StudioServer

pytestmark = pytest.mark.asyncio(loop_scope="module")
__all__ = ["browser", "page", "server"]  # fixtures, used by name

PATTERN = "make a seamless pattern of lemons"


def phys(png: bytes) -> tuple[int, int, int]:
    """A PNG's pHYs chunk: pixels per unit across and down, and the unit (1: the metre)."""
    at = png.index(b"pHYs")
    return struct.unpack(">IIB", png[at + 4 : at + 13])


async def menu_items(page: Page, number: int) -> list[str]:
    await card(page, number).get_by_test_id("card-menu-button").click()
    items = await card(page, number).get_by_role("menuitem").all_text_contents()
    await page.keyboard.press("Escape")
    return items


async def test_a_pattern_goes_on_a_garment_into_colourways_and_to_the_printer(server: StudioServer, page: Page) -> None:
    await page.goto(f"{base(server)}/?token={DESIGNER}")
    await connected(page)
    await paint(page, PATTERN, 1, 2)  # the tile and its repeat
    tile = await card(page, 1).get_attribute("data-draft-id")
    items = await menu_items(page, 1)
    assert items[-5:] == ["On a garment…", "Colourways…", "Download for print…", "Enlarge", "Compare…"]
    menu_button = card(page, 1).get_by_test_id("card-menu-button")
    await menu_button.click()
    for testid in ("garment-button", "colourways-button", "print-button"):
        assert await card(page, 1).get_by_test_id(testid).get_attribute("title"), testid

    # On a garment: a shirt, its repeat 8 cm -> a mock-up, child of the pattern, its parameters shown
    await card(page, 1).get_by_test_id("garment-button").click()
    dialog = page.get_by_test_id("garment-dialog")
    await expect(dialog).to_be_visible()
    await expect(page.get_by_test_id("garment-title")).to_have_text("On a garment: draft #1")
    await expect(page.get_by_test_id("wear-garment")).to_be_focused()
    await page.get_by_label("Garment", exact=True).select_option("shirt")
    await page.get_by_label("Repeat (cm)", exact=True).fill("8")
    assert not await accessibility_violations(page)
    await page.get_by_test_id("wear-submit").click()
    await expect(dialog).to_be_hidden()
    await expect(menu_button).to_be_focused()  # focus goes back where it came from
    await expect(page.get_by_test_id("draft-card")).to_have_count(3, timeout=PAINTING_S)
    await idle(page, 2)
    worn = card(page, 3)
    await expect(worn.get_by_test_id("draft-skill")).to_have_text("wear")
    await expect(worn).to_have_attribute("data-parent-ids", tile or "")
    await expect(worn.get_by_test_id("draft-params-summary")).to_have_text("Shirt · Front · 8 cm repeat")
    worn_id = await worn.get_attribute("data-draft-id")
    node = page.locator(f'[data-testid="lineage-node"][data-draft-id="{worn_id}"]')
    await expect(node).to_have_attribute("data-parent-ids", tile or "")
    await expect(node.get_by_test_id("lineage-params")).to_have_text("Shirt · Front · 8 cm repeat")
    turn = page.locator('[data-testid="turn"][data-speaker]').filter(has_text="show it on a shirt (front), repeat 8 cm")
    await expect(turn).to_have_count(1)
    # a mock-up is not a pattern: it is not worn, recoloured or printed again from its card
    assert "On a garment…" not in await menu_items(page, 3)

    # Colourways: three, in winter colours -> three children of the pattern, each with its palette
    await menu_button.click()
    await card(page, 1).get_by_test_id("colourways-button").click()
    await expect(page.get_by_test_id("garment-title")).to_have_text("Colourways of draft #1")
    await page.get_by_label("How many", exact=True).select_option("3")
    await page.get_by_label("Palette", exact=True).select_option("winter")
    assert not await accessibility_violations(page)
    await page.get_by_test_id("colourways-submit").click()
    await expect(page.get_by_test_id("draft-card")).to_have_count(6, timeout=PAINTING_S)
    await idle(page, 3)
    for number, palette in ((4, "Winter"), (5, "Winter 2"), (6, "Winter 3")):
        way = card(page, number)
        await expect(way).to_have_attribute("data-parent-ids", tile or "")
        await expect(way.get_by_test_id("draft-params-summary")).to_have_text(palette)
        assert len(await way.locator(".swatch").all()) >= 2  # its colours
        way_id = await way.get_attribute("data-draft-id")
        node = page.locator(f'[data-testid="lineage-node"][data-draft-id="{way_id}"]')
        await expect(node).to_have_attribute("data-parent-ids", tile or "")
        await expect(node.get_by_test_id("lineage-params")).to_have_text(palette)
    assert "Download for print…" in await menu_items(page, 4)  # a colourway of a pattern is a pattern too

    # Download for print, by keyboard: the menu's third item from the end, then the form's fields in order
    await menu_button.focus()
    await page.keyboard.press("Enter")
    for _ in range(3):
        await page.keyboard.press("ArrowUp")
    await expect(card(page, 1).get_by_test_id("print-button")).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("garment-title")).to_have_text("Download draft #1 for print")
    await expect(page.get_by_label("Width (cm)", exact=True)).to_be_focused()
    order = []
    for _ in range(10):
        order.append(await page.evaluate("() => document.activeElement.dataset.testid"))
        if order[-1] == "print-submit":
            break
        await page.keyboard.press("Tab")
    assert order == ["print-width", "print-height", "print-dpi", "print-repeat", "print-scale", "print-format",
                     "garment-cancel", "print-submit"]  # fmt: skip
    assert not await accessibility_violations(page)

    # too big for the server's budget: refused in the dialog, the budget named; the dialog stays
    await page.get_by_label("Width (cm)", exact=True).fill("1000")
    await page.get_by_label("Height (cm)", exact=True).fill("1000")
    await page.get_by_label("Resolution (DPI)", exact=True).fill("300")
    await page.get_by_test_id("print-submit").click()
    error = page.get_by_test_id("print-error")
    await expect(error).to_contain_text("the print budget is 512 MiB")
    await expect(error).to_contain_text("[print.too_large]")
    await expect(dialog).to_be_visible()

    await page.get_by_label("Width (cm)", exact=True).fill("20")
    await page.get_by_label("Height (cm)", exact=True).fill("10")
    await page.get_by_label("Resolution (DPI)", exact=True).fill("120")
    await page.get_by_label("Repeat style", exact=True).select_option("brick")
    await expect(error).to_be_hidden()
    await expect(page.get_by_test_id("print-pixels")).to_have_text("945 × 472 pixels")
    async with page.expect_download() as download:
        await page.get_by_test_id("print-submit").click()
    file = await download.value
    assert file.suggested_filename == f"studiolo-{(tile or '')[:8]}-20x10cm-120dpi-brick.png"
    body = Path(await file.path()).read_bytes()
    printed = Image.open(io.BytesIO(body))
    assert printed.size == (945, 472)
    # 120 DPI as exactly as a PNG can say it: its pHYs chunk counts whole dots per metre (4724, 119.99 DPI)
    assert phys(body) == (round(120 / 0.0254), round(120 / 0.0254), 1)
    await expect(dialog).to_be_hidden()

    # the lineage keeps the print asked for (the one refused above left nothing): a child of the pattern with its
    # parameters, on its card and its node; its picture is a preview of the print (this one small enough to be
    # whole), and it is no pattern card: it offers no garment actions, only that print again
    await expect(page.get_by_test_id("draft-card")).to_have_count(7)
    kept = card(page, 7)
    summary = "Print · 20 × 10 cm · 120 dpi · Brick"
    await expect(kept.get_by_test_id("draft-skill")).to_have_text("print")
    await expect(kept).to_have_attribute("data-parent-ids", tile or "")
    await expect(kept.get_by_test_id("draft-params-summary")).to_have_text(summary)
    node = page.locator(f'[data-testid="lineage-node"][data-draft-id="{await kept.get_attribute("data-draft-id")}"]')
    await expect(node).to_have_attribute("data-parent-ids", tile or "")
    await expect(node.get_by_test_id("lineage-params")).to_have_text(summary)
    assert not {"On a garment…", "Colourways…"} & set(await menu_items(page, 7))
    async with page.expect_download() as download:
        await kept.get_by_test_id("download-link").click()
    assert Image.open(Path(await (await download.value).path())).size == (945, 472)
    await kept.get_by_test_id("card-menu-button").click()
    await kept.get_by_test_id("print-again-button").click()
    await expect(page.get_by_test_id("garment-title")).to_have_text("Download draft #1 for print")
    await expect(page.get_by_test_id("print-pixels")).to_have_text("945 × 472 pixels")
    await expect(page.get_by_test_id("print-repeat")).to_have_value("brick")
    async with page.expect_download() as download:
        await page.get_by_test_id("print-submit").click()
    assert (await download.value).suggested_filename == file.suggested_filename  # the same print again


async def test_on_a_phone_in_korean(server: StudioServer, browser: Browser) -> None:
    context = await browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR", is_mobile=True,
                                        has_touch=True, accept_downloads=True)  # fmt: skip
    try:
        page = await context.new_page()
        await page.goto(f"{base(server)}/?token={DESIGNER}")
        await connected(page)
        await page.get_by_test_id("prompt-input").fill(PATTERN)
        await page.get_by_test_id("send-button").click()
        await page.get_by_test_id("tab-drafts").click()
        await expect(page.get_by_test_id("draft-card")).to_have_count(2, timeout=PAINTING_S)
        await idle(page, 1)
        await card(page, 1).get_by_test_id("card-menu-button").click()
        await card(page, 1).get_by_test_id("garment-button").click()
        dialog = page.get_by_test_id("garment-dialog")
        await expect(page.get_by_test_id("garment-title")).to_have_text("옷에 입혀 보기: 초안 #1")
        box = await dialog.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
        await page.get_by_label("옷", exact=True).select_option("scarf")
        assert not await accessibility_violations(page)
        await page.get_by_test_id("wear-submit").click()
        await expect(page.get_by_test_id("draft-card")).to_have_count(3, timeout=PAINTING_S)
        await idle(page, 2)
        # the artist's default repeat for a tile, said in Korean, and the artist answers in Korean
        await expect(card(page, 3).get_by_test_id("draft-params-summary")).to_have_text("스카프 · 앞면 · 반복 16 cm")
        replies = page.locator('[data-testid="turn"][data-speaker="artist"]')
        await expect(replies.last).to_contain_text("입혀 봤어요")

        await card(page, 1).get_by_test_id("card-menu-button").click()
        await card(page, 1).get_by_test_id("print-button").click()
        await page.get_by_label("너비 (cm)", exact=True).fill("12.5")
        await page.get_by_label("높이 (cm)", exact=True).fill("8")
        await page.get_by_label("해상도 (DPI)", exact=True).fill("200")
        await page.get_by_label("반복 방식", exact=True).select_option("half-drop")
        await page.get_by_label("파일", exact=True).select_option("tiff")
        box = await dialog.bounding_box()
        assert box and box["x"] + box["width"] <= 390
        assert not await accessibility_violations(page)
        async with page.expect_download() as download:
            await page.get_by_test_id("print-submit").click()
        file = await download.value
        assert file.suggested_filename.endswith("-12.5x8cm-200dpi-half-drop.tiff")
        printed = Image.open(io.BytesIO(Path(await file.path()).read_bytes()))
        assert printed.size == (round(12.5 / 2.54 * 200), round(8 / 2.54 * 200)) and printed.info["dpi"] == (200, 200)
        await expect(card(page, 4).get_by_test_id("draft-params-summary")).to_have_text(
            "인쇄 · 12.5 × 8 cm · 200 dpi · 하프 드롭"
        )
    finally:
        await context.close()
