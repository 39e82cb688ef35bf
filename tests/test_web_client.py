"""The web client in a real browser (Debian's chromium, driven by Playwright) against a real server.

The server runs in-process on 127.0.0.1 (an ephemeral port) on the same event loop as Playwright's async API, with
the embedded models: a designer paints, watches previews arrive live, picks, refines, reloads and finds the same
session; a pick is what the next request works from; each card says what its draft approximated and missed, in
English or Korean; a dropped connection resumes with the events it missed; the stage view follows the newest
draft; an upload is described; a wrong token is refused on the page. Invitation and stage links open as they are
given; cards keep Pick and Refine at hand and the rest in a menu, with a lightbox to enlarge and compare; an options
drawer sends only what was set; the lineage is a tree of thumbnails; the panes stay put (tabs on a phone); the page
speaks English and Korean; and axe-core finds no serious or critical accessibility violation.
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
# axe-core is fetched from npm when the tests are set up (.ci/run), never while they run
AXE = Path(__file__).resolve().parent.parent / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
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
// every JSON message the page sends, as sent (what the options drawer puts in a `say`)
window.__sent = [];
const __send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  if (typeof data === "string") window.__sent.push(JSON.parse(data));
  return __send.call(this, data);
};
"""
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")})`)"""


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


async def accessibility_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    assert AXE.is_file(), (
        f"axe-core is missing at {AXE}: install it with .ci/run (npm install --prefix .ci/node axe-core@4)"
    )
    if not await page.evaluate("() => typeof axe !== 'undefined'"):
        await page.evaluate(AXE.read_text())  # evaluated by the test's driver, so the page's own CSP stays as it is
    return await page.evaluate(AXE_RUN)


async def paint(page: Page, words: str, artist_turns: int, drafts: int) -> None:
    await page.get_by_test_id("prompt-input").fill(words)
    await page.get_by_test_id("send-button").click()
    await expect(page.get_by_test_id("draft-card")).to_have_count(drafts, timeout=PAINTING_S)
    await idle(page, artist_turns)


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
    # the images came by signed addresses: no token in any image URL, where a proxy's log would keep it
    sources = await page.locator("img[src]").evaluate_all("(imgs) => imgs.map((img) => img.getAttribute('src'))")
    assert sources and not any("token" in src for src in sources), sources
    assert all("sig=" in src for src in await page.get_by_test_id("draft-image").evaluate_all(
        "(imgs) => imgs.map((img) => img.getAttribute('src'))"))  # fmt: skip

    # the lineage is a tree of thumbnails: the refinements hang under #2, and a click works from a node's draft
    fifth = before["drafts"][4]["id"]
    await expect(page.get_by_test_id("lineage-thumb")).to_have_count(len(before["drafts"]))
    await page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="lineage-thumb"]')]
                                       .every((img) => img.complete && img.naturalWidth > 0)""")  # fmt: skip
    under_second = page.locator(f'li:has(> [data-draft-id="{second}"]) > ul [data-testid="lineage-node"]')
    await expect(under_second.first).to_have_attribute("data-draft-id", fifth)
    await expect(page.locator(f'li:has(> [data-draft-id="{before["drafts"][0]["id"]}"]) > ul')).to_have_count(0)
    await page.locator(f'[data-testid="lineage-node"][data-draft-id="{before["drafts"][0]["id"]}"]').click()
    await expect(card(page, 1)).to_have_attribute("data-cursor", "true")
    await expect(page.locator('[data-testid="lineage-node"].cursor')).to_have_attribute(
        "data-draft-id", before["drafts"][0]["id"]
    )

    # the same person in a new tab: their earlier turns are still theirs ("you", not an anonymous id)
    tab = await page.context.new_page()
    await tab.goto(f"{base(server)}/?token={DESIGNER}#session={session}")
    await connected(tab)
    await expect(tab.locator('[data-testid="turn"]:not([data-speaker="artist"]) .speaker')).to_have_text(["you", "you"])


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


async def test_an_operator_calls_the_next_cue_of_a_scripted_show(server: StudioServer, page: Page) -> None:
    """`studiolo run --server` waits at a cue for the operator; the operator's page has the button, no one else's."""
    await page.goto(f"{base(server)}/?token={DESIGNER}")
    await connected(page)
    await expect(page.get_by_test_id("next-cue-button")).to_be_hidden()
    assert page.context.browser is not None
    backstage = await (await page.context.browser.new_context(locale="en-US")).new_page()
    await backstage.goto(f"{base(server)}/?token={OPERATOR}&role=operator#session={session_of(page)}")
    await connected(backstage)
    url = f"ws://127.0.0.1:{server.port}/ws"
    async with await Client.connect(url, token=DESIGNER, session=session_of(page)) as show:  # the script's seat
        await backstage.get_by_test_id("next-cue-button").click()
        cue = (await show.until(lambda e: e.type == "cue"))[-1]
    operator_name = await backstage.evaluate("localStorage.getItem('studiolo.name')")
    assert cue.by == operator_name
    await expect(page.get_by_test_id("chat-note").last).to_have_text(f"{operator_name} called the next cue")
    assert not await accessibility_violations(backstage)
    await backstage.context.close()


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
    upload_line = page.locator('[data-testid="turn"]:not([data-speaker="artist"])').first
    await expect(upload_line.locator(".thumbs img")).to_have_attribute("alt", "#1")  # the chat shows what was uploaded
    # the artist answers the upload: what it sees on the card and in the chat, and what it could do with it
    await expect(upload.get_by_test_id("description")).to_be_visible(timeout=PAINTING_S)
    await expect(upload.get_by_test_id("description")).not_to_be_empty()
    await idle(page, 1)
    answer = page.locator('[data-testid="turn"][data-speaker="artist"] .text').last
    await expect(answer).to_contain_text("refine it")
    await expect(answer).to_contain_text("make a pattern from it")
    said = page.locator('[data-testid="turn"]:not([data-speaker="artist"]) .text')
    await expect(said).to_have_text(["(uploaded red.png)"])

    await page.reload()  # the upload's line stays in the chat, with its picture, and the artist's answer
    await connected(page)
    await expect(said).to_have_text(["(uploaded red.png)"])
    await expect(answer).to_contain_text("make a pattern from it")
    await expect(upload_line.get_by_test_id("turn-attachments")).to_have_text("about #1")
    await page.wait_for_function(
        """() => document.querySelector('[data-testid="turn"] .thumbs img')?.naturalWidth > 0"""
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


async def test_invitation_and_stage_links_open_as_they_are_given(server: StudioServer, page: Page) -> None:
    await page.goto(f"{base(server)}/?token={DESIGNER}")
    await connected(page)
    await paint(page, "paint a lighthouse on a cliff", 1, 4)
    session = session_of(page)
    newest = await card(page, 4).get_attribute("data-draft-id")
    browser = page.context.browser
    assert browser is not None

    await page.get_by_test_id("invite-button").click()
    link = await page.get_by_test_id("invitation-url").input_value()
    assert "role=" not in link and "view=stage" not in link
    guest = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        watcher = await guest.new_page()
        await watcher.goto(link)  # opened exactly as given: it joins in the role the invitation grants
        await connected(watcher)
        await expect(watcher.get_by_test_id("status")).to_contain_text("(observer)")
        assert session_of(watcher) == session
        await expect(watcher.get_by_test_id("draft-card")).to_have_count(4)
        await expect(watcher.get_by_test_id("composer")).to_be_hidden()
        await expect(watcher.get_by_test_id("stage")).to_be_hidden()
        assert not await accessibility_violations(watcher)
    finally:
        await guest.close()

    await page.get_by_test_id("stage-link-button").click()
    await expect(page.get_by_test_id("invitation-url")).to_have_attribute("data-stage", "true")
    stage_link = await page.get_by_test_id("invitation-url").input_value()
    assert "view=stage" in stage_link and stage_link.endswith(f"#session={session}")
    screen = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        projector = await screen.new_page()
        await projector.goto(stage_link)
        await connected(projector)
        await expect(projector.get_by_test_id("status")).to_contain_text("(observer)")  # a stage changes nothing
        stage, image = projector.get_by_test_id("stage"), projector.get_by_test_id("stage-image")
        await expect(stage).to_be_visible()
        await expect(image).to_have_attribute("data-draft-id", newest)  # this session's newest draft, not a new one
        await projector.wait_for_function("() => document.getElementById('stage-image').naturalWidth > 0")
        # nothing but the picture until the mouse moves: no exit button, no focus ring
        await expect(projector.get_by_test_id("stage-exit")).to_be_hidden()
        assert await projector.evaluate("() => document.activeElement === document.body")
        assert not await accessibility_violations(projector)
        await projector.mouse.move(300, 300)
        await projector.mouse.move(320, 330)
        await expect(projector.get_by_test_id("stage-exit")).to_be_visible()
    finally:
        await screen.close()

    # the printed link plus ?view=stage: the stage of the session last worked in here, watching, not a new session
    second_screen = await page.context.new_page()
    await second_screen.goto(f"{base(server)}/?token={DESIGNER}&view=stage")
    await connected(second_screen)
    assert session_of(second_screen) == session
    await expect(second_screen.get_by_test_id("status")).to_contain_text("(observer)")
    await expect(second_screen.get_by_test_id("stage-image")).to_have_attribute("data-draft-id", newest)


async def test_a_card_keeps_pick_and_refine_at_hand_and_the_rest_in_a_menu(server: StudioServer, page: Page) -> None:
    await page.goto(f"{base(server)}/?token={DESIGNER}")
    await connected(page)
    long_words = "paint a misty harbour at dawn with red sailboats, gulls over the water and a lighthouse on the hill"
    await paint(page, long_words, 1, 4)
    second = card(page, 2)
    # at hand: Pick, Refine (with what to change), a download and the menu; every control says what it does
    visible = second.locator("button:visible, a.button:visible, input:visible")
    assert sorted(await visible.evaluate_all("(els) => els.map((e) => e.dataset.testid)")) == sorted(
        ["open-button", "prompt-toggle", "comment-input", "pick-button", "refine-button", "download-link",
         "card-menu-button"]
    )  # fmt: skip
    for testid in ("pick-button", "refine-button", "download-link", "card-menu-button", "open-button"):
        assert await second.get_by_test_id(testid).get_attribute("title"), testid

    await second.get_by_test_id("card-menu-button").click()
    await expect(second.get_by_test_id("card-menu")).to_be_visible()
    await expect(second.get_by_role("menuitem")).to_have_text(
        ["Love it (+2)", "Like it (+1)", "Neutral (0)", "Not quite (−1)", "Not this (−2)", "Branch from here",
         "Describe it", "Add the text as a comment", "Enlarge", "Compare…"]
    )  # fmt: skip
    assert not await accessibility_violations(page)
    await page.keyboard.press("ArrowDown")
    await page.keyboard.press("Enter")  # the second item: Like it (+1)
    await expect(second).to_have_attribute("data-rating", "1")
    await expect(second.get_by_test_id("card-menu")).to_be_hidden()

    # the whole prompt on demand
    prompt = second.get_by_test_id("draft-prompt")
    short = (await prompt.bounding_box() or {})["height"]
    await second.get_by_test_id("prompt-toggle").click()
    await expect(prompt).to_have_attribute("data-expanded", "true")
    assert (await prompt.bounding_box() or {})["height"] > short
    await expect(second.get_by_test_id("prompt-toggle")).to_have_attribute("aria-expanded", "true")

    async with page.expect_download() as download:
        await second.get_by_test_id("download-link").click()
    assert (await download.value).suggested_filename.startswith("studiolo-2-")
    assert (await download.value).suggested_filename.endswith(".png")

    # click the picture: the lightbox, previous / next, and two drafts side by side
    ids = [await card(page, n).get_attribute("data-draft-id") for n in range(1, 5)]
    await second.get_by_test_id("open-button").click()
    lightbox = page.get_by_test_id("lightbox")
    shown = page.get_by_test_id("lightbox-image")
    await expect(lightbox).to_be_visible()
    await expect(shown).to_have_attribute("data-draft-id", ids[1])
    await page.wait_for_function("() => document.querySelector('[data-testid=lightbox-image]').naturalWidth > 0")
    await page.get_by_test_id("lightbox-next").click()
    await expect(shown).to_have_attribute("data-draft-id", ids[2])
    await page.keyboard.press("ArrowLeft")
    await page.keyboard.press("ArrowLeft")
    await expect(shown).to_have_attribute("data-draft-id", ids[0])
    await expect(page.get_by_test_id("lightbox-title")).to_have_text("Draft #1")
    await page.get_by_test_id("lightbox-compare").select_option(ids[3])
    other = page.get_by_test_id("lightbox-other-image")
    await expect(other).to_have_attribute("data-draft-id", ids[3])
    left, right = await shown.bounding_box(), await other.bounding_box()
    assert left and right and left["x"] + left["width"] <= right["x"] and abs(left["y"] - right["y"]) < 40
    assert not await accessibility_violations(page)
    await page.keyboard.press("Escape")
    await expect(lightbox).to_be_hidden()

    await card(page, 3).get_by_test_id("card-menu-button").click()
    await card(page, 3).get_by_test_id("compare-button").click()  # compare: beside the current draft
    await expect(shown).to_have_attribute("data-draft-id", ids[2])
    await expect(other).to_have_attribute("data-draft-id", ids[3])


async def test_the_options_drawer_sends_only_what_was_set(server: StudioServer, page: Page) -> None:
    await page.goto(f"{base(server)}/?token={DESIGNER}")
    await connected(page)
    await expect(page.get_by_test_id("options-drawer")).to_be_hidden()
    await page.get_by_test_id("options-toggle").click()
    await expect(page.get_by_test_id("options-drawer")).to_be_visible()
    await expect(page.get_by_test_id("options-toggle")).to_have_attribute("aria-expanded", "true")
    assert not await accessibility_violations(page)

    await page.get_by_test_id("opt-n").select_option("2")
    await page.get_by_test_id("opt-seed").fill("42")
    await page.get_by_test_id("opt-exact").check()
    await expect(page.get_by_test_id("options-summary")).to_have_text("2 drafts · seed 42 · exact")

    async def said() -> dict[str, Any]:
        sent = await page.evaluate("window.__sent")
        return [m for m in sent if m["type"] == "say"][-1]

    await page.get_by_test_id("prompt-input").fill("paint a red kite")
    await page.get_by_test_id("send-button").click()
    await expect(page.get_by_test_id("prompt-input")).to_have_value("")
    assert (await said()) == {"type": "say", "text": "paint a red kite", "options": {"n": 2, "seed": 42, "exact": True}}
    await expect(page.get_by_test_id("draft-card")).to_have_count(2, timeout=PAINTING_S)  # two drafts, as set

    await page.get_by_test_id("opt-size").select_option("512")
    await page.get_by_test_id("opt-pattern").select_option("off")
    await page.get_by_test_id("opt-seed").fill("-3")  # not a seed: said so at the field, and nothing is sent
    await page.get_by_test_id("prompt-input").fill("paint a blue kite")
    await page.get_by_test_id("send-button").click()
    await expect(page.get_by_test_id("opt-seed")).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_test_id("opt-seed-error")).to_be_visible()
    assert (await said())["text"] == "paint a red kite"
    await page.get_by_test_id("opt-seed").fill("")
    await page.get_by_test_id("send-button").click()
    await expect(page.get_by_test_id("prompt-input")).to_have_value("")
    assert (await said())["options"] == {"n": 2, "size": 512, "pattern": False, "exact": True}

    await page.reload()  # the options stay with the browser, as a designer's settings do
    await connected(page)
    await expect(page.get_by_test_id("options-summary")).to_have_text("2 drafts · 512 px · no pattern · exact")
    await page.get_by_test_id("options-toggle").click()
    await page.get_by_test_id("opt-reset").click()  # let the artist decide: no options at all
    await expect(page.get_by_test_id("options-summary")).to_be_hidden()
    await page.get_by_test_id("prompt-input").fill("paint a green kite")
    await page.get_by_test_id("send-button").click()
    await expect(page.get_by_test_id("prompt-input")).to_have_value("")
    assert (await said()) == {"type": "say", "text": "paint a green kite"}


async def test_the_panes_stay_put_and_new_drafts_come_into_view_marked_new(
    server: StudioServer, browser: Browser
) -> None:
    context = await browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    try:
        page = await context.new_page()
        await page.goto(f"{base(server)}/?token={DESIGNER}")
        await connected(page)
        await paint(page, "paint a night garden with a moon", 1, 4)
        await paint(page, "now a desert at noon with cacti", 2, 8)
        await paint(page, "and a frozen lake under the aurora", 3, 12)
        # the page itself never scrolls: the header and the composer stay where they are
        assert await page.evaluate("() => document.scrollingElement.scrollHeight <= innerHeight && scrollY === 0")
        header = await page.locator("header.bar").bounding_box()
        composer = await page.get_by_test_id("composer").bounding_box()
        assert header and header["y"] == 0 and composer and composer["y"] + composer["height"] <= 900
        # the board scrolls by itself, and brought the newest draft into view
        pane = page.get_by_test_id("pane-drafts")
        assert await pane.evaluate("(el) => el.scrollHeight > el.clientHeight && el.scrollTop > 0")
        await expect(card(page, 12)).to_be_in_viewport()
        await expect(card(page, 12).get_by_test_id("new-badge")).to_be_visible()
        await expect(card(page, 12)).to_have_attribute("data-new", "true")
        await card(page, 12).hover()  # looked at: no longer new
        await expect(card(page, 12)).to_have_attribute("data-new", "false")
        await expect(card(page, 12).get_by_test_id("new-badge")).to_be_hidden()
        await pane.evaluate("(el) => { el.scrollTop = 0; }")
        assert await page.evaluate("() => scrollY === 0")
        await expect(page.get_by_test_id("prompt-input")).to_be_in_viewport()
        assert not await accessibility_violations(page)
    finally:
        await context.close()


async def test_on_a_phone_the_panes_are_tabs_and_the_composer_stays_at_the_bottom(
    server: StudioServer, browser: Browser
) -> None:
    context = await browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", is_mobile=True,
                                        has_touch=True)  # fmt: skip
    try:
        page = await context.new_page()
        await page.goto(f"{base(server)}/?token={DESIGNER}")
        await connected(page)
        tabs = page.get_by_role("tab")
        await expect(tabs).to_have_text(["Chat", "Drafts", "Lineage"])
        await expect(page.get_by_test_id("tab-chat")).to_have_attribute("aria-selected", "true")
        await paint(page, "paint flowers blooming on Venus", 1, 4)
        # no 6,400 px column: the page is one screen, the composer at its bottom
        assert await page.evaluate("() => document.scrollingElement.scrollHeight <= innerHeight")
        box = await page.get_by_test_id("composer").bounding_box()
        assert box and 844 - 20 <= box["y"] + box["height"] <= 844
        await expect(page.get_by_test_id("pane-drafts")).to_be_hidden()
        await expect(page.get_by_test_id("tab-drafts-new")).to_have_text("4 new")  # what arrived out of sight

        await page.get_by_test_id("tab-drafts").click()
        await expect(page.get_by_test_id("pane-drafts")).to_be_visible()
        await expect(page.get_by_test_id("pane-chat")).to_be_hidden()
        await expect(page.get_by_test_id("composer")).to_be_visible()
        width = (await card(page, 1).bounding_box() or {})["width"]
        assert width < 200  # two drafts a row
        assert not await accessibility_violations(page)
        await card(page, 1).get_by_test_id("open-button").click()  # looked at: one fewer new
        await expect(page.get_by_test_id("lightbox")).to_be_visible()
        await page.keyboard.press("Escape")
        await expect(page.get_by_test_id("tab-drafts-new")).to_have_text("3 new")

        await page.get_by_test_id("tab-lineage").click()
        await expect(page.get_by_test_id("pane-lineage")).to_be_visible()
        await expect(page.get_by_test_id("lineage-node")).to_have_count(4)
        await page.get_by_test_id("lineage-node").first.click()  # a node shows its draft on the drafts' tab
        await expect(page.get_by_test_id("tab-drafts")).to_have_attribute("aria-selected", "true")
        await expect(card(page, 1)).to_have_attribute("data-cursor", "true")
        await expect(card(page, 1)).to_be_in_viewport()
        assert await page.evaluate("() => document.scrollingElement.scrollHeight <= innerHeight")
    finally:
        await context.close()


async def test_the_pages_own_words_are_english_and_korean(server: StudioServer, page: Page) -> None:
    await page.goto(f"{base(server)}/?token={DESIGNER}")
    english, korean = await page.evaluate(
        "async () => { const m = await import('/web/i18n.js'); return [Object.keys(m.WORDS.en), Object.keys(m.WORDS.ko)]; }"
    )
    assert sorted(english) == sorted(korean)  # every word the page says, in both languages
    await connected(page)
    await paint(page, "paint a paper boat", 1, 4)
    await page.get_by_test_id("language-ko").click()
    await expect(page.get_by_test_id("options-toggle")).to_have_text("옵션")
    await expect(page.get_by_test_id("stage-link-button")).to_have_text("무대 링크 복사")
    await expect(page.get_by_test_id("upload-label")).to_contain_text("이미지")
    await expect(card(page, 1).get_by_test_id("refine-button")).to_have_text("다듬기")
    await expect(card(page, 1).get_by_test_id("download-link")).to_have_attribute("title", "내려받기")
    await card(page, 1).get_by_test_id("card-menu-button").click()
    await expect(card(page, 1).get_by_test_id("describe-button")).to_have_text("설명해 줘")
    await page.keyboard.press("Escape")
    await page.get_by_test_id("options-toggle").click()
    await page.get_by_test_id("opt-n").select_option("3")
    await expect(page.get_by_test_id("options-summary")).to_have_text("초안 3개")
    await expect(page.get_by_test_id("opt-n").locator("option").first).to_have_text("작가가 정함")
    assert not await accessibility_violations(page)
    await page.get_by_test_id("opt-reset").click()
    await page.get_by_test_id("language-en").click()
    await expect(page.get_by_test_id("options-toggle")).to_have_text("Options")


async def test_images_whose_signed_addresses_expired_are_signed_afresh(
    server: StudioServer, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with await Client.connect(f"ws://127.0.0.1:{server.port}/ws", token=DESIGNER) as painter:
        await painter.say("paint a kite over the dunes")
        await painter.until(lambda e: e.type == "job.finished", timeout=PAINTING_S / 1000)
        session = painter.session
    # the first address each draft is given has already expired, as when a page has been left open for hours
    real, signed = server.authority.draft_url, set()

    def expired_first(draft_id: str, ttl_s: int = 3600) -> str:
        first = draft_id not in signed
        signed.add(draft_id)
        return real(draft_id, ttl_s=-1 if first else ttl_s)

    monkeypatch.setattr(server.authority, "draft_url", expired_first)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        page = await context.new_page()
        await page.goto(f"{base(server)}/?token={DESIGNER}#session={session}")
        await expect(page.get_by_test_id("draft-card")).to_have_count(4)
        # the images fail once, the page reconnects, and the new welcome's addresses show them
        await page.wait_for_function("""() => [...document.querySelectorAll('img[data-draft]')]
                                           .every((img) => img.complete && img.naturalWidth > 0)""")  # fmt: skip
        welcomes = [e for e in await page.evaluate("window.studiolo.trace") if e["type"] == "welcome"]
        assert len(welcomes) == 2 and len(signed) == 4
        assert all("sig=" in src for src in await page.get_by_test_id("draft-image").evaluate_all(
            "(imgs) => imgs.map((img) => img.src)"))  # fmt: skip
        await connected(page)
        await expect(page.get_by_test_id("chat-error")).to_have_count(0)
    finally:
        await context.close()
