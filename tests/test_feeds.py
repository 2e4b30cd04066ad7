"""Publishable output: absolute addresses from base_url, fingerprinted assets, sitemaps, feeds, social tags."""
from __future__ import annotations

import re

from epaper.cli import main
from epaper.pipeline import BuildOptions, build
from linkcheck import broken_links, parse_html


def _stylesheet(html: str) -> str:
    return re.search(r'<link rel="stylesheet" href="([^"]+style[^"]*\.css)"', html).group(1)


def test_can_fingerprint_css_and_rename_it_when_it_changes(small_paper):
    small_paper.build()
    href = _stylesheet(small_paper.read("2024-11-25/01/index.html"))
    assert re.fullmatch(r"\.\./\.\./assets/style\.[0-9a-f]{12}\.css", href)
    first = href.removeprefix("../../")
    assert (small_paper.public / first).read_bytes() == (small_paper.root / "assets/style.css").read_bytes()
    assert not (small_paper.public / "assets/style.css").exists()

    with open(small_paper.root / "assets/style.css", "a", encoding="utf-8") as f:
        f.write("\n.kicker { color: teal; }\n")
    small_paper.build()
    second = _stylesheet(small_paper.read("2024-11-25/01/index.html")).removeprefix("../../")
    assert second != first and (small_paper.public / second).is_file()
    assert not (small_paper.public / first).exists()          # the old name is gone with the old file
    assert _stylesheet(small_paper.read("index.html")) == second
    assert broken_links(small_paper.public) == []


def test_html_keeps_its_name(small_paper):
    small_paper.build()
    assert (small_paper.public / "2024-11-25/01/lead-story.html").is_file()


def test_base_url_makes_canonical_absolute_but_links_stay_relative(small_paper):
    small_paper.write("site.yaml", "name: 测试日报\nbase_url: https://example.com/paper\n")
    small_paper.build()
    html = small_paper.read("2024-11-25/01/lead-story.html")
    assert '<link rel="canonical" href="https://example.com/paper/2024-11-25/01/lead-story.html">' in html
    assert 'class="back" href="../../2024-11-25/01/index.html"' in html
    links = [a.get("href", "") for tag, a in parse_html(html).tags if tag == "a"]
    assert links and not [h for h in links if "example.com" in h]


def test_build_base_url_option_overrides_site_yaml(small_paper, capsys):
    small_paper.write("site.yaml", "name: 测试日报\nbase_url: https://example.com/\n")
    assert main(["build", "--root", str(small_paper.root), "--quiet", "--jobs", "1",
                 "--base-url", "https://preview.example.org/p/"]) == 0
    assert 'href="https://preview.example.org/p/2024-11-25/01/index.html"' in small_paper.read("2024-11-25/01/index.html")


def test_errors_on_base_url_that_is_not_an_absolute_address(small_paper, capsys):
    assert main(["build", "--root", str(small_paper.root), "--quiet", "--base-url", "example.com"]) == 1
    err = capsys.readouterr().err
    assert "option 'base_url' given on the command line: expected an absolute http(s) address" in err
    small_paper.write("site.yaml", "name: 测试日报\nbase_url: /paper/\n")
    assert main(["build", "--root", str(small_paper.root), "--quiet"]) == 1
    assert "site.yaml:2: error: option 'base_url'" in capsys.readouterr().err
