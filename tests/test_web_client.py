"""The web client in a real browser (Debian's chromium, driven by Playwright) against a real server.

The server runs in-process on 127.0.0.1 (an ephemeral port) on the same event loop as Playwright's async API, with
the embedded models: a designer paints, watches previews arrive live, picks, refines, reloads and finds the same
session; a pick is what the next request works from; each card says what its draft approximated and missed, in
English or Korean; a dropped connection resumes with the events it missed; the stage view follows the newest
draft; an upload is described; a wrong token is refused on the page.
"""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "the web client test needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)",
        allow_module_level=True,
    )

from checked_imagine import CheckedImagine  # noqa: E402
from playwright.async_api import Browser, Page, async_playwright, expect  # noqa: E402

from studiolo.agent.agent import Agent  # noqa: E402
from studiolo.agent.router import SemanticRouter  # noqa: E402
from studiolo.agent.voice import Voice  # noqa: E402
from studiolo.client import Client  # noqa: E402
from studiolo.drafts import Check, Faithfulness  # noqa: E402
from studiolo.persona.spec import Persona  # noqa: E402
from studiolo.server.app import StudioServer  # noqa: E402
from studiolo.settings import Settings  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")

DESIGNER = "web-designer-token"
OPERATOR = "web-operator-token"
TOKENS = {DESIGNER: "designer", "web-observer-token": "observer", OPERATOR: "operator"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
PAINTING_S = 30_000  # ms: a turn of the embedded painter takes a second or two; generous for slow CI machines

# Recorded in the page before the app runs: when the first preview card and the first final card entered the DOM
# (a preview card is created with its image already set), and every kind the stage image showed.
WATCH_DOM = """
window.__seen = {preview: null, previewSrc: null, final: null, stageKinds: []};
new MutationObserver((mutations) => {
  for (const m of mutations) {
    if (m.type === "attributes") {
      const kind = m.target.getAttribute("data-kind");
      if (m.target.id === "stage-image" && window.__seen.stageKinds.at(-1) !== kind) window.__seen.stageKinds.push(kind);
      continue;
    }
    for (const node of m.addedNodes) {
      if (node.nodeType !== 1) continue;
      if (node.matches('[data-testid="preview-card"]') && window.__seen.preview === null) {
        window.__seen.preview = performance.now();
        window.__seen.previewSrc = node.querySelector("img").getAttribute("src");
      }
      if (node.matches('[data-testid="draft-card"]') && window.__seen.final === null) window.__seen.final = performance.now();
    }
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-kind"]});
"""


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[StudioServer]:
    settings = Settings.load(server={"port": 0, "data": tmp_path_factory.mktemp("web-data"), "tokens": TOKENS})
    studio = StudioServer(settings)
    await studio.start()
    try:
        yield studio
    finally:
        await studio.stop()


# What a self-check found in the four drafts of "a koi pond with a xylophone": fish for the koi, no xylophone.
KOI_POND = Faithfulness(
    drawn=["pond"], approximated={"koi": "fish"}, missing=["xylophone"], adherence=0.5,
    checks=[Check(name="thing:fish", passed=True), Check(name="thing:xylophone", passed=False, measured=0, wanted="1")],
)  # fmt: skip


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def checked_server(server: StudioServer, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[StudioServer]:
    """A second server on the first one's models, whose drafts carry the faithfulness of KOI_POND."""

    def agent(persona: Persona, studio: StudioServer) -> Agent:
        assert studio.painter is not None
        checked = Agent(persona, studio.painter, studio.backends.describer, SemanticRouter(studio.backends.embedder),
                        voice=Voice(persona, studio.backends.chat_model), gate=studio.scheduler)  # fmt: skip
        checked.skills["imagine"] = CheckedImagine([KOI_POND] * 4)
        return checked

    settings = Settings.load(server={"port": 0, "data": tmp_path_factory.mktemp("web-checked"), "tokens": TOKENS})
    studio = StudioServer(settings, backends=server.backends, agent_factory=agent)
    await studio.start()
    try:
        yield studio
    finally:
        await studio.stop()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest_asyncio.fixture(loop_scope="module")
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = await context.new_page()
    await page.add_init_script(WATCH_DOM)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        yield page
        assert not errors, f"the page reported errors: {errors}"
    finally:
        await context.close()


def base(server: StudioServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def session_of(page: Page) -> str:
    match = re.search(r"#session=([0-9a-f]{16})$", page.url)
    assert match, page.url
    return match.group(1)


async def connected(page: Page) -> None:
    await expect(page.get_by_test_id("status")).to_have_attribute("data-state", "connected")


async def idle(page: Page, artist_turns: int) -> None:
    """The artist has finished `artist_turns` replies after its greeting, and no job is left."""
    turns = page.locator('[data-testid="turn"][data-speaker="artist"]:not([data-streaming])')
    await expect(turns).to_have_count(artist_turns + 1, timeout=PAINTING_S)
    await expect(page.get_by_test_id("job")).to_have_count(0)


def card(page: Page, number: int) -> Any:
    return page.locator(f'[data-testid="draft-card"][data-number="{number}"]')


async def board(page: Page) -> dict[str, Any]:
    """What the page shows: drafts (id, number, parents, picked), cursor, chat turns, loaded images."""
    return await page.evaluate("""() => ({
      drafts: [...document.querySelectorAll('[data-testid="draft-card"]')].map((c) => ({
        id: c.dataset.draftId, number: Number(c.dataset.number), parents: c.dataset.parentIds,
        picked: c.dataset.picked === "true", skill: c.querySelector('[data-testid="draft-skill"]')?.textContent ?? "",
        loaded: c.querySelector("img").complete && c.querySelector("img").naturalWidth > 0})),
      cursor: [...document.querySelectorAll('[data-testid="draft-card"][data-cursor="true"]')].map((c) => c.dataset.draftId),
      turns: [...document.querySelectorAll('[data-testid="turn"]')].map((t) => [t.dataset.speaker, t.querySelector(".text").textContent,
                                                                            t.querySelector('[data-testid="turn-skill"]')?.textContent ?? ""]),
      lineage: [...document.querySelectorAll('[data-testid="lineage-node"]')].map((n) => [n.dataset.draftId, n.dataset.parentIds]),
    })""")


async def test_paint_watch_previews_pick_refine_and_reload(server: StudioServer, page: Page) -> None:
    await page.goto(f"{base(server)}/?token={DESIGNER}")
    await connected(page)
    assert "token" not in page.url  # kept in sessionStorage, out of the address bar
    session = session_of(page)

    await page.get_by_test_id("prompt-input").fill("paint flowers blooming on Venus")
    await page.get_by_test_id("send-button").click()
    await expect(page.get_by_test_id("draft-card")).to_have_count(4, timeout=PAINTING_S)
    await idle(page, 1)

    seen = await page.evaluate("window.__seen")
    assert seen["preview"] is not None and seen["preview"] < seen["final"], seen  # previews showed before any final
    assert seen["previewSrc"].startswith("blob:")
    kinds = [e["type"] for e in await page.evaluate("window.studiolo.trace")]
    assert kinds.index("draft.preview") < kinds.index("draft.final")
    await expect(page.get_by_test_id("preview-card")).to_have_count(0)  # every preview was replaced by its final
    for number in range(1, 5):
        await expect(card(page, number).get_by_test_id("draft-number")).to_have_text(f"#{number}")
        await expect(card(page, number).get_by_test_id("draft-skill")).to_have_text("imagine")
    await expect(card(page, 4)).to_have_attribute("data-cursor", "true")  # the newest draft is the current one
    await expect(page.locator('[data-testid="turn"][data-speaker="artist"] .text').last).to_contain_text("#4")

    second = await card(page, 2).get_attribute("data-draft-id")
    await card(page, 2).get_by_test_id("pick-button").click()
    await expect(card(page, 2)).to_have_attribute("data-picked", "true")
    await expect(card(page, 2).get_by_test_id("picked-badge")).to_be_visible()

    await card(page, 2).get_by_test_id("comment-input").fill("more purple haze")
    await card(page, 2).get_by_test_id("refine-button").click()
    children = page.locator(f'[data-testid="draft-card"][data-parent-ids="{second}"]')
    await expect(children.first).to_be_visible(timeout=PAINTING_S)
    await idle(page, 2)
    said = page.locator('[data-testid="turn"]:not([data-speaker="artist"]) .text')
    await expect(said).to_have_text(["paint flowers blooming on Venus", "refine it: more purple haze"])
    await expect(children.first.get_by_test_id("draft-skill")).to_have_text("refine")
    await expect(page.locator('[data-testid="turn"] .attachments').last).to_have_text("about #2")
    await expect(children.first.get_by_test_id("draft-parents")).to_have_text("from #2")
    before = await board(page)
    assert len(before["drafts"]) > 4 and before["drafts"][4]["number"] == 5 and before["drafts"][4]["parents"] == second
    assert before["cursor"] == [before["drafts"][-1]["id"]]  # the newest refinement
    assert [d["id"] for d in before["drafts"] if d["picked"]] == [second]
    assert [skill for speaker, _, skill in before["turns"] if speaker != "artist"] == ["imagine", "refine"]  # as routed
    assert [d[0] for d in before["lineage"]] == [d["id"] for d in before["drafts"][:2]] + [
        d["id"] for d in before["drafts"][4:]
    ] + [d["id"] for d in before["drafts"][2:4]]

    await page.reload()
    await connected(page)
    assert session_of(page) == session  # the reload rejoined the same session
    await expect(page.get_by_test_id("draft-card")).to_have_count(len(before["drafts"]))
    await expect(page.locator('[data-testid="draft-card"] img')).to_have_count(len(before["drafts"]))
    await page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="draft-card"] img')]
                                       .every((img) => img.complete && img.naturalWidth > 0)""")  # fmt: skip
    after = await board(page)
    assert after["drafts"] == [{**d, "loaded": True} for d in before["drafts"]]
    assert (
        after["cursor"] == before["cursor"]
        and after["turns"] == before["turns"]
        and after["lineage"] == before["lineage"]
    )
    await expect(card(page, 2).get_by_test_id("picked-badge")).to_be_visible()
    await expect(page.locator('[data-testid="draft-card"].cursor')).to_have_attribute(
        "data-number", str(len(before["drafts"]))
    )
    # the reload is the same participant, so its own words still read "you"
    await expect(
        page.locator('[data-testid="turn"]:not([data-speaker="artist"])').first.locator(".speaker")
    ).to_have_text("you")
    assert (await page.evaluate("window.studiolo.trace"))[0]["type"] == "welcome"


async def test_picking_a_draft_is_what_the_next_request_works_from(server: StudioServer, page: Page) -> None:
    await page.goto(f"{base(server)}/?token={DESIGNER}")
    await connected(page)
    await page.get_by_test_id("prompt-input").fill("draw a night garden with a moon")
    await page.get_by_test_id("send-button").click()
    await expect(page.get_by_test_id("draft-card")).to_have_count(4, timeout=PAINTING_S)
    await idle(page, 1)
    await expect(page.get_by_test_id("select-button")).to_have_count(0)  # one control: picking is selecting

    first = await card(page, 1).get_attribute("data-draft-id")
    await card(page, 1).get_by_test_id("pick-button").click()
    await expect(card(page, 1)).to_have_attribute("data-cursor", "true")
    await expect(card(page, 1)).to_have_attribute("data-picked", "true")
    await expect(card(page, 4)).to_have_attribute("data-cursor", "false")

    await page.get_by_test_id("prompt-input").fill("make it warmer")
    await page.get_by_test_id("send-button").click()
    await expect(card(page, 5)).to_have_attribute("data-parent-ids", first, timeout=PAINTING_S)
    await idle(page, 2)
    await expect(page.locator(f'[data-testid="lineage-node"][data-parent-ids="{first}"]').first).to_be_visible()
    await expect(page.locator('[data-testid="turn"][data-speaker="artist"] .text').last).to_contain_text(
        "Working from #1:"
    )


async def test_a_drafts_card_says_what_it_approximated_and_missed_in_english_and_korean(
    checked_server: StudioServer, page: Page
) -> None:
    await page.goto(f"{base(checked_server)}/?token={DESIGNER}")
    await connected(page)
    await expect(page.get_by_test_id("language-en")).to_have_attribute("aria-pressed", "true")  # the browser's language
    await page.get_by_test_id("prompt-input").fill("paint a koi pond with a xylophone")
    await page.get_by_test_id("send-button").click()
    await expect(page.get_by_test_id("draft-card")).to_have_count(4, timeout=PAINTING_S)
    await idle(page, 1)
    reply = page.locator('[data-testid="turn"][data-speaker="artist"] .text').last
    await expect(reply).to_contain_text("I had no koi, so I drew fish instead. I couldn't draw the xylophone.")

    first = card(page, 1)
    await expect(first.get_by_test_id("draft-faithfulness")).to_have_text("koi → fish · missing: xylophone")
    await expect(first.get_by_test_id("adherence-badge")).to_have_text("50%")
    await expect(first.get_by_test_id("adherence-badge")).to_have_attribute(
        "title", "50% of what was asked; not met: thing:xylophone (1)"
    )

    await page.get_by_test_id("language-ko").click()  # the page's words switch in place
    await expect(page.get_by_test_id("language-ko")).to_have_attribute("aria-pressed", "true")
    await expect(first.get_by_test_id("draft-faithfulness")).to_have_text("koi → fish · 빠짐: xylophone")
    await expect(first.get_by_test_id("pick-button")).to_have_text("선택")
    await expect(page.get_by_test_id("send-button")).to_have_text("보내기")
    await expect(page.locator("#drafts-title")).to_have_text("초안")
    await expect(page.get_by_test_id("status")).to_contain_text("연결됨")
    await expect(reply).to_contain_text("I had no koi")  # what was said stays as it was said

    await page.reload()  # remembered; the welcome's drafts carry their faithfulness too
    await connected(page)
    await expect(page.locator("html")).to_have_attribute("lang", "ko")
    await expect(card(page, 1).get_by_test_id("draft-faithfulness")).to_have_text("koi → fish · 빠짐: xylophone")
    await expect(card(page, 1).get_by_test_id("adherence-badge")).to_have_attribute(
        "title", "요청의 50%; 못 맞춘 것: thing:xylophone (1)"
    )
    await page.get_by_test_id("prompt-input").fill("더 따뜻하게 해 줘")  # a Korean turn: a Korean reply
    await page.get_by_test_id("send-button").click()
    await idle(page, 2)
    await expect(reply).to_contain_text("#4에서 이어서 작업했어요. 다시 그렸어요: 초안 #5")
    # the refinement is checked for real, against the draft's words with the change: the xylophone is still missing
    await expect(card(page, 5).get_by_test_id("draft-faithfulness")).to_have_text("빠짐: xylophone")
    await expect(card(page, 5).get_by_test_id("adherence-badge")).to_have_text(re.compile(r"^\d{1,3}%$"))
    await page.get_by_test_id("language-en").click()
    await expect(card(page, 1).get_by_test_id("draft-faithfulness")).to_have_text("koi → fish · missing: xylophone")
    await expect(page.get_by_test_id("send-button")).to_have_text("Send")

    assert page.context.browser is not None
    korean = await page.context.browser.new_context(locale="ko-KR")  # a browser in Korean opens the page in Korean
    try:
        seoul = await korean.new_page()
        await seoul.goto(f"{base(checked_server)}/?token={DESIGNER}")
        await expect(seoul.get_by_test_id("language-ko")).to_have_attribute("aria-pressed", "true")
        await expect(seoul.get_by_test_id("send-button")).to_have_text("보내기")
    finally:
        await korean.close()


async def test_a_dropped_connection_resumes_with_what_it_missed(server: StudioServer, page: Page) -> None:
    await page.goto(f"{base(server)}/?token={DESIGNER}")
    await connected(page)
    await idle(page, 0)  # the greeting has arrived
    session = session_of(page)
    seen_seq = await page.evaluate("window.studiolo.state.lastSeq")

    await page.evaluate("window.studiolo.pause()")
    await expect(page.get_by_test_id("status")).to_have_attribute("data-state", "offline")
    async with await Client.connect(
        f"ws://127.0.0.1:{server.port}/ws", token=DESIGNER, session=session, name="friend"
    ) as friend:
        await friend.say("paint a quiet harbour at dawn")
        events = await friend.until(lambda e: e.type == "reply.done", timeout=PAINTING_S / 1000)
        finals = [e.draft_id for e in events if e.type == "draft.final"]
        await friend.feedback(finals[0], rating=2, text="lovely light")
        await friend.until(lambda e: e.type == "draft.feedback")
        last = friend.seq

    await page.evaluate("window.studiolo.resume()")
    await connected(page)
    await expect(page.get_by_test_id("draft-card")).to_have_count(len(finals))
    assert await page.evaluate("window.studiolo.state.lastSeq") == last
    trace = await page.evaluate("window.studiolo.trace")
    welcomes = [i for i, e in enumerate(trace) if e["type"] == "welcome"]
    assert len(welcomes) == 2
    replayed = [e["seq"] for e in trace[welcomes[1] + 1 :] if e["type"] != "draft.preview"]
    assert replayed == list(range(seen_seq + 1, last + 1))  # exactly what was missed, in order
    friend_turn = page.locator('[data-testid="turn"][data-speaker="friend"]')
    await expect(friend_turn.locator(".text")).to_have_text("paint a quiet harbour at dawn")
    await expect(card(page, 1)).to_have_attribute("data-rating", "2")
    await expect(card(page, 1).get_by_test_id("comment")).to_contain_text("lovely light")
    await expect(card(page, len(finals))).to_have_attribute("data-cursor", "true")


async def test_an_operators_words_read_as_the_artists_live_and_after_a_reload(server: StudioServer, page: Page) -> None:
    await page.goto(f"{base(server)}/?token={DESIGNER}")
    await connected(page)
    await idle(page, 0)
    url = f"ws://127.0.0.1:{server.port}/ws"
    async with await Client.connect(
        url, token=OPERATOR, session=session_of(page), role="operator", name="stage"
    ) as operator:
        await operator.send({"type": "speak", "text": "Welcome to the show!"})
        await operator.until(lambda e: e.type == "reply.done")
    spoken = page.locator('[data-testid="turn"]', has_text="Welcome to the show!")
    await expect(spoken).to_have_attribute("data-speaker", "artist")
    await expect(spoken.locator(".speaker")).to_have_text("stage (as the artist)")
    await page.reload()
    await connected(page)
    await expect(spoken).to_have_attribute("data-speaker", "artist")  # the welcome's state says the same
    await expect(spoken.locator(".speaker")).to_have_text("stage (as the artist)")


async def test_stage_view_shows_the_newest_draft_full_window(server: StudioServer, page: Page) -> None:
    async with await Client.connect(f"ws://127.0.0.1:{server.port}/ws", token=DESIGNER) as painter:
        await painter.say("paint a lighthouse in a storm")
        events = await painter.until(lambda e: e.type == "job.finished", timeout=PAINTING_S / 1000)
        newest = [e.draft_id for e in events if e.type == "draft.final"][-1]
        session = painter.session
        assert session is not None

        await page.goto(f"{base(server)}/?token={DESIGNER}&view=stage#session={session}")
        await connected(page)
        stage, image = page.get_by_test_id("stage"), page.get_by_test_id("stage-image")
        await expect(stage).to_be_visible()
        await expect(image).to_have_attribute("data-draft-id", newest)
        await expect(image).to_have_attribute("data-kind", "final")
        box = await image.bounding_box()
        assert box is not None and box["height"] > 800  # full window (1000 px high)
        await page.wait_for_function("document.getElementById('stage-image').naturalWidth > 0")

        await painter.say("paint a garden of glass flowers")  # live: previews on the stage, then the final
        events = await painter.until(lambda e: e.type == "job.finished", timeout=PAINTING_S / 1000)
        newest = [e.draft_id for e in events if e.type == "draft.final"][-1]
    await expect(image).to_have_attribute("data-draft-id", newest, timeout=PAINTING_S)
    kinds = await page.evaluate("window.__seen.stageKinds")
    assert "preview" in kinds and kinds[-1] == "final", kinds
    await expect(page.get_by_test_id("stage-caption")).to_contain_text("#8")

    await page.keyboard.press("Escape")
    await expect(stage).to_be_hidden()
    assert "view=stage" not in page.url
    await page.get_by_test_id("stage-toggle").click()
    await expect(stage).to_be_visible()
    await page.get_by_test_id("stage-exit").click()
    await expect(stage).to_be_hidden()
    await expect(page.get_by_test_id("draft-card")).to_have_count(8)

    watcher = await page.context.new_page()  # an observer sees the drafts, without the designer's controls
    await watcher.goto(f"{base(server)}/?token=web-observer-token&role=observer#session={session}")
    await expect(watcher.get_by_test_id("status")).to_have_attribute("data-state", "connected")
    await expect(watcher.get_by_test_id("draft-card")).to_have_count(8)
    await expect(watcher.get_by_test_id("composer")).to_be_hidden()
    await expect(watcher.get_by_test_id("pick-button")).to_have_count(8)
    await expect(watcher.get_by_test_id("pick-button").first).to_be_hidden()


async def test_upload_describe_and_errors_inline(server: StudioServer, page: Page, tmp_path: Path) -> None:
    from PIL import Image

    await page.goto(f"{base(server)}/?token={DESIGNER}")
    await connected(page)
    await page.get_by_test_id("undo-button").click()  # nothing to undo: an error inline, and the session lives on
    await expect(page.get_by_test_id("chat-error")).to_have_attribute("data-code", "draft.nothing_to_undo")
    # a refused action is told to whoever asked and kept out of the session's history: no artist's turn for it

    picture = io.BytesIO()
    Image.new("RGB", (96, 64), (200, 40, 60)).save(picture, "PNG")
    await page.get_by_test_id("upload-input").set_input_files(
        files=[{"name": "red.png", "mimeType": "image/png", "buffer": picture.getvalue()}]
    )
    upload = card(page, 1)
    await expect(upload.get_by_test_id("draft-skill")).to_have_text("upload")
    await expect(upload.get_by_test_id("draft-prompt")).to_have_text("red.png")
    await upload.get_by_test_id("describe-button").click()
    await expect(upload.get_by_test_id("description")).to_be_visible(timeout=PAINTING_S)
    await expect(upload.get_by_test_id("description")).not_to_be_empty()
    await idle(page, 1)
    await expect(page.locator('[data-testid="turn"]:not([data-speaker="artist"]) .text')).to_have_text(
        ["(uploaded red.png)", "describe it"]
    )

    await page.get_by_test_id("upload-input").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hi"}]
    )
    await expect(page.get_by_test_id("chat-error").last).to_have_attribute("data-code", "upload.unsupported")
    await expect(page.get_by_test_id("status")).to_have_attribute("data-state", "connected")


async def test_a_wrong_token_is_refused_on_the_page(server: StudioServer, page: Page) -> None:
    await page.goto(f"{base(server)}/?token=not-a-token")
    await expect(page.get_by_test_id("status")).to_have_attribute("data-state", "refused")
    await expect(page.get_by_test_id("status")).to_contain_text("auth.invalid_token")
    await expect(page.get_by_test_id("chat-error")).to_have_attribute("data-code", "auth.invalid_token")
    await expect(page.get_by_test_id("chat-error")).to_have_count(1)  # refused once, not retried in a loop
    await expect(page.get_by_test_id("draft-card")).to_have_count(0)
