"""The preview under a hostile web page and a careless disk: it answers only to its own address, it makes
again what was deleted from its output folder, and its 404 page leads somewhere."""
from __future__ import annotations

import re
import shutil
from urllib.parse import quote

import pytest

from epaper.commands.hostguard import host_allowed
from served import raw_get
from test_serve import live_paper, served  # noqa: F401  (fixtures)


DRAFT = "/2024-11-25/01/unfinished.html"


def test_a_request_naming_another_host_gets_no_draft(live_paper, served):
    s = served(live_paper)
    port = int(s.url.rstrip("/").rsplit(":", 1)[1])
    for good in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        status, body = raw_get(s.url, DRAFT, good)
        assert status == 200 and "还在写的稿子" in body, good
    for bad in (f"evil.example:{port}", "evil.example", f"127.0.0.1.nip.io:{port}", f"localhost:{port + 1}",
                f"attacker.localhost:{port}"):
        status, body = raw_get(s.url, DRAFT, bad)
        assert status == 403 and "还在写的稿子" not in body, bad
        assert f"answers only at http://127.0.0.1:{port}/" in body and "--host" in body
    # The websocket of live reload and the 404 page are guarded too.
    assert raw_get(s.url, "/livereload", f"evil.example:{port}")[0] == 403
    assert raw_get(s.url, "/no-such-page.html", f"evil.example:{port}")[0] == 403


@pytest.mark.parametrize("header, host, allowed", [
    ("127.0.0.1:8000", "127.0.0.1", True), ("localhost:8000", "127.0.0.1", True), ("[::1]:8000", "::1", True),
    ("[::1]:8000", "127.0.0.1", True), ("localhost.:8000", "127.0.0.1", True), ("localhost", "127.0.0.1", False),
    ("desk.newsroom.lan:8000", "desk.newsroom.lan", True), ("desk.newsroom.lan:8000", "127.0.0.1", False),
    ("192.168.1.20:8000", "0.0.0.0", True), ("192.168.1.20:8000", "127.0.0.1", False),
    ("evil.example:8000", "0.0.0.0", False), ("evil.example:8000", "::", False), (None, "127.0.0.1", True),
    ("127.0.0.1:80", "127.0.0.1", False), ("127.0.0.1:8000:1", "127.0.0.1", False), ("", "127.0.0.1", False),
])
def test_host_allowed(header, host, allowed):
    assert host_allowed(header, host, 8000) is allowed


def test_a_deleted_part_of_the_output_folder_is_made_again_by_the_next_save(live_paper, served):
    live_paper.write("content/2024-11-26/edition.yaml", "pages:\n  1: {name: 一版}\n")
    live_paper.article("2024-11-26/01/other.md", "title: 另一期的稿子\nauthors: [季远舟]")
    s = served(live_paper)
    lead, other = s.out / "2024-11-25/01/lead.html", s.out / "2024-11-26/01/other.html"
    shutil.rmtree(s.out / "2024-11-26")                 # an edition the next save does not touch
    lead.unlink()                                       # and one page of the edition it does
    (s.out / "archive/index.html").unlink()             # and the archive
    (s.out / "authors/季远舟/index.html").unlink()       # and an index only the untouched edition is in
    assert s.get("2024-11-26/01/other.html")[0] == 404
    live_paper.article("2024-11-25/01/unfinished.md", "title: 写完了\norder: 2\ndraft: true")
    s.wait_for_line(r"^Built \d", count=2)
    for path in ("2024-11-26/01/other.html", "2024-11-26/01/index.html", "2024-11-25/01/lead.html",
                 "archive/index.html", "authors/季远舟/index.html"):
        status, _, html = s.get(quote(path))
        assert status == 200, path
    assert "另一期的稿子" in other.read_text(encoding="utf-8") and "头条新闻" in lead.read_text(encoding="utf-8")
    assert "写完了" in s.get("2024-11-25/01/unfinished.html")[2]


def test_the_whole_output_folder_deleted_comes_back_on_the_next_save(live_paper, served):
    live_paper.write("content/2024-11-26/edition.yaml", "pages:\n  1: {name: 一版}\n")
    live_paper.article("2024-11-26/01/other.md", "title: 另一期的稿子")
    s = served(live_paper)
    shutil.rmtree(s.out)
    live_paper.article("2024-11-25/01/unfinished.md", "title: 写完了\norder: 2\ndraft: true")
    s.wait_for_line(r"^Built \d", count=2)
    assert s.get("2024-11-25/01/lead.html")[0] == 200 and "写完了" in s.get("2024-11-25/01/unfinished.html")[2]
    for path in ("assets/style.css", "2024-11-26/01/other.html", "archive/index.html", "indexes/index.html"):
        assert s.get(path)[0] == 200, path


def test_the_404_page_of_a_site_under_a_path_leads_to_the_preview(live_paper, served):
    live_paper.write("site.yaml", "name: 测试日报\nlanguage: zh-CN\nbase_url: https://example.com/paper/\n")
    s = served(live_paper)
    status, _, html = s.get("no-such-page.html")
    assert status == 404 and "页面不存在" in html
    links = re.findall(r'(?:href|src|action)="(/[^"]*)"', html)
    assert "/paper/archive/index.html" in links and len(links) >= 5
    for link in links:
        status, _, body = s.get(link.lstrip("/").split("?")[0])
        assert status == 200, link
    assert "明天的新闻" in s.get("paper/index.html")[2]          # the latest edition (the preview shows future ones)


def test_a_chinese_papers_preview_refuses_another_host_in_chinese(live_paper, served):
    s = served(live_paper, "--lang", "zh-CN")
    port = int(s.url.rstrip("/").rsplit(":", 1)[1])
    status, body = raw_get(s.url, DRAFT, f"evil.example:{port}")
    assert status == 403 and "还在写的稿子" not in body
    assert body == (f"403：这个预览只在 http://127.0.0.1:{port}/（或 http://localhost:{port}/）应答，不应答名称 "
                    f"'evil.example:{port}'：这样，把自己的域名指向本机的网页就读不到草稿。如果要用别的名称打开预览，"
                    "请加 --host NAME 启动它。\n")
