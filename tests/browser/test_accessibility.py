"""WCAG 2.2 AA checked by axe-core in headless Chromium on one page of every kind (see
`helpers.page_types`), at 360 px and 1280 px, in the light and the dark colour scheme —
plus what axe cannot see: keyboard use (skip link, focus order, visible focus), pages read
without JavaScript, no request leaves the site, the Content-Security-Policy holds, and dark
mode, reduced motion and the print stylesheet work.

One browser and one tab per combination keep the run short: every page is loaded, checked
and left in the same tab."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit

import pytest

from helpers import DEMO_EPOCH, ROOT, page_types, page_url

SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(scope="module")
def kinds(demo_build) -> dict[str, str]:
    return page_types(demo_build)


def violations(axe, page) -> list[str]:
    results = axe.run(page, options=AXE_OPTIONS).response
    return [f"{v['id']} ({v['impact']}) en {node['target']}: {' '.join(node['failureSummary'].split())}"
            for v in results["violations"] for node in v["nodes"]]


def test_axe_reports_a_known_violation(browser, axe):
    """The checker itself works offline and with these tags: a page with an image without
    text alternative, a low-contrast paragraph and an unlabelled field is caught."""
    page = browser.new_page()
    page.set_content('<!doctype html><html lang="es"><head><title>Prueba</title></head><body><main>'
                     '<h1>Prueba</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                     '<p style="color:#bbb;background:#fff">Texto tenue</p><input type="text"></main></body></html>')
    found = {line.split()[0] for line in violations(axe, page)}
    page.close()
    assert {"image-alt", "color-contrast", "label"} <= found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_every_kind_of_page_has_no_axe_violations(browser, demo_server, kinds, axe, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    found = []
    for name, rel in kinds.items():
        page.goto(demo_server + page_url(rel), wait_until="load")
        found += [f"{name} ({page_url(rel)}): {line}" for line in violations(axe, page)]
        if width == 360 and scheme == "dark":
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}-360-oscuro.png"), full_page=True)
    context.close()
    assert found == [], "\n".join(found)


def test_pages_read_without_javascript_and_request_nothing_from_another_host(browser, demo_server, kinds):
    """Each kind of page shows the same main content with JavaScript off as with it on, and
    every request it makes (styles, images, icons…) goes to the site's own server."""
    own = urlsplit(demo_server).netloc
    requests: list[str] = []
    texts = {}
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript, viewport={"width": 360, "height": 800})
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        if javascript:  # read on the day it was built: no notice that its statuses are days old (test_stale.py)
            page.clock.set_fixed_time(datetime.fromtimestamp(int(DEMO_EPOCH), timezone.utc))
        for name, rel in kinds.items():
            page.goto(demo_server + page_url(rel), wait_until="load")
            heading = page.locator("main h1")
            assert heading.count() == 1 and heading.inner_text().strip(), f"{name}: sin <h1> en <main>"
            # what the page says, without the controls a script adds to it (data-mejora)
            texts.setdefault(name, []).append(page.eval_on_selector(
                "main", "m => { const c = m.cloneNode(true); c.querySelectorAll('[data-mejora]').forEach(e => e.remove());"
                        " return c.textContent.replace(/\\s+/g, ' ').trim(); }"))
        context.close()
    for name, (with_js, without_js) in texts.items():
        assert len(without_js) > 40, f"{name}: contenido principal casi vacío sin JavaScript"
        assert with_js == without_js, f"{name}: el contenido cambia si JavaScript está apagado"
    foreign = sorted({u for u in requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != own})
    assert foreign == []
    assert len(requests) > 2 * len(kinds)  # the listener saw the pages and their styles


def test_no_page_breaks_its_content_security_policy(browser, demo_server, kinds):
    context = browser.new_context()
    page = context.new_page()
    messages: list[str] = []
    current = {"name": ""}
    page.on("console", lambda msg: messages.append(f"{current['name']}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: messages.append(f"{current['name']}: {error}"))
    for name, rel in kinds.items():
        current["name"] = name
        page.goto(demo_server + page_url(rel), wait_until="load")
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert "script-src 'self' 'wasm-unsafe-eval'" in policy, name
    context.close()
    assert messages == []


def test_content_security_policy_blocks_inline_and_remote_scripts(browser, demo_server, demo_build):
    """A page of the site with an inline script, an inline style and a remote script slipped
    in (as a hostile edit would): none of them takes effect."""
    html = (demo_build / "index.html").read_text(encoding="utf-8")
    hostile = html.replace("</main>", '<p id="objetivo" style="color: rgb(255, 0, 0)">x</p>'
                                      '<script>document.title = "inyectado"</script>'
                                      '<script src="https://cdn.example.com/x.js"></script>'
                                      '<style>body { background: rgb(255, 0, 0) }</style></main>')
    assert hostile != html
    context = browser.new_context()
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.route(demo_server + "prueba-csp/", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=hostile))
    page.route("https://cdn.example.com/**", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body='document.title = "remoto"'))
    page.goto(demo_server + "prueba-csp/", wait_until="load")
    title = page.title()
    color = page.evaluate("getComputedStyle(document.getElementById('objetivo')).color")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    assert title not in ("inyectado", "remoto")
    assert color != "rgb(255, 0, 0)" and background != "rgb(255, 0, 0)"
    assert len(blocked) >= 3, blocked


def _luminance(css_color: str) -> float:
    r, g, b = (int(float(c)) for c in css_color[css_color.index("(") + 1:].rstrip(")").split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_dark_mode_follows_the_system_setting(browser, demo_server):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(demo_server, wait_until="load")
        colours[scheme] = page.evaluate("[getComputedStyle(document.body).backgroundColor,"
                                        " getComputedStyle(document.body).color]")
        context.close()
    assert _luminance(colours["light"][0]) > 0.9 and _luminance(colours["light"][1]) < 0.2
    assert _luminance(colours["dark"][0]) < 0.15 and _luminance(colours["dark"][1]) > 0.8


def test_reduced_motion_turns_transitions_off(browser, demo_server):
    durations = {}
    for motion in ("no-preference", "reduce"):
        context = browser.new_context(reduced_motion=motion)
        page = context.new_page()
        page.goto(demo_server, wait_until="load")
        durations[motion] = page.evaluate(
            "[...document.querySelectorAll('a')].map(a => getComputedStyle(a).transitionDuration)")
        context.close()
    assert any(d != "0s" for d in durations["no-preference"])
    assert set(durations["reduce"]) == {"0s"}


def test_print_stylesheet_hides_navigation_and_prints_black_on_white(browser, demo_server, kinds):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 800, "height": 1100}, color_scheme="dark")
    page = context.new_page()
    page.emulate_media(media="print")
    for name in ("inicio", "compromisos-x"):
        page.goto(demo_server + page_url(kinds[name]), wait_until="load")
        shown = page.evaluate("""() => {
            const style = sel => getComputedStyle(document.querySelector(sel));
            return {menu: style('.menu').display, skip: style('.saltar').display,
                    text: style('body').color, background: style('body').backgroundColor,
                    link: style('main a').color};
        }""")
        page.screenshot(path=str(SHOTS / f"{name}-impresion.png"), full_page=True)
        assert shown == {"menu": "none", "skip": "none", "text": "rgb(0, 0, 0)",
                         "background": "rgb(255, 255, 255)", "link": "rgb(0, 0, 0)"}, name
    pdf = page.pdf(format="A4")
    context.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


FOCUS_STATE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {tag: el.tagName.toLowerCase(), cls: el.className, id: el.id, tabindex: el.tabIndex,
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
            inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                    && box.top < innerHeight && box.left < innerWidth};
}"""


def test_keyboard_skip_link_and_visible_focus_on_every_kind_of_page(browser, demo_server, kinds):
    """Tab first reaches the skip link, visible on screen; Tab then reaches every link and
    control in document order (no positive tabindex), each showing a focus outline at least
    2 px wide; the skip link takes focus to the main content."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    problems = []
    for name, rel in kinds.items():
        page.goto(demo_server + page_url(rel), wait_until="load")
        focusable = page.evaluate("""[...document.querySelectorAll(
            'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
            .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden'
                         && !e.closest('details:not([open]) > :not(summary)')).length""")
        positive = page.evaluate("[...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).length")
        if positive:
            problems.append(f"{name}: {positive} elements with a positive tabindex change the focus order")
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUS_STATE)
        if first["cls"] != "saltar" or not first["inView"] or not first["outline"]:
            problems.append(f"{name}: the first Tab reaches {first}, not a visible skip link")
        seen = 1
        for _ in range(focusable + 5):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            if state["tag"] == "body" or state["cls"] == "saltar":  # left the page, or wrapped round
                break
            seen += 1
            if not state["outline"]:
                problems.append(f"{name}: no visible focus outline on {state}")
        if seen != focusable:
            problems.append(f"{name}: Tab reaches {seen} of the {focusable} links and controls")
        page.focus(".saltar")
        page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.id") != "contenido":
            problems.append(f"{name}: the skip link does not take focus to <main id=contenido>")
    context.close()
    assert problems == [], "\n".join(problems)
