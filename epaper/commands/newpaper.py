"""`epaper init PAPER`: a new paper's folder that builds at once.

A commented site.yaml, one sample edition dated today (two pages, three articles, one photo drawn here,
so no network is needed), empty layouts/ and assets/ for files that override the theme's, and a
.gitignore for what the build makes.  The caller refuses a folder that is not empty; nothing here
overwrites a file.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..config import today_for_build

__all__ = ["init_paper", "site_yaml", "SAMPLES"]

TIMEZONES = {"zh-CN": "Asia/Shanghai", "en": ""}


@dataclass(frozen=True)
class Sample:
    """The sample edition's words in one language."""
    pages: tuple[str, str]
    articles: tuple[tuple[int, str, str, str], ...]      # (page, file name, front matter, body)
    caption: str
    credit: str


SAMPLES = {
    "zh-CN": Sample(
        pages=("一版要闻", "综合"),
        articles=(
            (1, "welcome", "title: 本报数字版今日上线\nkicker: 样稿\nauthors: [本报记者 编辑部]\norder: 1\n"
                           "images:\n  - file: sample-photo.jpg\n    caption: 样图：用 epaper 绘制的示意图。\n"
                           "    credit: 编辑部",
             "这是 `epaper init` 写下的样稿。把它换成当天的稿件，然后运行 `epaper build`。\n\n"
             "## 怎样写稿\n\n每篇稿件是一个 Markdown 文件，开头的 front matter 写标题、作者和图片。\n"),
            (1, "how-to", "title: 三步出一期报纸\norder: 2",
             "一、在 content/ 下为每期建一个日期文件夹。\n\n二、每个版面一个子文件夹。\n\n三、运行 `epaper serve` 预览。\n"),
            (2, "notice", "title: 编辑部启事\nauthors: [编辑部]",
             "欢迎读者来信来稿。这一版是样稿的第二版。\n"),
        ),
        caption="样图", credit="编辑部"),
    "en": Sample(
        pages=("Front page", "News"),
        articles=(
            (1, "welcome", "title: Our digital edition starts today\nkicker: Sample article\n"
                           "authors: [The newsroom]\norder: 1\n"
                           "images:\n  - file: sample-photo.jpg\n    caption: A sample picture drawn by epaper.\n"
                           "    credit: The newsroom",
             "`epaper init` wrote this sample. Replace it with today's articles, then run `epaper build`.\n\n"
             "## How to write an article\n\nEach article is a Markdown file; its front matter holds the "
             "headline, the authors and the photos.\n"),
            (1, "how-to", "title: An edition in three steps\norder: 2",
             "First, make a folder named after the edition's date in content/.\n\nSecond, a folder for each "
             "page.\n\nThird, run `epaper serve` to preview.\n"),
            (2, "notice", "title: A note from the editors\nauthors: [The editors]",
             "Letters and tips are welcome. This is the second page of the sample.\n"),
        ),
        caption="A sample picture", credit="The newsroom"),
}


# The comments of the new site.yaml, in the paper's language: the night desk reads them first.
_SITE_COMMENTS = {
    "en": ("The paper's settings.  Every option, with its default: see the site.yaml reference in the documentation.",
           "reader's interface and the tool's messages: zh-CN or en",
           "public address: needed for feeds, sitemaps and canonical links",
           "an edition is published from 00:00 of its date here",
           "One sentence about the paper, for search engines and feeds.",
           "another theme's folder; the paper's layouts/ and assets/ override it file by file"),
    "zh-CN": ("报纸的设置。所有选项及其默认值：见文档中的 site.yaml 参考。",
              "读者界面和本工具提示信息的语言：zh-CN 或 en",
              "网站的公开地址：订阅、sitemap 和规范链接都需要它",
              "每期报纸从其日期的 00:00（此时区）起发布",
              "一句话介绍这份报纸，供搜索引擎和订阅使用。",
              "另一个主题的文件夹；报纸自己的 layouts/ 和 assets/ 逐个文件覆盖它"),
}


def site_yaml(name: str, language: str) -> str:
    """The new paper's site.yaml: the options a paper sets first, the others named in comments."""
    zone = TIMEZONES.get(language, "")
    head, lang, address, published, description, theme = _SITE_COMMENTS.get(language, _SITE_COMMENTS["en"])
    return f"""\
# {head}
name: {json.dumps(name, ensure_ascii=False)}
language: {language}                  # {lang}
# base_url: https://paper.example.com/  # {address}
{'' if zone else '# '}timezone: {zone or 'Asia/Shanghai'}             # {published}
# description: {description}
# theme: ""                         # {theme}
# image_widths: [480, 960, 1600]
# deploy: {{bucket: my-paper, prefix: "", endpoint_url: "", region: ""}}
"""


def init_paper(folder: Path, name: str, language: str, today: dt.date | None = None) -> list[Path]:
    """Write the new paper into `folder` (created if missing); return what was created, in order."""
    sample = SAMPLES[language]
    day = (today or today_for_build(TIMEZONES.get(language, ""))).isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    created = [_write(folder / "site.yaml", site_yaml(name, language)),
               _write(folder / ".gitignore", "# What `epaper build` makes: rebuilt from the sources at any time.\n"
                                             "public/\n.cache/\n")]
    for override in ("layouts", "assets"):
        (folder / override).mkdir()
        # git keeps no empty folder; a hidden file is neither a layout nor a published asset
        _write(folder / override / ".gitkeep", "")
        created.append(folder / override)
    edition = folder / "content" / day
    pages = "\n".join(f"  {n}: {{name: {page}}}" for n, page in enumerate(sample.pages, 1))
    created.append(_write(edition / "edition.yaml", f"number: \"1\"\npages:\n{pages}\n"))
    for page, slug, front, body in sample.articles:
        created.append(_write(edition / f"{page:02d}" / f"{slug}.md", f"---\n{front}\n---\n\n{body}"))
    created.append(_draw_photo(edition / "01" / "sample-photo.jpg"))
    return created


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as f:       # never overwrite
        f.write(text)
    return path


def _draw_photo(path: Path) -> Path:
    """A landscape drawn with Pillow: sky, sun, hills and a field (no download, no bundled file)."""
    from PIL import Image, ImageDraw

    width, height = 1200, 800
    image = Image.new("RGB", (width, height), (135, 185, 230))
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):                       # the sky lightens towards the horizon
        shade = 185 + y * 50 // (height // 2)
        draw.line([(0, y), (width, y)], fill=(135 + y // 8, min(shade, 235), 235))
    draw.ellipse([880, 90, 1020, 230], fill=(255, 214, 90))
    draw.polygon([(0, 470), (260, 300), (520, 460), (780, 320), (1200, 480), (1200, 800), (0, 800)], fill=(92, 140, 80))
    draw.rectangle([0, 560, width, height], fill=(196, 164, 84))
    for x in range(-200, width, 60):                   # furrows
        draw.line([(x, height), (x + 240, 560)], fill=(170, 138, 66), width=6)
    with path.open("xb") as f:
        image.save(f, "JPEG", quality=85)
    return path
