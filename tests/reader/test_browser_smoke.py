"""The built paper opens in a real browser and its links work."""
from browser import serve_folder


def test_can_open_front_page_and_follow_headline_in_chromium(small_paper, page):
    small_paper.build()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    with serve_folder(small_paper.public) as base:
        page.goto(base + "index.html")
        assert page.title().startswith("第01版：一版要闻")
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.get_by_role("link", name="头条新闻").first.click()
        assert page.locator("h1").inner_text().startswith("头条新闻")
        assert page.url.endswith("2024-11-25/01/lead-story.html")
    assert errors == []
