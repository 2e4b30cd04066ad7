"""The messages about the print PDFs: reading a page PDF (pdftext.py), the regions found on it (regions.py,
pagepdf.py), the preflight finding of an article left unplaced, and the `import` command (importer.py).

Page numbers are passed in as they are shown elsewhere ("03" in the import summary, 3 in a build
warning); a share is passed in formatted ("8%").
"""
from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    # pdftext.py: what is wrong with a PDF, said after "the PDF p01.pdf" ("PDF 文件 p01.pdf")
    "pdftext.unreadable": {"en": "cannot be read ({error})", "zh-CN": "无法读取（{error}）"},
    "pdftext.empty": {"en": "is empty (0 bytes)", "zh-CN": "是空文件（0 字节）"},
    "pdftext.encrypted": {"en": "is encrypted (password protected)", "zh-CN": "已加密（设了打开密码）"},
    "pdftext.not_a_pdf": {"en": "is not a readable PDF ({error})", "zh-CN": "不是能读取的 PDF（{error}）"},
    "pdftext.no_pages": {"en": "has no pages", "zh-CN": "一页也没有"},

    # regions.py: why an article got no region on its page PDF
    "regions.nowhere": {"en": "its text appears nowhere on the page", "zh-CN": "本版上找不到它的正文"},
    "regions.nowhere_share": {"en": "its text appears nowhere on the page (only {share} of it matched)",
                              "zh-CN": "本版上找不到它的正文（只有 {share} 对得上）"},
    "regions.headline_but_little": {"en": "its headline was found, but only {share} of its text",
                                    "zh-CN": "找到了它的标题，但正文只找到 {share}"},
    "regions.little_and_no_headline": {"en": "its headline was not found, and only {share} of its text",
                                       "zh-CN": "没有找到它的标题，正文也只找到 {share}"},
    "regions.overlap": {"en": "the regions found for '{slug}' and '{other}' overlap ({shared})",
                        "zh-CN": "为 '{slug}' 和 '{other}' 找到的位置互相重叠（{shared}）"},

    # pagepdf.py: warnings about a page PDF, each said after the page ("第 3 版：")
    "pagepdf.on_page": {"en": "page {page}: {message}", "zh-CN": "第 {page} 版：{message}"},
    "pagepdf.comma": {"en": ", ", "zh-CN": "、"},         # between page numbers: pages 1, 2
    "pagepdf.unreadable": {"en": "the PDF {pdf} {trouble}", "zh-CN": "PDF 文件 {pdf} {trouble}"},
    "pagepdf.unreadable_hint": {
        "en": "Export the page PDF again from the layout program (without a password), or give each article of "
              "the page an 'area:'.",
        "zh-CN": "请从排版软件重新导出这一版的 PDF（不要设密码），或给这一版的每篇稿件写上 'area:'。",
    },
    "pagepdf.several_pages": {
        "en": "the PDF {pdf} has {count} page(s) and edition.yaml names it for page(s) {pages}; only its first page "
              "is shown and searched for this page",
        "zh-CN": "PDF 文件 {pdf} 有 {count} 页，edition.yaml 把它用作第 {pages} 版；本版只显示它的第一页，"
                 "也只在第一页上查找稿件的位置",
    },
    "pagepdf.several_pages_hint": {
        "en": "Give each page a one-page PDF of its own ('{command} import EDITION.pdf' splits an edition's PDF "
              "into pages).",
        "zh-CN": "请给每一版单独一个只有一页的 PDF（'{command} import EDITION.pdf' 可以把整期的 PDF 拆成单版）。",
    },
    "pagepdf.no_text": {
        "en": "the PDF {pdf} has no text layer (a scanned picture?), so its articles' regions cannot be found",
        "zh-CN": "PDF 文件 {pdf} 没有文字层（是扫描出来的图片吗？），找不到本版稿件的位置",
    },
    "pagepdf.no_text_hint": {
        "en": "Export the page from the layout program as a PDF with text, or give each article of the page an "
              "'area:'.",
        "zh-CN": "请从排版软件把这一版导出为带文字的 PDF，或给这一版的每篇稿件写上 'area:'。",
    },
    "pagepdf.garbled": {
        "en": "the text of the PDF {pdf} comes out garbled ({share} of its characters are private-use or unmapped: "
              "fonts without a Unicode map); its regions are not looked for",
        "zh-CN": "PDF 文件 {pdf} 取出的文字是乱码（{share} 的字符属于私用区或无法对应：字体没有 Unicode 映射表），"
                 "因此不在上面查找稿件的位置",
    },
    "pagepdf.garbled_hint": {
        "en": "Export the PDF again with the fonts' Unicode (ToUnicode) maps embedded, or give each article of the "
              "page an 'area:'.",
        "zh-CN": "请重新导出 PDF，并嵌入字体的 Unicode（ToUnicode）映射表，或给这一版的每篇稿件写上 'area:'。",
    },
    "pagepdf.shape": {
        "en": "the scan {scan} ({width}x{height}) is not the shape of the PDF {pdf} ({pdf_width}x{pdf_height} pt), "
              "so the regions found on the PDF will not sit on the scan",
        "zh-CN": "版面图 {scan}（{width}x{height}）与 PDF 文件 {pdf}（{pdf_width}x{pdf_height} pt）的长宽比例不同，"
                 "在 PDF 上找到的稿件位置放到版面图上会对不准",
    },
    "pagepdf.shape_hint": {
        "en": "Make the scan from the same page PDF (the whole page, no margins cropped), or give the page's "
              "articles an 'area:' measured on the scan.",
        "zh-CN": "请用同一个版面 PDF 生成版面图（整版，不要裁掉页边），或给这一版的稿件写上按版面图量出的 'area:'。",
    },
    "pagepdf.printed_on": {"en": "; it is printed on page {page} ({pdf})", "zh-CN": "；它印在第 {page} 版（{pdf}）"},

    # preflight.py
    "preflight.unplaced": {
        "en": "its region on page {page} could not be found in the page PDF {pdf}: {note}; readers cannot click "
              "it on the scan",
        "zh-CN": "在版面 PDF {pdf} 里找不到它在第 {page} 版上的位置：{note}；读者无法在版面图上点开它",
    },
    "preflight.unplaced_hint": {
        "en": "Check that the article is on the right page and that its text is the printed one, or add "
              "'area: [x, y, width, height]' (fractions of the page, e.g. [0.05, 0.1, 0.6, 0.3]).",
        "zh-CN": "请核对稿件是否放对了版、正文是否与见报稿一致，或写上 'area: [x, y, width, height]'"
                 "（占版面图的比例，例如 [0.05, 0.1, 0.6, 0.3]）。",
    },

    # importer.py: the `import` command's refusals and problems
    "importer.bad_date": {"en": "--date {date}: not a date; write it as YYYY-MM-DD, e.g. 2026-11-27.",
                          "zh-CN": "--date {date}：不是有效的日期；请写成 YYYY-MM-DD，例如 2026-11-27。"},
    "importer.already_holds": {
        "en": "content/{date}/ already holds {what}; import never overwrites an edition.",
        "zh-CN": "content/{date}/ 里已经有 {what}；导入从不覆盖已有的一期报纸。",
    },
    "importer.article_files": {"en": "{count} article file(s)", "zh-CN": "{count} 篇稿件文件"},
    "importer.an_edition_yaml": {"en": "an edition.yaml", "zh-CN": "edition.yaml 文件"},
    "importer.already_holds_hint": {"en": "Import into another date, or move content/{date}/ away first.",
                                    "zh-CN": "请导入到另一个日期，或先把 content/{date}/ 移走。"},
    "importer.no_pdf": {"en": "no PDF given; name the page PDFs or a folder holding them.",
                        "zh-CN": "没有给出 PDF；请写出各版的 PDF 文件，或存放它们的文件夹。"},
    "importer.exists": {"en": "{path} exists already; import never overwrites.",
                        "zh-CN": "{path} 已经存在；导入从不覆盖已有文件。"},
    "importer.exists_hint": {"en": "Move it away, or import into another date.",
                             "zh-CN": "请把它移走，或导入到另一个日期。"},
    "importer.empty_folder": {"en": "{path}: the folder holds no .pdf file; name the folder of the page PDFs.",
                              "zh-CN": "{path}：这个文件夹里没有 .pdf 文件；请指定存放各版 PDF 的文件夹。"},
    "importer.no_such_path": {"en": "{path}: no such file or folder; check the name.",
                              "zh-CN": "{path}：没有这个文件或文件夹；请检查名字是否写对。"},
    "importer.unreadable": {"en": "{path}: the PDF {trouble}.", "zh-CN": "{path}：这个 PDF {trouble}。"},
    "importer.unreadable_hint": {
        "en": "Export the page again from the layout program (without a password) and import again.",
        "zh-CN": "请从排版软件重新导出这一版（不要设密码），再导入一次。",
    },
    "importer.several_pages": {
        "en": "{path}: the PDF has {count} pages, but it was given as page {page} of several.",
        "zh-CN": "{path}：这个 PDF 有 {count} 页，却作为多个文件中的第 {page} 版给出。",
    },
    "importer.several_pages_hint": {"en": "Give one PDF per page, or the whole edition as a single PDF alone.",
                                    "zh-CN": "请每版给一个 PDF，或者只给一个包含整期各版的 PDF。"},

    # importer.py: the summary, one line per page, then the whole
    "importer.page": {"en": "page {page}", "zh-CN": "第 {page} 版"},
    "importer.page_named": {"en": "page {page} {name}", "zh-CN": "第 {page} 版 {name}"},
    "importer.page_trouble": {"en": "{label} ({file}): {trouble}.", "zh-CN": "{label}（{file}）：{trouble}。"},
    "importer.no_text": {"en": "no text layer (a scanned picture?): no articles imported; add them by hand",
                         "zh-CN": "没有文字层（是扫描出来的图片吗？）：未导入稿件；请手工添加"},
    "importer.garbled": {
        "en": "its text is garbled ({share} private-use or unmapped characters: fonts without a Unicode map): "
              "no articles imported; export the PDF again with Unicode fonts",
        "zh-CN": "文字是乱码（{share} 的字符属于私用区或无法对应：字体没有 Unicode 映射表）：未导入稿件；"
                 "请嵌入 Unicode 字体重新导出 PDF",
    },
    "importer.page_found": {"en": "{label} ({file}): {articles} article(s), {photos} photo(s){more}.",
                            "zh-CN": "{label}（{file}）：{articles} 篇稿件，{photos} 张图片{more}。"},
    "importer.left_out": {"en": "; {count} block(s) of text belonged to no headline and were left out",
                          "zh-CN": "；有 {count} 段文字不属于任何标题，没有导入"},
    "importer.no_headline": {"en": "; no headline found: add the articles by hand",
                             "zh-CN": "；没有找到标题：请手工添加稿件"},
    "importer.done": {
        "en": "Imported {articles} article(s) on {pages} page(s) into content/{date}/: review them in the preview "
              "({command} serve), correct them, then publish.",
        "zh-CN": "已把 {pages} 个版面的 {articles} 篇稿件导入 content/{date}/：请在预览（{command} serve）里逐篇核对、"
                 "改正，然后再发布。",
    },
}
