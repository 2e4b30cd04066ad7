"""The preview's refusals: a request by another host name (hostguard.py), and a save of a region that is
not written (regioneditor.py, regionedit.py).  They are read in the browser, by the editor who sent them.
"""
from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    # hostguard.py
    "hostguard.wrong_host": {
        "en": "403: this preview answers only at {url} (or {local}), not to the name {name}: that keeps the drafts "
              "from web pages that point their name at this machine.  To reach the preview by another name, start "
              "it with --host NAME.\n",
        "zh-CN": "403：这个预览只在 {url}（或 {local}）应答，不应答名称 {name}：这样，把自己的域名指向本机的网页就读不到"
                 "草稿。如果要用别的名称打开预览，请加 --host NAME 启动它。\n",
    },

    # regioneditor.py: a save refused
    "regioneditor.cannot_write": {"en": "cannot read or write the article: {error}",
                                  "zh-CN": "无法读写这篇稿件：{error}"},
    "regioneditor.not_json": {"en": "the request is not JSON: {error}", "zh-CN": "请求不是 JSON：{error}"},
    "regioneditor.not_an_object": {"en": "send a JSON object: {{\"source\": ..., \"area\": [x, y, w, h]}}",
                                   "zh-CN": "请发送一个 JSON 对象：{{\"source\": ..., \"area\": [x, y, w, h]}}"},
    "regioneditor.bad_area": {"en": "the area: {error}", "zh-CN": "区域有误：{error}"},
    "regioneditor.in_file": {"en": "{source}: {error}", "zh-CN": "{source}：{error}"},
    "regioneditor.too_large": {"en": "the request is too large for an area", "zh-CN": "请求太大，不可能只是一个区域"},
    "regioneditor.not_json_type": {"en": "a save is sent as application/json by the preview's own page",
                                   "zh-CN": "保存请求应由预览自己的页面以 application/json 发送"},
    "regioneditor.other_origin": {"en": "a save must come from a page of this preview",
                                  "zh-CN": "保存请求必须来自这个预览的页面"},
    "regioneditor.no_source": {"en": "name the article by its file, e.g. \"content/2024-11-25/01/lead.md\"",
                               "zh-CN": "请用文件路径指明稿件，例如 \"content/2024-11-25/01/lead.md\""},
    "regioneditor.outside": {"en": "{source}: only articles inside content/ can be changed here",
                             "zh-CN": "{source}：这里只能修改 content/ 里的稿件"},
    "regioneditor.no_article": {
        "en": "{source}: no such article in the paper (was it renamed? save again after the page reloads)",
        "zh-CN": "{source}：报纸里没有这篇稿件（是不是改了文件名？请等页面重新载入后再保存）",
    },

    # regionedit.py: the area and the front matter it goes into
    "regionedit.four_numbers": {"en": "an area is four numbers: [x, y, width, height]",
                                "zh-CN": "区域由四个数组成：[x, y, width, height]"},
    "regionedit.fractions": {"en": "each number of an area is a fraction of the page scan, from 0 to 1",
                             "zh-CN": "区域的每个数都是占版面图的比例，在 0 到 1 之间"},
    "regionedit.too_small": {"en": "an area needs a width and a height (at least 0.001 of the page)",
                             "zh-CN": "区域必须有宽度和高度（至少占版面的 0.001）"},
    "regionedit.no_front_matter": {"en": "the file has no front matter: it must start with a '---' line",
                                   "zh-CN": "文件没有文件头（front matter）：第一行必须是 '---'"},
    "regionedit.front_matter_open": {"en": "the front matter is not closed: add a '---' line after its last line",
                                     "zh-CN": "文件头（front matter）没有结束：请在它最后一行的下面加一行 '---'"},
}
