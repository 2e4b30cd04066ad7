"""Fixtures: tiny papers written into a temporary folder, built with the project's own layouts."""
from __future__ import annotations

import os
import shutil
import textwrap
import time
from pathlib import Path

import pytest

from epaper.core.errors import SiteError
from epaper.engine.pipeline import BuildOptions, build

REPO = Path(__file__).resolve().parent.parent

# The tool's messages follow the paper's language, and the fixtures' papers are Chinese; the tests read the
# English wording unless they ask for another (tests/core/test_i18n.py).  Subprocesses inherit it.
os.environ.setdefault("EPAPER_LANG", "en")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """`make test` runs the whole suite: there, a test that skips (chromium or axe-core missing) fails."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("EPAPER_TEST_NO_SKIP") and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under `make test`, which runs everything: {report.longrepr}"


class Paper:
    """A paper in a temp folder: write files, build it, read what was built."""

    def __init__(self, root: Path):
        self.root = root
        self.public = root / "public"

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def article(self, rel: str, front: str, body: str = "正文第一段。\n") -> Path:
        return self.write(f"content/{rel}", f"---\n{textwrap.dedent(front).strip()}\n---\n\n{textwrap.dedent(body)}")

    def build(self, **options):
        return build(self.root, BuildOptions(jobs=1, **options))

    def build_fails(self, **options) -> SiteError:
        with pytest.raises(SiteError) as info:
            self.build(**options)
        return info.value

    def read(self, rel: str) -> str:
        return (self.public / rel).read_text(encoding="utf-8")

    def age(self, seconds: float = 10, paths=None) -> None:
        """Backdate `paths` (default: every file and folder of the paper), as if saved `seconds` ago:
        mtimes of the last 3 s are never trusted, so fresh files are read again on purpose."""
        past = time.time() - seconds
        for path in paths or [self.root, *self.root.rglob("*")]:
            os.utime(path, (past, past))

    def files(self) -> dict[str, bytes]:
        return {p.relative_to(self.public).as_posix(): p.read_bytes()
                for p in sorted(self.public.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True, scope="session")
def cache_key(tmp_path_factory) -> Path:
    """Builds sign their cache (epaper/core/trust.py) with a key of this test run's own, not the user's."""
    os.environ["EPAPER_KEY_FILE"] = str(tmp_path_factory.mktemp("key") / "cache.key")
    return Path(os.environ["EPAPER_KEY_FILE"])


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Path:
    """The demo paper of the repository built once per test run, as `build.py build` builds it (search
    index included), with fewer image sizes to keep it quick; returns its public/ folder."""
    import yaml

    root = tmp_path_factory.mktemp("demo")
    for name in ("content", "layouts", "assets"):
        shutil.copytree(REPO / name, root / name)
    config = yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))
    config.update(image_widths=[480], scan_widths=[240, 1000], image_formats=["jpeg"])
    (root / "site.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build(root, BuildOptions(jobs=2, search=True))
    return root / "public"


@pytest.fixture
def paper(tmp_path) -> Paper:
    """An empty paper with the project's layouts and assets and a two-page edition.yaml-less site."""
    root = tmp_path / "paper"
    root.mkdir()
    shutil.copytree(REPO / "layouts", root / "layouts")
    shutil.copytree(REPO / "assets", root / "assets")
    p = Paper(root)
    p.write("site.yaml", "name: 测试日报\nlanguage: zh-CN\nbase_url: https://paper.example.com/\n")
    return p


@pytest.fixture
def small_paper(paper) -> Paper:
    """Two editions; the latest has three pages, five articles, page names from edition.yaml."""
    paper.write("content/2024-11-24/edition.yaml", """
        number: "总第 99 期"
        pages:
          1: {name: 一版要闻}
    """)
    paper.article("2024-11-24/01/old-news.md", "title: 昨天的新闻\nauthors: 记者甲")
    paper.write("content/2024-11-25/edition.yaml", """
        number: "总第 100 期"
        pages:
          1: {name: 一版要闻}
          2: {name: 要闻}
          8: {name: 通辽}
    """)
    paper.article("2024-11-25/01/lead-story.md", """
        title: 头条新闻
        kicker: 引题文字
        subtitle: 副题文字
        authors: [本报记者 王海燕, 通讯员 李铭]
        order: 1
    """, "导语段落。\n\n**第一个小标题**\n\n正文段落。\n")
    paper.article("2024-11-25/01/second.md", "title: 第二篇\norder: 2")
    paper.article("2024-11-25/02/alpha.md", "title: 二版甲")
    paper.article("2024-11-25/02/beta.md", "title: 二版乙")
    paper.article("2024-11-25/brief.md", "title: 通辽简讯\npage: 8")
    return paper


@pytest.fixture
def zh():
    """The run's messages in Chinese, as for a zh-CN paper (`main([... "--lang", "zh-CN"])` chooses it too);
    the tests' English again afterwards."""
    from epaper.core import i18n

    i18n.use_language("zh-CN")
    yield
    i18n.use_language(os.environ["EPAPER_LANG"])


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole test session."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab (own context: no cookies or localStorage shared between tests)."""
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()
