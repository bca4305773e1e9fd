"""The timeline as a journalist uses it, in real headless Chromium (Debian's, driven by Playwright).

Screenshots go to ``test-output/screenshots/`` for people to look at.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from kb.importer import import_files
from kb.sample import load_sample
from kb.store import open_store

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]
EVIL = """@prefix neg: <https://w3id.org/parley/ns#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix stmt: <https://w3id.org/parley/id/statement/> .
@prefix actor: <https://w3id.org/parley/id/actor/> .
stmt:test-evil a neg:Position ; neg:actor actor:ukraine ; neg:latest "2025-03-01"^^xsd:date ;
  neg:summary "<script>window.pwned = 1</script><b>bold</b> claim"@en ; prov:wasDerivedFrom <urn:test:src> .
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from webui import create_app

    assert Path(CHROMIUM).exists(), "the browser tests need Debian's chromium (scripts/test.sh installs it)"
    store = open_store("memory:")
    load_sample(store)
    evil = tmp_path_factory.mktemp("evil") / "evil.ttl"
    evil.write_text(EVIL)
    import_files(store, [str(evil)])
    app = create_app({"STORE": "memory:", "STORE_OBJECT": store})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    store.close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    yield page
    context.close()
    assert not errors, errors


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def items(page) -> list[str]:
    return page.locator("li.item").evaluate_all("els => els.map(e => e.id.slice(5))")


def test_timeline_filter_share_open_export(page, server, tmp_path):
    page.goto(server + "/")
    assert len(items(page)) == 36
    assert page.locator("h4.day-label", has_text="this weekend — 15–16 Mar 2025").is_visible()
    shot(page, "timeline")

    # Filter by an actor and a type: the script updates the list and the URL, no reload.
    page.evaluate("window.noReload = true")
    page.select_option("#f-actor", "actor:russia")
    page.wait_for_url("**actor=actor%3Arussia**")
    page.select_option("#f-kind", "neg:Rejection")
    page.wait_for_url("**kind=neg%3ARejection**")
    assert page.evaluate("window.noReload") is True
    filtered = items(page)
    assert len(filtered) == 3 and all("reject" in i or "rules-out" in i for i in filtered)
    assert page.locator("#f-kind option:checked").inner_text().startswith("rejection (3)")

    # A shared link reproduces the view exactly, in a fresh page.
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    assert items(other) == filtered
    other.close()

    # Back goes back to the unfiltered state.
    page.go_back()
    page.go_back()
    playwright_api.expect(page.locator("li.item")).to_have_count(36)

    # Expand an item: the quote is one click away.
    page.goto(server + "/?kind=neg:Visit")
    page.locator("li.item summary").first.click()
    assert page.get_by_text("Russia has not confirmed this information").is_visible()

    # Open the statement page.
    page.get_by_role("link", name="Statement page").click()
    page.wait_for_url("**/statement/2025-03-13-witkoff-expected-in-moscow-this-weekend")
    assert page.locator("h1").inner_text().startswith("US envoy Steve Witkoff")
    assert page.locator("#citation").is_visible()
    shot(page, "statement")

    # Export TimelineJS JSON for the current view and check it loads with the right events.
    page.goto(server + "/?actor=actor:ukraine")
    with page.expect_download() as download:
        page.get_by_role("link", name="TimelineJS").click()
    path = tmp_path / "timeline.json"
    download.value.save_as(path)
    data = json.loads(path.read_text())
    ids = {e["unique_id"] for e in data["events"]}
    assert "2025-03-13-ukraine-us-talks-next-week" in ids and "2025-03-13-lavrov-rejects-western-peacekeepers" not in ids
    assert len(ids) == len(items(page))


def test_pages_work_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/")
    page.select_option("#f-kind", "neg:Visit")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**kind=neg%3AVisit**")
    assert len(items(page)) == 1
    context.close()


def test_html_in_literals_shows_as_text(page, server):
    page.goto(server + "/?q=claim")
    summary = page.locator("li.item .summary-text").first
    assert summary.inner_text() == "<script>window.pwned = 1</script><b>bold</b> claim"
    assert page.evaluate("window.pwned") is None
    assert page.locator("li.item b").count() == 0


def test_keyboard_navigation(page, server):
    page.goto(server + "/?actor=actor:ukraine")
    page.keyboard.press("j")
    current = page.locator("li.item.kbd-current")
    assert current.count() == 1
    first_id = current.get_attribute("id")
    assert first_id == "item-" + items(page)[0]
    page.keyboard.press("o")
    assert page.locator(f"#{first_id} details").get_attribute("open") is not None
    page.keyboard.press("j")
    assert current.get_attribute("id") == "item-" + items(page)[1]


def test_phone_layout(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(server + "/")
    assert page.locator("details.filter-panel").get_attribute("open") is None  # results first
    assert page.locator("li.item").first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no sideways scrolling on a phone"
    shot(page, "timeline-phone")
    context.close()


def test_query_page_editor_runs_offline(page, server):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
    page.goto(server + "/query")
    assert page.locator(".CodeMirror").count() == 1, "the SPARQL editor (installed by scripts/assets.sh) loaded"
    page.evaluate("""() => { const cm = document.querySelector('.CodeMirror').CodeMirror;
        cm.setValue('SELECT ?s ?t WHERE { ?s a neg:Visit ; neg:dateText ?t }'); }""")
    page.get_by_role("button", name="Run").click()
    page.wait_for_url("**/query?query=**")
    cell = page.locator("table.results-table tbody tr td a").first
    assert "witkoff-expected-in-moscow" in cell.inner_text()
    cell.click()
    page.wait_for_url("**/statement/2025-03-13-witkoff-expected-in-moscow-this-weekend")
    shot(page, "query-result-link")
    assert outside == [], outside


REVIEW_TOKEN = "browser-test-token"
DRAFT_CALL = "draft-2025-03-13-russia-asks-us-for-ceasefire-details-02"


@pytest.fixture(scope="module")
def review_server():
    """A server with the sample, the drafts extraction would write for its article, and writes on."""
    from webui import create_app

    store = open_store("memory:")
    load_sample(store)
    import_files(store, [str(Path(__file__).resolve().parent / "data" / "drafts.trig")])
    app = create_app({"STORE": "memory:", "STORE_OBJECT": store, "WRITE_TOKEN": REVIEW_TOKEN})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    store.close()


def test_review_accepts_a_draft_into_the_record(page, review_server):
    expect = playwright_api.expect
    page.goto(review_server + "/")
    assert f"item-{DRAFT_CALL}" not in items(page), "a draft is not on the timeline"
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Review").click()
    page.get_by_role("link", name="Russia asks US to provide details before deciding on ceasefire in Ukraine").click()
    page.wait_for_url("**/review/2025-03-13-russia-asks-us-for-ceasefire-details")

    # The quote is highlighted in the article's text and leads to its draft.
    mark = page.locator(f"mark#quote-{DRAFT_CALL}")
    expect(mark).to_be_visible()
    assert mark.inner_text() == ("He also said that the Kremlin could arrange a phone call between Russian President "
                                 "Vladimir Putin and US President Donald Trump if necessary.")
    assert page.locator("mark.quote-span").count() == 4
    mark.get_by_role("link").click()
    page.wait_for_url(f"**#draft-{DRAFT_CALL}")
    card = page.locator(f"#draft-{DRAFT_CALL}")
    expect(card).to_contain_text("modality:could")
    expect(card).to_contain_text("from 13 Mar 2025")
    assert card.get_by_role("button", name="Accept").count() == 0, "writing needs a sign-in"
    shot(page, "review")

    page.get_by_label("Write token").fill(REVIEW_TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in with the write token.")).to_be_visible()
    card.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status").filter(has_text="Accepted into the record")).to_be_visible()
    expect(page.locator(f"#draft-{DRAFT_CALL}")).to_have_count(0)
    expect(page.locator("article.draft")).to_have_count(3)
    shot(page, "review-accepted")

    nav.get_by_role("link", name="Review").click()
    expect(page.locator("td.draft-count")).to_have_text("3")
    nav.get_by_role("link", name="Timeline").click()
    assert f"{DRAFT_CALL}" in items(page)
    page.goto(review_server + f"/statement/{DRAFT_CALL}")
    assert "reviewed" in page.locator("dl.fields").inner_text().lower()


def test_review_works_without_javascript(browser, review_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(review_server + "/review/2025-03-13-russia-asks-us-for-ceasefire-details")
    page.get_by_label("Write token").fill(REVIEW_TOKEN)
    page.get_by_role("button", name="Sign in").click()
    lavrov = page.locator("#draft-draft-2025-03-13-russia-asks-us-for-ceasefire-details-04")
    lavrov.get_by_text("Edit").click()
    lavrov.get_by_label("Actors").fill("Sergei Lavrov, Nobody Known")
    lavrov.get_by_role("button", name="Save changes").click()
    playwright_api.expect(page.get_by_role("alert")).to_contain_text("Nobody Known")
    lavrov.get_by_role("button", name="Reject").click()
    playwright_api.expect(page.get_by_role("status").filter(has_text="Rejected")).to_be_visible()
    playwright_api.expect(lavrov).to_have_count(0)
    context.close()
