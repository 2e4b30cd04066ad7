"""The messages of the build and of the commands around it (cli, preflight, scaffold, deploy, serve).

Keys are named after the module that says them.  Each entry has a text for every language, with the same
{placeholders}; tests/core/test_i18n.py fails otherwise.
"""
from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    # errors.py: the word before every problem
    "problem.error": {"en": "error", "zh-CN": "错误"},
    "problem.warning": {"en": "warning", "zh-CN": "警告"},

    "errors.worker_lost": {
        "en": "a worker process was stopped before it finished its work (the system stops the largest process "
              "when memory runs out)",
        "zh-CN": "一个工作进程在完成任务前被终止（内存不足时，系统会终止占用最多的进程）",
    },
    "errors.worker_lost_hint": {"en": "Run it again; if it happens again, add --jobs 1: one process needs the least memory.",
                                "zh-CN": "请再运行一次；如果再次出现，加上 --jobs 1：单个进程占用的内存最少。"},
    "errors.did_you_mean": {"en": "Did you mean '{word}'?", "zh-CN": "是不是想写 '{word}'？"},
    "errors.not_utf8": {"en": "the file is not UTF-8 text", "zh-CN": "文件不是 UTF-8 编码的文本"},
    "errors.gbk_hint": {
        "en": "It looks like GBK/GB18030 text: save it again as UTF-8 (in the editor's 'Save as' encoding menu).",
        "zh-CN": "它看起来是 GBK/GB18030 编码：请重新保存为 UTF-8（在编辑器“另存为”的编码菜单里选择）。",
    },
    "errors.utf8_hint": {"en": "Save the file again as UTF-8 text (in the editor's 'Save as' encoding menu).",
                         "zh-CN": "请把文件重新保存为 UTF-8 编码的文本（在编辑器“另存为”的编码菜单里选择）。"},

    # report.py
    "report.progress": {"en": "{label}: {done}/{total}", "zh-CN": "{label}：{done}/{total}"},
    "report.images": {"en": "images", "zh-CN": "图片"},
    "report.pages": {"en": "pages", "zh-CN": "页面"},
    "report.publish": {
        "en": "publishing: {sync} s to bring the spare generation up to date (while the build loads), {switch} s to "
              "complete and switch the new one",
        "zh-CN": "发布：更新备用版本用时 {sync} 秒（与加载同时进行），补全并切换新版本用时 {switch} 秒",
    },
    "report.summary": {
        "en": "Built {editions} editions, {pages} pages, {articles} articles, {images} images ({processed} processed, "
              "{cached} from cache) in {seconds} s; {written} files written, {removed} removed.",
        "zh-CN": "已构建 {editions} 期、{pages} 个版面、{articles} 篇文章、{images} 张图片（新处理 {processed} 张，"
                 "取自缓存 {cached} 张），用时 {seconds} 秒；写入 {written} 个文件，删除 {removed} 个。",
    },

    # config.py
    "config.option_wrong": {"en": "option '{key}': {wrong}", "zh-CN": "选项 '{key}'：{wrong}"},
    "config.option_wrong_cli": {"en": "option '{key}' given on the command line: {wrong}",
                                "zh-CN": "命令行给出的选项 '{key}'：{wrong}"},
    "config.expected_whole_number": {"en": "expected a whole number of at least 1, got {value}",
                                     "zh-CN": "应为不小于 1 的整数，而这里是 {value}"},
    "config.no_theme": {"en": "option 'theme': {folder} is not a folder", "zh-CN": "选项 'theme'：{folder} 不是文件夹"},
    "config.no_theme_hint": {
        "en": "Name a folder with the theme's layouts/ and assets/, relative to the paper's folder, or remove the "
              "option to use the theme that comes with epaper.",
        "zh-CN": "请指定一个含有主题 layouts/ 和 assets/ 的文件夹（相对于报纸的文件夹），或删去这个选项，使用 epaper 自带的主题。",
    },

    # render.py
    "render.missing_layout": {"en": "this layout is missing from the paper's layouts/ and from the theme",
                              "zh-CN": "报纸的 layouts/ 和主题里都没有这个模板"},
    "render.missing_layout_hint": {
        "en": "The theme in {theme} lacks it: restore the theme, or add the layout to the paper's layouts/ folder.",
        "zh-CN": "{theme} 中的主题缺少它：请恢复主题，或把这个模板加进报纸的 layouts/ 文件夹。",
    },
    "render.syntax_error": {"en": "template syntax error: {error}", "zh-CN": "模板语法错误：{error}"},
    "render.syntax_error_hint": {
        "en": "Check that every {{% block %}}, {{% if %}} and {{% for %}} is closed and every {{{{ }}}} is balanced.",
        "zh-CN": "检查每个 {{% block %}}、{{% if %}} 和 {{% for %}} 都已闭合，每个 {{{{ }}}} 都成对。",
    },

    # cli.py
    "cli.build_failed": {"en": "Build failed: {errors} error(s){outcome}.",
                         "zh-CN": "构建失败：{errors} 个错误{outcome}。"},
    "cli.check_failed": {"en": "Check failed: {errors} error(s){outcome}.",
                         "zh-CN": "检查未通过：{errors} 个错误{outcome}。"},
    "cli.left_as_it_was": {"en": "; {out} was left as it was", "zh-CN": "；{out} 保持原样，未被改动"},
    "cli.build_lost": {"en": "Build failed{outcome}.", "zh-CN": "构建失败{outcome}。"},
    "cli.check_lost": {"en": "Check failed{outcome}.", "zh-CN": "检查失败{outcome}。"},
    "cli.build_incomplete": {"en": "Build failed; {out} was left as it was: fix the above and build again.",
                             "zh-CN": "构建失败；{out} 保持原样：请先解决上面的问题，再构建一次。"},
    "cli.build_stopped": {"en": "Build stopped by {signal}; {out} was left as it was.",
                          "zh-CN": "构建被 {signal} 中止；{out} 保持原样。"},
    "cli.check_strict_failed": {"en": "Check failed (--strict): {count} warning(s) to fix.",
                                "zh-CN": "检查未通过（--strict）：有 {count} 个警告需要处理。"},
    "cli.future_left_out": {
        "en": "Not published before their date: {editions} (see them in `{command} serve`, or build with --future).",
        "zh-CN": "日期未到，暂不发布：{editions}（用 `{command} serve` 预览，或构建时加 --future）。"},
    "cli.check_ok": {"en": "No errors ({count} warnings).", "zh-CN": "没有错误（{count} 个警告）。"},
    "cli.serve_build_failed": {
        "en": "Build failed: {errors} error(s); the browser shows them until the next good save.",
        "zh-CN": "构建失败：{errors} 个错误；浏览器里会一直显示这些问题，直到下一次保存后构建成功。",
    },
    "cli.serve_crashed": {"en": "Build crashed: this is a bug in the generator; the preview goes on.",
                          "zh-CN": "构建意外中断：这是生成器本身的缺陷；预览继续运行。"},
    "cli.serving": {
        "en": "Serving {root} at {url} (built into {out}; drafts and future editions shown; Ctrl-C stops)",
        "zh-CN": "正在预览 {root}：{url}（构建到 {out}；显示草稿和未来日期的报纸；按 Ctrl-C 停止）",
    },
    "cli.cannot_serve": {"en": "Cannot serve: {why}.", "zh-CN": "无法启动预览：{why}。"},
    "cli.try_port": {"en": "Try another --port.", "zh-CN": "请换一个 --port 试试。"},
    "cli.stopped": {"en": "Stopped.", "zh-CN": "已停止。"},
    "cli.created": {"en": "created {path}", "zh-CN": "已创建 {path}"},
    "cli.nothing_created": {"en": "Nothing was created.", "zh-CN": "没有创建任何文件。"},
    "cli.deploy_failed": {"en": "Deploy failed.", "zh-CN": "发布失败。"},
    "cli.no_built_site": {"en": "there is no built site to check", "zh-CN": "没有已构建的网站可供检查"},
    "cli.no_built_site_hint": {
        "en": "Run `{command} build` first, or check the content alone with --content-only.",
        "zh-CN": "请先运行 `{command} build`，或加 --content-only 只检查稿件内容。",
    },
    "cli.not_a_paper": {
        "en": "{root} is not a paper's folder: it has no site.yaml and no content/ folder.\n"
              "    Run the command in the paper's folder, or name it with --root.",
        "zh-CN": "{root} 不是报纸的文件夹：其中既没有 site.yaml，也没有 content/ 文件夹。\n"
                 "    请在报纸的文件夹里运行命令，或用 --root 指定它。",
    },
    "cli.clean_what": {"en": "Say what to clean: --cache (image copies no source uses).",
                       "zh-CN": "请说明要清理什么：--cache（没有任何稿件再用到的图片副本）。"},
    "cli.cache_not_pruned": {
        "en": "Cache not pruned: fix the errors above first, so that no photo in use loses its copies.",
        "zh-CN": "缓存未清理：请先解决上面的错误，以免仍在使用的图片失去它的副本。",
    },
    "cli.pruned": {
        "en": "Pruned .cache/images: removed {removed} unused files, freed {mb} MB; kept {kept}.",
        "zh-CN": "已清理 .cache/images：删除 {removed} 个不再使用的文件，释放 {mb} MB；保留 {kept} 个。",
    },
    "cli.overrides": {"en": "Overrides of the theme ({theme}): {files}",
                      "zh-CN": "覆盖主题（{theme}）的文件：{files}"},
    "cli.no_overrides": {"en": "No overrides: every layout and asset comes from the theme ({theme}).",
                         "zh-CN": "没有覆盖：所有模板和资源文件都来自主题（{theme}）。"},
    "cli.init_done": {
        "en": "Started the paper {name} in {folder}. Next:\n    cd {folder}\n    {command} build\n    {command} serve",
        "zh-CN": "已在 {folder} 创建报纸 {name}。下一步：\n    cd {folder}\n    {command} build\n    {command} serve",
    },
    "cli.init_not_empty": {"en": "{folder} is not empty; nothing was created.",
                           "zh-CN": "{folder} 不是空文件夹；没有创建任何文件。"},
    "cli.init_not_empty_hint": {"en": "Name a new folder, e.g. `{command} init my-paper`.",
                                "zh-CN": "请指定一个新文件夹，例如 `{command} init my-paper`。"},

    # preflight.py
    "preflight.page_gap": {"en": "pages {pages} are missing: the page numbers of this edition have a gap",
                           "zh-CN": "缺少第 {pages} 版：本期的版面编号不连续"},
    "preflight.page_gap_hint": {
        "en": "Add the missing pages to edition.yaml and their articles to their folders, or renumber the pages.",
        "zh-CN": "在 edition.yaml 里补上缺少的版面，并把稿件放进对应的文件夹；或者重新编排版号。",
    },
    "preflight.no_area": {
        "en": "page {page} has a scan, but this article has no 'area', so readers cannot click it on the scan",
        "zh-CN": "第 {page} 版有版面图，但这篇稿件没有 'area'，读者无法在版面图上点开它",
    },
    "preflight.no_area_hint": {
        "en": "Add 'area: [x, y, width, height]' (fractions of the scan, e.g. [0.05, 0.1, 0.6, 0.3]).",
        "zh-CN": "加上 'area: [x, y, width, height]'（占版面图的比例，例如 [0.05, 0.1, 0.6, 0.3]）。",
    },
    "preflight.overlap": {
        "en": "its area overlaps the area of {other} on the scan of page {page}; a click there opens only one of them",
        "zh-CN": "它的 area 与 {other} 在第 {page} 版版面图上的区域重叠；点击重叠处只能打开其中一篇",
    },
    "preflight.overlap_hint": {"en": "Correct 'area' in one of the two files so the boxes only touch.",
                               "zh-CN": "修改其中一个文件的 'area'，让两个区域只相接、不重叠。"},
    "preflight.uncredited": {"en": "photo {name} has no {lacking}", "zh-CN": "图片 {name} 缺少{lacking}"},
    "preflight.caption": {"en": "caption", "zh-CN": "图片说明"},
    "preflight.credit": {"en": "credit", "zh-CN": "摄影者署名"},
    "preflight.and_no": {"en": " and no ", "zh-CN": "和"},
    "preflight.uncredited_hint": {
        "en": "Write it under 'images:', e.g. '- {{file: {name}, caption: 图片说明, credit: 摄影者}}'.",
        "zh-CN": "写在 'images:' 下，例如 '- {{file: {name}, caption: 图片说明, credit: 摄影者}}'。",
    },
    "preflight.duplicate": {"en": "the headline '{title}' is also the headline of {other}",
                            "zh-CN": "标题“{title}”与 {other} 的标题相同"},
    "preflight.duplicate_hint": {"en": "Change one of the two headlines, or remove the article printed twice.",
                                 "zh-CN": "修改其中一个标题，或删去重复刊登的稿件。"},
    "preflight.long": {
        "en": "{chars} characters, over {factor} times the other articles on page {page} (usually {usual})",
        "zh-CN": "{chars} 字，是第 {page} 版其他稿件的 {factor} 倍以上（通常为 {usual} 字）",
    },
    "preflight.long_hint": {
        "en": "Check that the text was not pasted twice; continue a long article on another page with 'continues:'.",
        "zh-CN": "检查正文是否粘贴了两遍；长稿可用 'continues:' 转到其他版面。",
    },

    # feeds.py
    "feeds.no_base_url": {
        "en": "base_url is not set, so sitemap.xml, news-sitemap.xml and the RSS/Atom feeds are not written, "
              "and pages have no canonical address or social-card image",
        "zh-CN": "没有设置 base_url，因此不生成 sitemap.xml、news-sitemap.xml 和 RSS/Atom 订阅，"
                 "页面也没有规范地址和社交分享卡片图片",
    },
    "feeds.no_base_url_hint": {
        "en": "Add 'base_url: https://paper.example.com/' to site.yaml, or build with --base-url.",
        "zh-CN": "在 site.yaml 里加上 'base_url: https://paper.example.com/'，或构建时使用 --base-url。",
    },

    # search.py
    "search.no_change": {"en": "Search index unchanged.", "zh-CN": "搜索索引未变。"},
    "search.unchanged": {"en": "Search index unchanged ({parts} parts).", "zh-CN": "搜索索引未变（共 {parts} 个分卷）。"},
    "search.summary": {"en": "Search index: {articles} articles indexed in {seconds} s ({written} of {parts} parts written).",
                       "zh-CN": "搜索索引：已索引 {articles} 篇文章，用时 {seconds} 秒（{parts} 个分卷中写入 {written} 个）。"},
    "search.unreadable": {"en": "cannot read an article to index it for search: {reason}",
                          "zh-CN": "无法读取这篇稿件，不能为搜索建立索引：{reason}"},
    "search.unreadable_hint": {"en": "Build again with --clean.", "zh-CN": "请加 --clean 重新构建。"},
    "search.no_pagefind_hint": {
        "en": "Install the pinned packages: pip install -r requirements.txt, or build with --no-search to leave the "
              "search index as it is.",
        "zh-CN": "请安装指定版本的依赖：pip install -r requirements.txt；或加 --no-search 构建，保留现有的搜索索引。",
    },
    "search.failed": {"en": "Pagefind could not index the articles: {reason}", "zh-CN": "Pagefind 无法为稿件建立索引：{reason}"},
    "search.failed_hint": {
        "en": "Build with --no-search to publish without updating the search index, and report the message above.",
        "zh-CN": "可加 --no-search 构建，先发布而不更新搜索索引，并把上面的信息报告给技术人员。",
    },

    # scaffold.py: `new edition`, `new article`
    "scaffold.not_a_date": {"en": "'{date}' is not an edition date", "zh-CN": "'{date}' 不是报纸的日期"},
    "scaffold.not_a_date_hint": {"en": "Write the date as YYYY-MM-DD, e.g. `{command} new edition 2024-11-26`.",
                                 "zh-CN": "日期写成 YYYY-MM-DD，例如 `{command} new edition 2024-11-26`。"},
    "scaffold.exists": {"en": "already exists; nothing was changed", "zh-CN": "已经存在；没有做任何改动"},
    "scaffold.edition_exists_hint": {"en": "Edit it by hand, or choose another date.",
                                     "zh-CN": "请直接编辑它，或换一个日期。"},
    "scaffold.article_exists_hint": {"en": "Choose another name for the new article.",
                                     "zh-CN": "请给新稿件换一个文件名。"},
    "scaffold.not_a_target": {"en": "'{target}' is not an edition date and a page number",
                              "zh-CN": "'{target}' 不是“日期/版号”"},
    "scaffold.not_a_target_hint": {
        "en": "Write it as YYYY-MM-DD/NN, e.g. `{command} new article 2024-11-26/08 bridge-opens`.",
        "zh-CN": "写成 YYYY-MM-DD/NN，例如 `{command} new article 2024-11-26/08 bridge-opens`。",
    },
    "scaffold.bad_slug": {"en": "'{slug}' cannot be used as an article's file name",
                          "zh-CN": "'{slug}' 不能用作稿件的文件名"},
    "scaffold.bad_slug_hint": {"en": "Use letters, digits, '-' and '_' only (not 'index'), e.g. bridge-opens.",
                               "zh-CN": "只用字母、数字、'-' 和 '_'（不能是 'index'），例如 bridge-opens。"},
    "scaffold.title_not_utf8": {"en": "the --title {title} is not UTF-8 text", "zh-CN": "--title {title} 不是 UTF-8 文字"},
    "scaffold.title_not_utf8_hint": {
        "en": "Set the terminal to UTF-8 and type the title again, or leave --title out and write the headline in the file.",
        "zh-CN": "请把终端设为 UTF-8 后重新输入标题，或不写 --title，直接在文件里写标题。",
    },
    "scaffold.no_edition": {"en": "there is no such edition folder", "zh-CN": "没有这一期的文件夹"},
    "scaffold.no_edition_hint": {"en": "Create the edition first: `{command} new edition {date}`.",
                                 "zh-CN": "请先创建这一期：`{command} new edition {date}`。"},

    # deploy.py: what `deploy` did
    "deploy.upload_done": {"en": "uploaded {path} ({why})", "zh-CN": "已上传 {path}（{why}）"},
    "deploy.upload_dry_run": {"en": "would upload {path} ({why})", "zh-CN": "将上传 {path}（{why}）"},
    "deploy.delete_done": {"en": "deleted {path}", "zh-CN": "已删除 {path}"},
    "deploy.delete_dry_run": {"en": "would delete {path}", "zh-CN": "将删除 {path}"},
    "deploy.new": {"en": "new", "zh-CN": "新文件"},
    "deploy.changed": {"en": "changed", "zh-CN": "有改动"},
    "deploy.summary": {
        "en": "Uploaded {uploads} files, deleted {deletes}, {unchanged} unchanged, to {target} in {seconds} s.",
        "zh-CN": "已上传 {uploads} 个文件，删除 {deletes} 个，{unchanged} 个未变，目标 {target}，用时 {seconds} 秒。",
    },
    "deploy.summary_dry_run": {
        "en": "Would upload {uploads} files, would delete {deletes}, {unchanged} unchanged, to {target} in {seconds} s.",
        "zh-CN": "将上传 {uploads} 个文件，删除 {deletes} 个，{unchanged} 个未变，目标 {target}，用时 {seconds} 秒。",
    },
    "deploy.left": {"en": "{count} file(s) in the bucket are no longer in the site (--delete removes them).",
                    "zh-CN": "存储桶里有 {count} 个文件已不在网站中（--delete 会删除它们）。"},

    # serve.py: the preview's error page and preflight panel
    "serve.failed_title": {"en": "Build failed: {errors} error(s)", "zh-CN": "构建失败：{errors} 个错误"},
    "serve.fix_and_save": {"en": "Fix and save: this page turns back into the site by itself.",
                           "zh-CN": "改正后保存：这个页面会自动变回网站。"},
    "serve.panel": {"en": "Preflight: {count} finding(s) to fix before publishing (shown only in the preview)",
                    "zh-CN": "发布前检查：{count} 处需要处理（只在预览中显示）"},
    # regions.js, through regioneditor.py: the preview's region editor ({title} is filled in by the script)
    "editor.toggle": {"en": "Edit regions", "zh-CN": "编辑区域"},
    "editor.article": {"en": "Article ", "zh-CN": "稿件 "},
    "editor.choose": {"en": "— choose an article —", "zh-CN": "— 选择稿件 —"},
    "editor.no_region": {"en": " (no region)", "zh-CN": "（无区域）"},
    "editor.save": {"en": "Save", "zh-CN": "保存"},
    "editor.undo": {"en": "Undo changes", "zh-CN": "撤销"},
    "editor.start": {"en": "Choose an article, then drag on the page to draw its region.", "zh-CN": "选择稿件，在版面上拖出区域。"},
    "editor.move": {"en": "Drag the box to move it, a handle to resize it.", "zh-CN": "拖动方框移动，拖动控制点改变大小。"},
    "editor.draw": {"en": "Drag on the page to draw the region of “{title}”.", "zh-CN": "在版面上拖出“{title}”的区域。"},
    "editor.region": {"en": "Region: {title} (arrows move, Shift+arrows resize)", "zh-CN": "区域：{title}（方向键移动，Shift+方向键改变大小）"},
    "editor.choose_first": {"en": "Choose an article first.", "zh-CN": "先选择稿件。"},
    "editor.unsaved": {"en": "Not saved yet: ", "zh-CN": "未保存："},
    "editor.undone": {"en": "Changes undone.", "zh-CN": "已撤销。"},
    "editor.saving": {"en": "Saving…", "zh-CN": "保存中…"},
    "editor.saved": {"en": "Saved: rebuilding, the page reloads by itself.", "zh-CN": "已保存，正在重新生成，页面会自动刷新。"},
    "editor.unchanged": {"en": "Nothing changed.", "zh-CN": "没有改动。"},
    "editor.not_saved": {"en": "Not saved: ", "zh-CN": "未能保存："},

    # pipeline.py, output.py, tiles.py: making and publishing the site
    "pipeline.asset_outside": {"en": "this asset is a link to a file outside assets/; it would publish that file",
                               "zh-CN": "这个资源文件是指向 assets/ 以外文件的链接；发布它就会把那个文件发布出去"},
    "pipeline.asset_outside_hint": {"en": "Copy the file into assets/ instead of linking to it.",
                                    "zh-CN": "请把文件复制进 assets/，不要用链接。"},
    "pipeline.written_twice": {"en": "would be written to {path}, which {other} also writes",
                               "zh-CN": "会写到 {path}，而 {other} 也写这个文件"},
    "pipeline.another_page": {"en": "another page", "zh-CN": "另一个页面"},
    "pipeline.written_twice_hint": {"en": "Rename the article file: names like 'index' are taken by the page view.",
                                    "zh-CN": "请给稿件文件改个名：'index' 这类名字已被版面页占用。"},
    "pipeline.cannot_write": {"en": "cannot write {path}: {error}", "zh-CN": "无法写入 {path}：{error}"},
    "pipeline.no_such_layout": {"en": "the layout '{name}' does not exist", "zh-CN": "模板 '{name}' 不存在"},
    "pipeline.layout_failed": {"en": "the layout failed: {what}", "zh-CN": "模板出错：{what}"},
    "pipeline.layout_failed_hint": {
        "en": "Check the names used on this line of the layout (the data each layout gets is listed in the "
              "documentation's layout context page, docs/layout-context.md).",
        "zh-CN": "请检查模板这一行用到的名字（每个模板能用的数据，见文档的模板上下文一页 docs/layout-context.md）。"},
    "pipeline.not_published": {"en": "cannot publish the new site into this folder: {error}{where}",
                               "zh-CN": "无法把新网站发布到这个文件夹：{error}{where}"},
    "output.waiting": {"en": "waiting for process {pid}, which is building this paper ({lock} is locked by it)",
                       "zh-CN": "正在等待进程 {pid}：它正在构建这份报纸（{lock} 被它锁定）"},
    "tiles.failed": {"en": "cannot cut the zoom tiles of {url}: {error}", "zh-CN": "无法为 {url} 切出放大用的图块：{error}"},
    "tiles.failed_hint": {"en": "Build again; if it happens again, delete .cache/tiles/.",
                          "zh-CN": "请再构建一次；如果仍然出错，删除 .cache/tiles/。"},
    "serve.crashed": {"en": "the build crashed: {error}", "zh-CN": "构建程序崩溃：{error}"},
    "serve.crashed_hint": {"en": "This is a bug in the generator: the terminal shows where.",
                           "zh-CN": "这是生成器的程序错误：终端里显示了出错的位置。"},
}
