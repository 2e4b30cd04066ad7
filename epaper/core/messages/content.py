"""The messages about what the content says: YAML, front matter, edition.yaml, the walk of content/, the
articles' limits, the model's checks, the edition PDF and the deploy settings (yamltext.py, source.py,
limits.py, model.py, editionpdf.py, deploy.py).

Values read from a file come in already shortened (yamltext.excerpt); keys and option names stay as written.
"""
from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    # yamltext.py
    "yamltext.malformed": {"en": "malformed YAML: {problem}", "zh-CN": "YAML 格式有误：{problem}"},
    "yamltext.default_hint": {
        "en": "Check the indentation, the ': ' after each key, and put text containing ':' or '#' in quotes.",
        "zh-CN": "请检查缩进、每个键后面的 ': '（冒号加空格），含 ':' 或 '#' 的文字请加引号。",
    },
    "yamltext.too_nested": {
        "en": "more than {count} lists and mappings ('[', '{{', '- '): more than any settings or front matter need",
        "zh-CN": "列表和映射（'['、'{{'、'- '）超过 {count} 个：任何设置文件或文件开头的 YAML 信息都用不了这么多",
    },
    "yamltext.too_nested_hint": {
        "en": "Check that this is the file you meant to save, and that nothing was pasted into it by mistake.",
        "zh-CN": "请确认这是要保存的那个文件，并且没有误粘贴进别的内容。",
    },
    "yamltext.colon": {"en": "a value contains ': ' (colon and space), or a line is indented too far",
                       "zh-CN": "某个值里含有 ': '（冒号加空格），或某一行缩进过多"},
    "yamltext.colon_hint": {
        "en": "Put the whole value in quotes, e.g. title: \"会议强调: 抓落实\", and start every key at the same "
              "indentation.",
        "zh-CN": "请把整个值加上引号，例如 title: \"会议强调: 抓落实\"，并让每个键的缩进保持一致。",
    },
    "yamltext.tab": {"en": "a tab is used for indentation", "zh-CN": "用了制表符（Tab）缩进"},
    "yamltext.tab_hint": {"en": "Indent with spaces, never tabs.", "zh-CN": "请用空格缩进，不要用制表符。"},
    "yamltext.open_list": {"en": "a '[' list is not closed with ']'", "zh-CN": "以 '[' 开头的列表没有用 ']' 结束"},
    "yamltext.open_list_hint": {"en": "Close the list, e.g. authors: [王海燕, 李铭].",
                                "zh-CN": "请补上列表的结尾，例如 authors: [王海燕, 李铭]。"},
    "yamltext.open_braces": {"en": "a '{{' is not closed with '}}'", "zh-CN": "'{{' 没有用 '}}' 结束"},
    "yamltext.open_braces_hint": {"en": "Close the braces, e.g. {{file: photo.jpg, caption: 说明}}.",
                                  "zh-CN": "请补上右花括号，例如 {{file: photo.jpg, caption: 说明}}。"},
    "yamltext.backslash": {"en": "a backslash (\\) inside double quotes", "zh-CN": "双引号里有反斜杠（\\）"},
    "yamltext.backslash_hint": {
        "en": "Write paths with '/' (e.g. photos/a.jpg), or use single quotes instead of double quotes.",
        "zh-CN": "路径请用 '/' 分隔（例如 photos/a.jpg），或把双引号换成单引号。",
    },
    "yamltext.open_quote": {"en": "a quote is never closed", "zh-CN": "有一个引号没有闭合"},
    "yamltext.open_quote_hint": {"en": "Add the closing quote at the end of the value.",
                                 "zh-CN": "请在这个值的末尾补上另一半引号。"},
    "yamltext.alias": {
        "en": "a value starts with '*', which YAML reads as a reference to another value (an alias); "
              "references are not allowed",
        "zh-CN": "某个值以 '*' 开头，YAML 会把它当作对另一个值的引用（别名）；这里不允许使用引用",
    },
    "yamltext.alias_hint": {
        "en": "Put the value in quotes, e.g. kicker: \"*特稿*\", and write a repeated value out in full "
              "instead of '&name' and '*name'.",
        "zh-CN": "请给这个值加上引号，例如 kicker: \"*特稿*\"；重复的值请完整写出，不要用 '&name' 和 '*name'。",
    },
    "yamltext.anchor": {"en": "a value starts with '&', which YAML reads as the name of a value (an anchor)",
                        "zh-CN": "某个值以 '&' 开头，YAML 会把它当作一个值的名字（锚点）"},
    "yamltext.reserved": {"en": "a value starts with a character YAML reserves (@, ` or %)",
                          "zh-CN": "某个值以 YAML 的保留字符（@、` 或 %）开头"},
    "yamltext.reserved_hint": {"en": "Put the value in quotes.", "zh-CN": "请给这个值加上引号。"},
    "yamltext.indent": {"en": "the indentation of this line does not match the lines above",
                        "zh-CN": "这一行的缩进和上面几行对不齐"},
    "yamltext.indent_hint": {"en": "Align the key with the other keys at the same level (use spaces).",
                             "zh-CN": "请让这个键和同一层级的其他键对齐（用空格）。"},
    "yamltext.list_item": {"en": "a list item is missing its '- ' or is indented wrongly",
                           "zh-CN": "列表中有一项缺少开头的 '- '，或缩进不对"},
    "yamltext.list_item_hint": {"en": "Start every item of the list with '- ' at the same indentation.",
                                "zh-CN": "列表的每一项都以 '- ' 开头，缩进保持一致。"},
    # parse.py: articles
    "source.bad_file_name": {"en": "the file name '{name}' cannot be used in a web address",
                             "zh-CN": "文件名 '{name}' 不能用在网址里"},
    "source.bad_file_name_hint": {"en": "Rename the file using letters, digits, '-' and '_' only, e.g. five-tasks.md.",
                                  "zh-CN": "请只用字母、数字、'-' 和 '_' 重新命名文件，例如 five-tasks.md。"},
    "source.page_zero": {"en": "'{folder}' is not a page folder: pages are numbered from 01",
                         "zh-CN": "'{folder}' 不是版面文件夹：版面从 01 开始编号"},
    "source.page_zero_hint": {"en": "Move the file into the folder of its page, e.g. 01/.",
                              "zh-CN": "请把文件移到它所在版面的文件夹里，例如 01/。"},
    "source.key_twice": {"en": "'{key}' is given twice (lines {first} and {second}); only the last one counts",
                         "zh-CN": "'{key}' 写了两次（第 {first} 行和第 {second} 行）；只有后一次有效"},
    "source.key_twice_hint": {"en": "Remove one of the two '{key}:' lines, or merge them.",
                              "zh-CN": "请删掉两行 '{key}:' 中的一行，或把两行合并。"},
    "source.front_not_closed": {"en": "the front matter is not closed",
                                "zh-CN": "文件开头的 YAML 信息没有结束"},
    "source.front_not_closed_hint": {"en": "Add a '---' line after the last 'key: value' line.",
                                     "zh-CN": "请在最后一行 'key: value' 后面加一行 '---'。"},
    "source.front_missing": {"en": "the front matter is missing", "zh-CN": "缺少文件开头的 YAML 信息"},
    "source.front_missing_hint": {
        "en": "Start the file with a '---' line, then 'title: <the headline>', then another '---' line.",
        "zh-CN": "文件请以一行 '---' 开头，接着写 'title: <标题>'，再加一行 '---'。",
    },
    "source.front_not_mapping": {"en": "the front matter must be 'key: value' lines",
                                 "zh-CN": "文件开头的 YAML 信息应是一行行的 'key: value'"},
    "source.front_not_mapping_hint": {"en": "Write e.g. 'title: <the headline>'.",
                                      "zh-CN": "例如写成 'title: <标题>'。"},
    "source.unknown_key": {"en": "unknown front matter key {key} is ignored",
                           "zh-CN": "文件开头的 YAML 信息里有未知的键 {key}，已忽略"},
    "source.known_keys": {"en": "Known keys: {keys}.", "zh-CN": "可用的键：{keys}。"},
    "source.no_title": {"en": "the article has no title", "zh-CN": "这篇稿件没有标题"},
    "source.no_title_hint": {"en": "Add a line 'title: <the headline>' to the front matter.",
                             "zh-CN": "请在文件开头的 YAML 信息里加一行 'title: <标题>'。"},
    "source.title_not_text": {"en": "'title' must be text", "zh-CN": "'title' 应为文字"},
    "source.title_not_text_hint": {
        "en": "Write the headline on one line after 'title: ', in quotes if it is yes, no, true or false.",
        "zh-CN": "请把标题写在 'title: ' 后面的同一行；如果标题是 yes、no、true 或 false，请加引号。",
    },
    "source.not_text": {"en": "'{key}' must be text", "zh-CN": "'{key}' 应为文字"},
    "source.not_text_hint": {"en": "Write '{key}: <text>' on one line.", "zh-CN": "请在一行里写 '{key}: <文字>'。"},
    "source.bad_authors": {"en": "'authors' must be a name or a list of names",
                           "zh-CN": "'authors' 应为一个姓名或一组姓名"},
    "source.bad_authors_hint": {"en": "Write 'authors: 王海燕' or 'authors: [王海燕, 李铭]'.",
                                "zh-CN": "请写成 'authors: 王海燕' 或 'authors: [王海燕, 李铭]'。"},
    "source.order_not_ordinary": {"en": "'order' must be an ordinary number, not {value}",
                                  "zh-CN": "'order' 应为普通的数字，而这里是 {value}"},
    "source.order_not_number": {"en": "'order' must be a number, not {value}",
                                "zh-CN": "'order' 应为数字，而这里是 {value}"},
    "source.order_hint": {"en": "Write e.g. 'order: 2'.", "zh-CN": "例如写成 'order: 2'。"},
    "source.bad_draft": {"en": "'draft' must be true or false", "zh-CN": "'draft' 只能是 true 或 false"},
    "source.bad_draft_hint": {"en": "Write 'draft: true', or remove the line.",
                              "zh-CN": "请写成 'draft: true'，或删掉这一行。"},
    "source.needs_page": {"en": "an article placed directly in the edition folder needs 'page:'",
                          "zh-CN": "直接放在本期文件夹里的稿件需要写明 'page:'"},
    "source.needs_page_hint": {
        "en": "Add 'page: <number>' to the front matter, or move the file into its page folder (e.g. 08/).",
        "zh-CN": "请在文件开头的 YAML 信息里加上 'page: <版次>'，或把文件移到它所在版面的文件夹里（例如 08/）。",
    },
    "source.bad_page": {"en": "'page' must be a page number like 8, not {value}",
                        "zh-CN": "'page' 应为版次数字（如 8），而这里是 {value}"},
    "source.bad_page_hint": {"en": "Write the page as digits, e.g. 'page: 8'.",
                             "zh-CN": "请用数字写版次，例如 'page: 8'。"},
    "source.page_disagrees": {"en": "'page: {page}' disagrees with the folder it sits in (page {folder})",
                              "zh-CN": "'page: {page}' 和稿件所在的文件夹（第 {folder} 版）不一致"},
    "source.page_disagrees_hint": {"en": "Move the file to the {folder}/ folder, or remove the 'page:' line.",
                                   "zh-CN": "请把文件移到 {folder}/ 文件夹，或删掉 'page:' 这一行。"},
    "source.bad_area": {"en": "'area' must be [x, y, width, height] as fractions of the page scan, got {value}",
                        "zh-CN": "'area' 应为 [x, y, 宽, 高]，以版面扫描图的比例表示，而这里是 {value}"},
    "source.bad_area_hint": {
        "en": "Example: 'area: [0.05, 0.1, 0.6, 0.3]' (all between 0 and 1, inside the page).",
        "zh-CN": "例如：'area: [0.05, 0.1, 0.6, 0.3]'（都在 0 到 1 之间，且不超出版面）。",
    },
    "source.images_not_list": {"en": "'images' must be a list", "zh-CN": "'images' 应为列表"},
    "source.photo_hint": {"en": "Write each photo as '- {{file: photo.jpg, caption: ..., credit: ...}}'.",
                          "zh-CN": "每张图片写成一行 '- {{file: photo.jpg, caption: ..., credit: ...}}'。"},
    "source.photo_no_file": {"en": "photo {number} under 'images' has no 'file'",
                             "zh-CN": "'images' 下的第 {number} 张图片没有 'file'"},
    "source.photo_unknown_key": {"en": "photo {number} under 'images': unknown key {key} is ignored",
                                 "zh-CN": "'images' 下的第 {number} 张图片：未知的键 {key}，已忽略"},
    "source.photo_known_keys": {"en": "Use file, caption and credit.", "zh-CN": "可用的键：file、caption 和 credit。"},
    # parse.py: edition.yaml
    "source.edition_not_mapping": {"en": "edition.yaml must be 'key: value' lines",
                                   "zh-CN": "edition.yaml 应是一行行的 'key: value'"},
    "source.edition_not_mapping_hint": {
        "en": "Example:\n    number: 总第 25500 期\n    pages:\n      1: {{name: 一版要闻}}",
        "zh-CN": "例如：\n    number: 总第 25500 期\n    pages:\n      1: {{name: 一版要闻}}",
    },
    "source.edition_unknown_key": {"en": "unknown key {key} is ignored", "zh-CN": "未知的键 {key}，已忽略"},
    "source.bad_pages": {"en": "'pages' must list page numbers with their names",
                         "zh-CN": "'pages' 应列出各版的版次和版名"},
    "source.bad_pages_hint": {
        "en": "Example:\n    pages:\n      1: {{name: 一版要闻}}\n      8: {{name: 通辽, image: p08.jpg}}",
        "zh-CN": "例如：\n    pages:\n      1: {{name: 一版要闻}}\n      8: {{name: 通辽, image: p08.jpg}}",
    },
    "source.bad_page_number": {"en": "page number {value} is not a number", "zh-CN": "版次 {value} 不是数字"},
    "source.bad_page_number_hint": {"en": "Write page numbers as digits, e.g. 8.", "zh-CN": "请用数字写版次，例如 8。"},
    "source.bad_page_entry": {"en": "page {page} must be written as {{name: ...}}",
                              "zh-CN": "第 {page} 版应写成 {{name: ...}}"},
    "source.bad_page_entry_hint": {"en": "Example: '8: {{name: 通辽, image: p08.jpg}}'.",
                                   "zh-CN": "例如：'8: {{name: 通辽, image: p08.jpg}}'。"},
    "source.page_unknown_key": {"en": "page {page}: unknown key {key} is ignored",
                                "zh-CN": "第 {page} 版：未知的键 {key}，已忽略"},
    "source.page_not_text": {"en": "page {page}: '{key}' must be text", "zh-CN": "第 {page} 版：'{key}' 应为文字"},
    "source.page_not_text_hint": {"en": "Write '{key}: <text>'.", "zh-CN": "请写成 '{key}: <文字>'。"},
    # source.py: the content folder
    "source.no_content": {"en": "there is no content folder", "zh-CN": "没有 content 文件夹"},
    "source.no_content_hint": {"en": "Create content/ with one folder per edition, e.g. content/2024-11-25/.",
                               "zh-CN": "请建立 content/，每期一个文件夹，例如 content/2024-11-25/。"},
    "source.stray_file": {"en": "ignored: only edition folders belong in content/",
                          "zh-CN": "已忽略：content/ 里只应放各期的文件夹"},
    "source.stray_file_hint": {"en": "Move the file into an edition folder, or out of content/.",
                               "zh-CN": "请把这个文件移到某一期的文件夹里，或移出 content/。"},
    "source.not_a_date": {"en": "'{name}' is not an edition date", "zh-CN": "'{name}' 不是出版日期"},
    "source.not_a_date_hint": {"en": "Name each edition folder by its date as YYYY-MM-DD, e.g. 2024-11-25.",
                               "zh-CN": "每期的文件夹请以出版日期命名，格式为 YYYY-MM-DD，例如 2024-11-25。"},
    "source.not_a_page_folder": {"en": "'{name}' is not a page folder; its {count} article(s) are left out",
                                 "zh-CN": "'{name}' 不是版面文件夹；其中的 {count} 篇稿件未收入"},
    "source.not_a_page_folder_hint": {"en": "Name page folders by the page number, e.g. 08/.",
                                      "zh-CN": "版面文件夹请以版次命名，例如 08/。"},
    "source.unreadable": {"en": "cannot read the file: {error}", "zh-CN": "无法读取文件：{error}"},
    "source.unreadable_hint": {"en": "Check that the file can be opened (permissions).",
                               "zh-CN": "请检查文件能否打开（访问权限）。"},
    # limits.py
    "limits.link_outside": {"en": "a link to {target}, outside the content folder: it is not read",
                            "zh-CN": "这是指向 content 文件夹以外 {target} 的链接：不会读取它"},
    "limits.link_outside_hint": {
        "en": "Copy what it links to into content/ (or move it there), then delete the link.",
        "zh-CN": "请把链接指向的内容复制（或移动）到 content/ 里，再删掉这个链接。",
    },
    "limits.too_large": {"en": "the file is {size} KB; an article may have at most {limit} KB",
                         "zh-CN": "文件有 {size} KB；一篇稿件最多 {limit} KB"},
    "limits.too_large_hint": {
        "en": "Check that the right file was saved here (an article's text is rarely more than 50 KB); "
              "if it must be this long, raise max_article_kb in site.yaml.",
        "zh-CN": "请确认这里存的是正确的文件（一篇稿件的文字很少超过 50 KB）；"
                 "如果确实需要这么长，请调大 site.yaml 里的 max_article_kb。",
    },
    "limits.many_blocks": {
        "en": "more than {count} paragraphs and empty lines: Markdown would take too long to read them",
        "zh-CN": "段落和空行超过 {count} 个：Markdown 读取它们会耗时过长",
    },
    "limits.many_blocks_hint": {
        "en": "Check that this is the file you meant to save here; remove runs of empty lines, or split the text "
              "into several articles.",
        "zh-CN": "请确认这里存的是要保存的那个文件；删掉成串的空行，或把正文拆成几篇稿件。",
    },
    "limits.many_marks": {
        "en": "{count} characters that mark up text (* _ ` [ ] < & \\): Markdown would take too long to read "
              "them; an article may have at most {limit}",
        "zh-CN": "有 {count} 个标记文字格式的字符（* _ ` [ ] < & \\）：Markdown 读取它们会耗时过长；"
                 "一篇稿件最多 {limit} 个",
    },
    "limits.many_marks_hint": {
        "en": "Check that this is the file you meant to save here; write '\\*' for a star of the text itself.",
        "zh-CN": "请确认这里存的是要保存的那个文件；正文里本身要显示的星号请写成 '\\*'。",
    },
    "limits.long_paragraph": {"en": "a paragraph of {count} characters: a paragraph may have at most {limit}",
                              "zh-CN": "有一段长达 {count} 个字符：每段最多 {limit} 个字符"},
    "limits.long_paragraph_hint": {
        "en": "Put an empty line between paragraphs; split a very long table or list into several.",
        "zh-CN": "段与段之间请空一行；很长的表格或列表请拆成几个。",
    },
    "limits.many_lines": {
        "en": "a paragraph of {count} lines: Markdown would take too long to read paragraphs this long",
        "zh-CN": "有一段长达 {count} 行：这么长的段落 Markdown 读取会耗时过长",
    },
    "limits.many_lines_hint": {
        "en": "Put an empty line between paragraphs (a line of '=' or '-' under a line of text makes it "
              "a heading); split a very long table or list into several.",
        "zh-CN": "段与段之间请空一行（文字下面一行如果全是 '=' 或 '-'，这行文字会变成小标题）；"
                 "很长的表格或列表请拆成几个。",
    },
    "limits.unclosed_brackets": {
        "en": "this paragraph has {count} '[' or '](' that are never closed with ']' or ')' (or brackets "
              "nested too deeply): Markdown would take too long to read it",
        "zh-CN": "这一段有 {count} 个 '[' 或 '](' 没有用 ']' 或 ')' 闭合（或括号嵌套过深）：Markdown 读取它会耗时过长",
    },
    "limits.unclosed_brackets_hint": {
        "en": "Close each '[' with ']' and each '](' with ')' where a link or footnote is meant, and write '\\[' "
              "for a bracket of the text itself.",
        "zh-CN": "用作链接或脚注的地方，每个 '[' 请用 ']' 闭合，每个 '](' 请用 ')' 闭合；"
                 "正文里本身要显示的方括号请写成 '\\['。",
    },
    # editionpdf.py
    "editionpdf.unreadable": {"en": "page {page}: the PDF {path} cannot be read ({error})",
                              "zh-CN": "第 {page} 版：无法读取 PDF 文件 {path}（{error}）"},
    "editionpdf.unreadable_hint": {"en": "Export the page PDF again, or remove 'pdf:' for this page.",
                                   "zh-CN": "请重新导出这一版的 PDF，或删掉这一版的 'pdf:'。"},
    "editionpdf.damaged": {
        "en": "the PDF of page {page} is damaged; it was merged as far as it could be read ({error})",
        "zh-CN": "第 {page} 版的 PDF 已损坏；能读出的部分已合并进整期 PDF（{error}）",
    },
    "editionpdf.damaged_hint": {
        "en": "Check the page in the merged PDF, and export the page PDF again if it is wrong.",
        "zh-CN": "请在合并后的 PDF 里检查这一版，如有错误请重新导出这一版的 PDF。",
    },
    # deploy.py
    "deploy.nothing_built": {"en": "there is no built site to deploy", "zh-CN": "没有可发布的已构建网站"},
    "deploy.nothing_built_hint": {"en": "Run `{command} build` first.", "zh-CN": "请先运行 `{command} build`。"},
    "deploy.no_bucket": {"en": "no bucket to deploy to: set deploy.bucket",
                         "zh-CN": "没有要发布到的存储桶：请设置 deploy.bucket"},
    "deploy.no_bucket_hint": {"en": "For example:  deploy: {{bucket: my-paper, prefix: paper/}}",
                              "zh-CN": "例如：  deploy: {{bucket: my-paper, prefix: paper/}}"},
    "deploy.settings_refused": {"en": "deploy settings refused by the S3 client: {error}",
                                "zh-CN": "S3 客户端不接受这些发布设置：{error}"},
    "deploy.settings_refused_hint": {
        "en": "Check deploy.endpoint_url (e.g. https://s3.example.com) and deploy.region (e.g. eu-central-1) "
              "in site.yaml.",
        "zh-CN": "请检查 site.yaml 里的 deploy.endpoint_url（例如 https://s3.example.com）"
                 "和 deploy.region（例如 eu-central-1）。",
    },
    "deploy.no_credentials": {"en": "no AWS credentials: {error}", "zh-CN": "没有 AWS 访问凭据：{error}"},
    "deploy.no_credentials_hint": {
        "en": "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials "
              "(never in site.yaml).",
        "zh-CN": "请设置 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY，或设置 AWS_PROFILE 并使用 ~/.aws/credentials"
                 "（切勿写进 site.yaml）。",
    },
    "deploy.failed": {"en": "cannot deploy: {error}", "zh-CN": "无法发布：{error}"},
    "deploy.failed_hint": {
        "en": "Check deploy.bucket, deploy.endpoint_url and deploy.region in site.yaml, and that these "
              "credentials may list, write and delete objects in the bucket.",
        "zh-CN": "请检查 site.yaml 里的 deploy.bucket、deploy.endpoint_url 和 deploy.region，"
                 "并确认这组凭据有权列出、写入和删除存储桶里的对象。",
    },
    "deploy.stopped": {"en": "deploy stopped after {done} of {planned} uploads: {error}",
                       "zh-CN": "发布在上传了 {planned} 个文件中的 {done} 个后中止：{error}"},
    "deploy.stopped_hint": {
        "en": "Every object is replaced whole, so nothing half-written was left: once the cause is fixed, run "
              "`{command} deploy` again and it uploads only what is still missing.",
        "zh-CN": "每个对象都是整个替换的，不会留下写了一半的文件：排除原因后再运行一次 `{command} deploy`，"
                 "它只会上传还缺的文件。",
    },
    # source.py: a file named in front matter or edition.yaml ({file} as written, shortened)
    "source.path_not_relative": {"en": "{file} must be a path relative to the file that names it",
                                 "zh-CN": "{file} 应为相对于引用它的文件的路径"},
    "source.path_too_long": {"en": "{file} is too long to be a file's path", "zh-CN": "{file} 太长，不像是文件路径"},
    "source.path_unresolved": {"en": "{file} cannot be resolved", "zh-CN": "{file} 无法解析"},
    "source.path_outside": {"en": "{file} leads outside the content folder", "zh-CN": "{file} 指向了 content 文件夹以外"},
    "source.path_missing": {"en": "{file} does not exist{similar}", "zh-CN": "{file} 不存在{similar}"},
    "source.similar_file": {"en": " (there is '{name}')", "zh-CN": "（有一个 '{name}'）"},
    # model.py
    "model.empty_edition": {"en": "the edition folder has no articles and no edition.yaml; skipped",
                            "zh-CN": "这一期的文件夹里既没有稿件也没有 edition.yaml；已跳过"},
    "model.empty_edition_hint": {"en": "Add page folders with articles, or remove the empty folder.",
                                 "zh-CN": "请加上放有稿件的版面文件夹，或删掉这个空文件夹。"},
    "model.more_articles": {"en": " (and {count} more article(s))", "zh-CN": "（该版另有 {count} 篇稿件）"},
    "model.page_not_listed": {
        "en": "page {page} is not listed in edition.yaml{others}; it is shown as '{label}' without a name",
        "zh-CN": "edition.yaml 里没有列出第 {page} 版{others}；它将显示为 '{label}'，没有版名",
    },
    "model.page_not_listed_hint": {
        "en": "Add '{page}: {{name: <page name>}}' under 'pages:' in {path}, or correct the page number.",
        "zh-CN": "请在 {path} 的 'pages:' 下加上 '{page}: {{name: <版名>}}'，或改正版次。",
    },
    "model.empty_page": {"en": "page {page} ({name}) has no articles; it is shown empty",
                         "zh-CN": "第 {page} 版（{name}）没有稿件；将显示为空版"},
    "model.empty_page_hint": {"en": "Add articles to the {folder}/ folder, or remove page {page} from edition.yaml.",
                              "zh-CN": "请往 {folder}/ 文件夹里放稿件，或从 edition.yaml 里删掉第 {page} 版。"},
    "model.bad_image": {"en": "image {why}", "zh-CN": "图片 {why}"},
    "model.bad_image_hint": {
        "en": "Put the photo in the article's folder and write just its file name, e.g. 'file: bridge.jpg' "
              "(check the spelling, and upper/lower case).",
        "zh-CN": "请把图片放进稿件所在的文件夹，只写文件名，例如 'file: bridge.jpg'（注意拼写和大小写）。",
    },
    "model.page_scan": {"en": "page scan", "zh-CN": "版面扫描图"},
    "model.page_pdf": {"en": "PDF", "zh-CN": "PDF"},
    "model.bad_page_file": {"en": "page {page}: {what} {why}", "zh-CN": "第 {page} 版：{what} {why}"},
    "model.bad_page_file_hint": {
        "en": "Paths in edition.yaml are relative to it: put the file in {folder} and write e.g. '{example}'.",
        "zh-CN": "edition.yaml 里的路径是相对于它本身的：请把文件放进 {folder}，并写成例如 '{example}'。",
    },
    "model.named_index": {"en": "an article cannot be named 'index': {url} is the page view",
                          "zh-CN": "稿件不能命名为 'index'：{url} 是版面页"},
    "model.named_index_hint": {"en": "Rename the file, e.g. to the story's subject in pinyin or English.",
                               "zh-CN": "请给文件改名，例如用稿件主题的拼音或英文。"},
    "model.same_address": {"en": "would be written to {url}, the same file as {other}",
                           "zh-CN": "将生成 {url}，与 {other} 是同一个文件"},
    "model.same_address_hint": {"en": "Rename one of the two files: two articles on one page need different names.",
                                "zh-CN": "请给其中一个文件改名：同一版上的两篇稿件须用不同的文件名。"},
    "model.continues_nowhere": {
        "en": "'continues: {name}' names no other article in this edition; no continuation link is shown",
        "zh-CN": "'continues: {name}' 在本期找不到对应的稿件；不显示转版链接",
    },
    "model.continues_nowhere_hint": {
        "en": "Write the file name (without .md) of the part on the other page (a part marked 'draft: true' "
              "counts as missing).",
        "zh-CN": "请写另一版上那部分稿件的文件名（不带 .md）（标了 'draft: true' 的部分视为不存在）。",
    },
    "model.continues_one_way": {"en": "continues on {other}, but that file does not continue back here",
                                "zh-CN": "转至 {other}，但那个文件没有转回这里"},
    "model.continues_one_way_hint": {"en": "Add 'continues: {slug}' to {other}.",
                                     "zh-CN": "请在 {other} 里加上 'continues: {slug}'。"},
    "model.continues_same_page": {"en": "this article and {other} continue each other but are on the same page",
                                  "zh-CN": "这篇稿件和 {other} 互为转版，却在同一版上"},
    "model.continues_same_page_hint": {"en": "Put the second part on a later page, or make the two one article.",
                                       "zh-CN": "请把后半部分放到后面的版面，或把两篇合成一篇。"},
}
