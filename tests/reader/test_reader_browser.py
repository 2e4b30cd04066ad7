"""The reader's experience, proven in a real browser (Debian's chromium via Playwright) on the demo paper.

The demo (content/ and site.yaml at the repository root) is copied into a temporary folder and
built once for this module, with fewer image sizes than a real site so the build stays quick.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from browser import serve_folder
from conftest import REPO

AXE = REPO / "tests" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 860}


def follow(tab, link) -> None:
    """Click a link and wait for the page it leads to (reading the old page meanwhile would race)."""
    with tab.expect_navigation(wait_until="domcontentloaded"):
        link.click()


def _require(path: Path, why: str) -> None:
    if path.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{path} is missing: {why}")
    pytest.skip(f"{path} is missing: {why}")


@pytest.fixture(scope="module")
def site(demo):
    """The demo served over HTTP for the whole module; yields the base URL."""
    with serve_folder(demo) as base:
        yield base


@pytest.fixture
def tab(browser):
    """A desktop-sized tab that records console errors and failed requests; both must stay empty."""
    context = browser.new_context(viewport=DESKTOP)
    t = context.new_page()
    t.problems = []
    t.on("console", lambda m: t.problems.append(f"console: {m.text}") if m.type == "error" else None)
    t.on("pageerror", lambda e: t.problems.append(f"script error: {e}"))
    t.on("response", lambda r: t.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    yield t
    context.close()
    assert t.problems == []


def latest_edition(public: Path) -> Path:
    return max(p for p in public.iterdir() if re.fullmatch(r"\d{4}-\d\d-\d\d", p.name))


def articles_of(edition: Path) -> set[str]:
    return {p.relative_to(edition.parent).as_posix() for p in edition.glob("*/*.html") if p.name != "index.html"}


def rel(url: str, base: str) -> str:
    return url.removeprefix(base)


# --- moving through the paper -----------------------------------------------------------------

def test_can_walk_an_edition_by_next_article_from_first_to_last(demo, site, browser):
    edition = latest_edition(demo)
    context = browser.new_context(viewport=DESKTOP)
    context.route(re.compile(r"\.(jpe?g|webp|avif|png)$"), lambda route: route.abort())   # text is enough here
    tab = context.new_page()
    tab.goto(site + "index.html")
    follow(tab, tab.locator(".headlines .headline").first)
    seen = [rel(tab.url, site)]
    while (step := tab.locator(".article-steps a.next")).count():
        follow(tab, step)
        seen.append(rel(tab.url, site))
        assert len(seen) <= 200, "下一篇 goes round in a circle"
    assert tab.locator(".article-steps a.prev").count() == 1
    assert len(seen) == len(set(seen)), "an article came twice"
    assert set(seen) == articles_of(edition)
    context.close()


def test_can_page_and_read_with_the_arrow_keys(site, tab):
    tab.goto(site + "index.html")
    first_page = tab.locator("h1").inner_text()
    tab.keyboard.press("ArrowRight")
    tab.wait_for_url(re.compile(r"/02/index\.html$"))
    assert tab.locator("h1").inner_text().startswith("第02版")
    tab.keyboard.press("ArrowLeft")
    tab.wait_for_url(re.compile(r"/01/index\.html$"))
    assert tab.locator("h1").inner_text() == first_page

    follow(tab, tab.locator(".headlines .headline").nth(1))
    article = tab.url
    following = tab.locator(".article-steps a.next").get_attribute("href")
    tab.keyboard.press("ArrowRight")
    tab.wait_for_url(re.compile(re.escape(following.rsplit("/", 1)[-1]) + "$"))
    tab.keyboard.press("ArrowLeft")
    tab.wait_for_url(article)


def test_can_click_an_article_region_on_the_page_scan(site, tab):
    tab.goto(site + "index.html")
    region = tab.locator(".scan .region").first
    title = region.get_attribute("aria-label")
    named = tab.get_by_role("link", name=title, exact=True)            # a real link, the headline its name
    assert named.count() == 1 and named.get_attribute("class") == "region"
    follow(tab, region)
    assert tab.locator("h1#article-title").inner_text().startswith(title)


def test_headline_and_its_region_light_up_together(site, tab):
    tab.goto(site + "index.html")
    headline, region = tab.locator(".headlines .headline").first, tab.locator(".scan .region").first
    assert headline.get_attribute("data-article") == region.get_attribute("data-article")
    headline.hover()
    assert "active" in region.get_attribute("class")
    tab.mouse.move(0, 0)
    assert "active" not in region.get_attribute("class")
    region.focus()
    assert "active" in headline.get_attribute("class")


def test_every_control_is_reached_by_tab_with_a_visible_focus_ring(demo, site, tab):
    article = sorted(articles_of(latest_edition(demo)))[0]
    for path in ("index.html", article, "archive/index.html"):
        tab.goto(site + path)
        controls = tab.evaluate("""() => [...document.querySelectorAll('a[href], button')]
            .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
            .map((e, i) => { e.dataset.control = i; return i; }).length""")
        reached, without_ring = set(), []
        for _ in range(controls + 12):     # fields take stops of their own (a date field: day, month, year)
            tab.keyboard.press("Tab")
            control, ring = tab.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
                return [e.dataset.control, s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2]; }""")
            if control is not None:
                reached.add(control)
                if not ring:
                    without_ring.append(control)
        assert len(reached) == controls, f"{path}: Tab reaches {len(reached)} of {controls} controls"
        assert without_ring == [], f"{path}: no focus ring on controls {without_ring}"


# --- text size ----------------------------------------------------------------------------------

def body_text_size(tab) -> float:
    return tab.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)")


def test_text_size_steps_are_kept_across_pages_and_visits(site, browser):
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(site + "index.html")
    follow(tab, tab.locator(".headlines .headline").first)
    normal = body_text_size(tab)
    tab.get_by_role("button", name="菜单").click()             # on a phone the masthead's tools are in its menu
    tab.get_by_role("button", name="放大").click()
    tab.get_by_role("button", name="放大").click()
    bigger = body_text_size(tab)
    assert bigger > normal
    follow(tab, tab.locator(".article-steps a.next"))
    assert body_text_size(tab) == bigger                        # the next article
    tab.close()
    tab = context.new_page()                                    # a later visit
    tab.goto(site + "index.html")
    follow(tab, tab.locator(".headlines .headline").first)
    assert body_text_size(tab) == bigger
    tab.get_by_role("button", name="菜单").click()
    tab.get_by_role("button", name="缩小").click()
    assert normal < body_text_size(tab) < bigger
    tab.get_by_role("button", name="默认").click()
    assert body_text_size(tab) == normal
    tab.reload()
    assert body_text_size(tab) == normal
    context.close()


# --- phones -------------------------------------------------------------------------------------

def test_phone_has_no_horizontal_scroll_even_with_the_largest_text(demo, site, browser):
    article = sorted(articles_of(latest_edition(demo)))[0]
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    for big in (False, True):
        if big:
            tab.evaluate("localStorage.setItem('epaper-font-step', '6')")
        last_page = sorted(latest_edition(demo).glob("*/index.html"))[-1].relative_to(demo).as_posix()
        for path in ("index.html", last_page, article, "archive/index.html"):
            tab.goto(site + path)
            width = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert width[0] <= width[1], f"{path} scrolls sideways at 360 px (text step {6 if big else 0})"
    context.close()


def test_phone_shows_the_edition_as_a_strip_with_this_page_in_view(demo, site, browser):
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(site + latest_edition(demo).name + "/05/index.html")
    strip = tab.locator(".strip")
    assert strip.evaluate("s => s.scrollWidth > s.clientWidth * 5")          # the other pages sit beside it
    box, current = strip.bounding_box(), tab.locator(".strip .current").bounding_box()
    assert box["x"] <= current["x"] and current["x"] + current["width"] <= box["x"] + box["width"] + 1
    strip_bottom = box["y"] + box["height"]
    assert tab.locator(".headlines").bounding_box()["y"] >= strip_bottom       # headlines beneath the strip
    context.close()


def test_desktop_shows_scan_and_headlines_side_by_side(site, tab):
    tab.goto(site + "index.html")
    scan, headlines = tab.locator(".scan-box").bounding_box(), tab.locator(".headlines").bounding_box()
    assert headlines["x"] >= scan["x"] + scan["width"]
    assert abs(headlines["y"] - scan["y"]) < 100
    assert tab.locator(".strip-page:not(.current)").first.is_hidden()


# --- without JavaScript, printing, weight ----------------------------------------------------------

def test_works_without_javascript_except_text_size(site, browser):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site + "index.html")
    assert tab.locator(".font-size").is_hidden()
    follow(tab, tab.locator(".page-steps a.next"))
    assert re.search(r"/02/index\.html$", tab.url)
    follow(tab, tab.locator(".scan .region").first)
    assert tab.locator("h1#article-title").is_visible()
    assert tab.locator(".font-size").is_hidden()
    before = tab.url
    follow(tab, tab.locator(".article-steps a.next"))
    assert tab.url != before and tab.locator("h1#article-title").is_visible()
    follow(tab, tab.get_by_role("link", name="往期"))
    follow(tab, tab.locator(".edition-list a").last)
    assert tab.locator(".scan-box, .text-page").first.is_visible()
    context.close()


def test_printed_article_has_text_photos_with_credits_and_edition_in_footer(site, tab):
    tab.goto(site + "index.html")
    follow(tab, tab.locator(".headlines .headline").first)
    tab.emulate_media(media="print")
    for hidden in (".masthead-nav", ".font-size", ".edition-nav", ".article-steps", ".page-side", ".crumbs"):
        assert tab.locator(hidden).first.is_hidden(), hidden
    assert tab.locator("h1#article-title").is_visible() and tab.locator(".article-body").is_visible()
    photo = tab.locator(".photo").first
    assert photo.locator("img").is_visible() and "摄" in photo.locator(".credit").inner_text()
    footer = tab.locator(".site-footer").inner_text()
    assert re.search(r"\d{4}年\d+月\d+日", footer) and re.search(r"第\d\d版", footer)
    assert tab.pdf(format="A4")[:4] == b"%PDF"


def test_article_page_is_light_and_never_blocks_on_script_or_fonts(demo, site, tab):
    weights, fonts = {}, []
    tab.on("response", lambda r: weights.__setitem__(r.url, len(r.body()))
           if r.request.resource_type in ("document", "stylesheet", "script") else None)
    tab.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
    article = sorted(articles_of(latest_edition(demo)), key=lambda p: (demo / p).stat().st_size)[-1]
    tab.goto(site + article, wait_until="networkidle")
    assert sum(weights.values()) < 150_000, weights
    assert fonts == []
    head = (demo / article).read_text(encoding="utf-8").split("</head>")[0]
    assert re.findall(r"<script(?![^>]*\b(?:defer|async)\b)[^>]*\bsrc=", head) == []   # nothing blocks the page
    inline = re.findall(r"<script>(.*?)</script>", head, re.S)
    assert len(inline) == 1 and len(inline[0]) < 300


# --- every page, every view -----------------------------------------------------------------------

def test_no_demo_page_logs_an_error_or_misses_a_file(demo, site, tab):
    pages = sorted(p.relative_to(demo).as_posix() for p in demo.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        tab.goto(site + path, wait_until="load")
    # the `tab` fixture asserts that no console error, script error or HTTP error happened


@pytest.mark.parametrize("view", ["index.html", "article", "archive/index.html", "archive/year", "search/index.html?q=草原",
                                  "indexes/index.html", "sections", "photographers", "404.html"])
def test_axe_finds_no_serious_accessibility_problem(demo, site, tab, view):
    _require(AXE, "run `npm ci --prefix tests` to install axe-core")
    path = {"article": lambda: sorted(articles_of(latest_edition(demo)))[0],
            "archive/year": lambda: f"archive/{latest_edition(demo).name[:4]}/index.html",
            "sections": lambda: next((demo / "sections").glob("*/index.html")).relative_to(demo).as_posix(),
            "photographers": lambda: next((demo / "photographers").glob("*/index.html")).relative_to(demo).as_posix(),
            }.get(view, lambda: view)()
    for viewport in (DESKTOP, PHONE):
        tab.set_viewport_size(viewport)
        tab.goto(site + path)
        if path.startswith("search/"):
            tab.locator(".pagefind-ui__result").first.wait_for()
        tab.add_script_tag(path=str(AXE))
        result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], f"{path} at {viewport['width']} px"


# --- the article view: photos, lightbox, masthead -------------------------------------------------

@pytest.fixture
def five_photos(paper):
    """A paper whose one article has five photos and a long first paragraph; yields its served URL."""
    from PIL import Image

    images = ""
    for i in range(5):
        path = paper.root / "content/2024-11-25/01" / f"p{i}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (1600, 1067), (40 * i, 120, 160)).save(path, quality=60)
        images += f"\n  - {{file: p{i}.jpg, caption: 第{i + 1}幅照片的说明文字，写得长一些。, credit: 摄影记者}}"
    paper.article("2024-11-25/01/story.md", f"title: 初雪里的北疆城乡\nkicker: 视界\nsubtitle: 五幅照片的稿件\n"
                  f"authors: [本报记者 甲, 本报记者 乙]\nimages:{images}",
                  "第一段正文" + "。文字" * 80 + "\n\n第二段正文。\n\n第三段正文。\n")
    paper.build()
    with serve_folder(paper.public) as base:
        yield base + "2024-11-25/01/story.html"


def test_five_photo_article_starts_its_text_on_the_first_phone_screen(five_photos, browser):
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(five_photos)
    first = tab.locator(".article-body p").first
    assert "第一段正文" in first.inner_text()
    assert first.bounding_box()["y"] < PHONE["height"] - 40
    masthead = tab.locator(".masthead").bounding_box()
    assert masthead["height"] <= 56
    tab.mouse.wheel(0, 1500)
    tab.wait_for_timeout(200)
    assert tab.locator(".masthead").bounding_box()["y"] == 0              # it stays at the top
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    tab.get_by_role("button", name="菜单").click()
    for name in ("往期", "搜索", "放大"):
        assert tab.get_by_role("link", name=name).or_(tab.get_by_role("button", name=name)).first.is_visible()
    tab.keyboard.press("Escape")
    assert tab.locator("#site-menu").is_hidden()
    context.close()


def test_lightbox_opens_steps_and_closes_with_the_keyboard(five_photos, browser):
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(five_photos)
    opener = tab.locator(".photo a.enlarge").first
    opener.focus()
    tab.keyboard.press("Enter")
    dialog = tab.get_by_role("dialog", name="图片浏览")
    assert dialog.is_visible()
    assert tab.evaluate("document.activeElement.closest('dialog') !== null")          # focus moved in
    img = dialog.locator("img")
    assert re.search(r"/p0\.\w+\.1600\.jpg$", img.get_attribute("src"))          # the full size
    assert "第 1 张，共 5 张" in dialog.locator(".lightbox-caption").inner_text()
    assert "第1幅照片" in dialog.locator(".lightbox-caption").inner_text()
    tab.keyboard.press("ArrowRight")
    assert "第 2 张，共 5 张" in dialog.locator(".lightbox-caption").inner_text()
    assert tab.url == five_photos                                   # ← / → step photos, not articles
    tab.keyboard.press("ArrowLeft")
    tab.keyboard.press("ArrowLeft")
    assert "第 5 张" in dialog.locator(".lightbox-caption").inner_text()
    tab.keyboard.press("Escape")
    assert dialog.is_hidden()
    assert tab.evaluate("document.activeElement.classList.contains('enlarge')")        # focus went back
    tab.locator(".gallery a.enlarge").nth(1).click()
    assert "第 3 张" in dialog.locator(".lightbox-caption").inner_text()
    stage = dialog.locator(".lightbox-stage").bounding_box()             # a swipe to the left: the next photo
    y = stage["y"] + stage["height"] / 2
    tab.mouse.move(stage["x"] + stage["width"] * 0.7, y)
    tab.mouse.down()
    tab.mouse.move(stage["x"] + stage["width"] * 0.3, y, steps=5)
    tab.mouse.up()
    assert "第 4 张" in dialog.locator(".lightbox-caption").inner_text() and dialog.is_visible()
    tab.get_by_role("button", name="关闭").click()
    assert dialog.is_hidden() and errors == []
    context.close()


def test_date_picker_goes_to_the_edition_or_to_its_year_in_the_archive(demo, site, browser):
    day = latest_edition(demo).name
    context = browser.new_context(viewport=DESKTOP)      # its asking for a missing day is a 404 on purpose
    tab = context.new_page()
    tab.goto(site + "archive/index.html")

    def jump(date: str) -> None:
        tab.locator("#date-jump").fill(date)
        with tab.expect_navigation(wait_until="domcontentloaded"):
            tab.locator(".date-jump button").click()
    jump(day)
    assert rel(tab.url, site) == f"{day}/index.html" and tab.locator(".scan-box, .text-page").first.is_visible()
    jump(f"{day[:4]}-01-01")                    # no edition that day: the year's page, at its month
    assert rel(tab.url, site) == f"archive/{day[:4]}/index.html#m-{day[:4]}-01"
    jump("1990-05-01")                          # no edition that year: the archive
    assert rel(tab.url, site) == "archive/index.html"
    context.close()


def test_date_picker_without_javascript_leads_through_the_archive_to_any_edition(demo, site, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site + "index.html")
    tab.get_by_role("button", name="菜单").click()
    tab.locator("#date-jump").fill("2020-01-01")
    follow(tab, tab.locator(".date-jump button"))
    assert "archive/index.html" in tab.url
    oldest = min(p.name for p in demo.iterdir() if re.fullmatch(r"\d{4}-\d\d-\d\d", p.name))
    follow(tab, tab.locator(".year-list a.year").last)
    follow(tab, tab.locator(f'.month a[href$="{oldest}/01/index.html"]'))
    assert tab.locator(f'time[datetime="{oldest}"]').first.count() == 1
    context.close()


# --- touch: visible regions, swiping the strip ----------------------------------------------------

def test_touch_screen_shows_the_regions_without_hovering(demo, site, browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.goto(site + latest_edition(demo).name + "/01/index.html")
    assert tab.evaluate("matchMedia('(hover: none)').matches")
    color = tab.locator(".scan .region").first.evaluate("r => getComputedStyle(r).borderTopColor")
    assert color not in ("rgba(0, 0, 0, 0)", "transparent")
    context.close()


def test_swiping_the_strip_makes_the_next_page_the_one_being_read(demo, site, browser):
    edition = latest_edition(demo).name
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.goto(site + edition + "/05/index.html")
    before = tab.locator(".page-side .headlines").inner_text()
    tab.locator(".strip").evaluate("s => s.scrollBy({left: s.querySelector('.current').offsetWidth + 10})")
    tab.wait_for_function("document.querySelector('#page-title').textContent.startsWith('第06版')")
    assert rel(tab.url, site) == f"{edition}/06/index.html"
    assert tab.locator(".page-side .headlines").inner_text() != before
    six = (demo / edition / "06/index.html").read_text(encoding="utf-8")
    first = re.search(r'class="headline" href="[^"]*" data-article="([^"]+)"', six).group(1)
    assert tab.locator(f'.page-side .headline[data-article="{first}"]').count() == 1
    assert tab.locator(".page-list [aria-current]").inner_text().startswith("第06版")
    # the regions of page 6 are on its scan now, and its 上一版 leads back to page 5
    follow(tab, tab.locator(".page-steps a.prev"))
    assert rel(tab.url, site) == f"{edition}/05/index.html"
    context.close()


def test_a_page_without_a_scan_shows_its_headlines_in_the_strip(demo, site, browser):
    scanless = next(p for p in sorted(demo.glob("*/*/index.html"))
                    if 'class="strip-text"' in p.read_text(encoding="utf-8"))
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(site + scanless.relative_to(demo).as_posix())
    tile = tab.locator(".strip-text").first
    tile.scroll_into_view_if_needed()
    assert tile.locator("ol li").count() >= 1 and tile.bounding_box()["height"] > 200
    assert tile.locator("ol a").first.get_attribute("href").endswith(".html")
    context.close()


# --- the page reader: zoom ---------------------------------------------------------------------------

def _visible_middle(tab, locator) -> tuple[float, float]:
    """The middle of the part of `locator` inside the zoomed viewer (a region may reach far outside it)."""
    box, view = locator.bounding_box(), tab.locator(".zoom-viewer").bounding_box()
    x0, y0 = max(box["x"], view["x"]), max(box["y"], view["y"])
    x1 = min(box["x"] + box["width"], view["x"] + view["width"])
    y1 = min(box["y"] + box["height"], view["y"] + view["height"])
    assert x1 > x0 and y1 > y0, "the region is out of view"
    return (x0 + x1) / 2, (y0 + y1) / 2


def test_zoomed_page_keeps_its_regions_exact_and_clickable(demo, site, tab):
    edition = latest_edition(demo).name
    tab.goto(site + edition + "/08/index.html")
    region = tab.locator(".scan .region").first
    href, before = region.get_attribute("href"), region.bounding_box()
    scan = tab.locator(".scan-box").bounding_box()
    tab.keyboard.press("+")
    tab.wait_for_selector(".zoom-viewer canvas")
    tab.wait_for_timeout(800)                  # the zoom's animation
    after = region.bounding_box()
    assert after["width"] > before["width"] * 1.8
    # still exact: the region's share of the image is what it was (its scale is the image's)
    assert abs(after["width"] / after["height"] - before["width"] / before["height"]) < 0.02
    tiles = tab.evaluate("performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('.iiif/'))")
    assert any(n.endswith("/info.json") for n in tiles) and any(n.endswith("/default.jpg") for n in tiles)
    x, y = _visible_middle(tab, region)
    assert tab.evaluate(f"document.elementFromPoint({x}, {y}).classList.contains('region')")
    with tab.expect_navigation(wait_until="domcontentloaded"):
        tab.mouse.click(x, y)
    assert tab.url.endswith(href.split("/")[-1])
    tab.go_back(wait_until="domcontentloaded")
    tab.keyboard.press("+")
    tab.wait_for_selector(".zoom-viewer canvas")
    tab.keyboard.press("0")                     # back to the plain image, regions where they were
    assert tab.locator(".zoom-viewer").count() == 0
    again = tab.locator(".scan .region").first.bounding_box()
    assert abs(again["x"] - before["x"]) < 1 and abs(again["width"] - before["width"]) < 1
    assert abs(tab.locator(".scan-box").bounding_box()["height"] - scan["height"]) < 1


def test_zoom_by_wheel_and_double_click(demo, site, tab):
    tab.goto(site + latest_edition(demo).name + "/08/index.html")
    box = tab.locator(".scan-box").bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.keyboard.down("Control")
    tab.mouse.wheel(0, -200)
    tab.keyboard.up("Control")
    tab.wait_for_selector(".zoom-viewer canvas")
    zoom = tab.evaluate("() => new Promise(r => setTimeout(() => r(document.querySelector('.region').getBoundingClientRect().width), 600))")
    tab.mouse.wheel(0, -300)                    # now the viewer's own wheel zoom
    tab.wait_for_timeout(800)
    assert tab.locator(".scan .region").first.bounding_box()["width"] > zoom * 1.2
