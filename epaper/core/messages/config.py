"""The messages about site.yaml (config.py): what an option expects, and each option's description, which is
the hint under a wrong value (the English descriptions are OPTIONS' own, and tests/core/test_i18n.py keeps them equal).

Option names and YAML keys stay as written; a value read from the file comes in shortened (yamltext.excerpt).
"""
from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    # what a value is, in "expected ..., got {kind}"
    "config.kind_bool": {"en": "true/false", "zh-CN": "布尔值（true/false）"},
    "config.kind_number": {"en": "a number", "zh-CN": "数字"},
    "config.kind_list": {"en": "a list", "zh-CN": "列表"},
    "config.kind_mapping": {"en": "a mapping", "zh-CN": "映射（key: value）"},
    "config.kind_nothing": {"en": "nothing", "zh-CN": "空值"},
    # what an option expects
    "config.expected_text": {"en": "expected text, got {kind}", "zh-CN": "应为文字，而这里是{kind}"},
    "config.expected_bool": {"en": "expected true or false, got {kind}", "zh-CN": "应为 true 或 false，而这里是{kind}"},
    "config.expected_language": {"en": "expected one of: {choices}, but got {value}",
                                 "zh-CN": "应为以下之一：{choices}，而这里是 {value}"},
    "config.expected_base_url": {
        "en": "expected an absolute http(s) address like https://paper.example.com/ or https://example.com/paper/, "
              "got {value}",
        "zh-CN": "应为完整的 http(s) 网址，例如 https://paper.example.com/ 或 https://example.com/paper/，"
                 "而这里是 {value}",
    },
    "config.expected_widths": {
        "en": "expected a list of widths in pixels between 16 and 8000, e.g. [480, 960, 1600], got {value}",
        "zh-CN": "应为一组 16 到 8000 之间的像素宽度，例如 [480, 960, 1600]，而这里是 {value}",
    },
    "config.expected_timezone": {"en": "expected a time zone name like Asia/Shanghai, got {value}",
                                 "zh-CN": "应为时区名称，例如 Asia/Shanghai，而这里是 {value}"},
    "config.expected_formats": {"en": "expected a list of image formats from: {choices}, got {value}",
                                "zh-CN": "应为一组图片格式，可选：{choices}，而这里是 {value}"},
    "config.expected_qualities": {
        "en": "expected a mapping of format to quality 1-100, e.g. {{webp: 80, jpeg: 82}}, got {value}",
        "zh-CN": "应为各格式对应的压缩质量（1-100），例如 {{webp: 80, jpeg: 82}}，而这里是 {value}",
    },
    "config.expected_strings": {
        "en": "expected a mapping of string keys to text, e.g. {{prev_page: 上一版}}, got {value}",
        "zh-CN": "应为界面文字的键和对应文字，例如 {{prev_page: 上一版}}，而这里是 {value}",
    },
    "config.expected_mapping": {"en": "expected a mapping of options (key: value), got {kind}",
                                "zh-CN": "应为一组选项（key: value），而这里是{kind}"},
    "config.expected_endpoint": {"en": "expected an address like https://s3.example.com, got {value}",
                                 "zh-CN": "应为网址，例如 https://s3.example.com，而这里是 {value}"},
    "config.expected_region": {
        "en": "expected a region name like eu-central-1 (lower-case letters, digits and '-'), got {value}",
        "zh-CN": "应为区域名称，例如 eu-central-1（小写字母、数字和 '-'），而这里是 {value}",
    },
    # site.yaml as a whole
    "config.not_mapping": {"en": "site.yaml must be a mapping of options (key: value)",
                           "zh-CN": "site.yaml 应是一组选项（key: value）"},
    "config.not_mapping_hint": {"en": "Write one option per line, e.g. 'name: 北疆日报'.",
                                "zh-CN": "每行写一个选项，例如 'name: 北疆日报'。"},
    "config.unknown_option": {"en": "unknown option {key} is ignored", "zh-CN": "未知的选项 {key}，已忽略"},
    "config.known_options": {"en": "Known options: {options}.", "zh-CN": "可用的选项：{options}。"},
    "config.credentials": {"en": "option {key}: credentials must not be kept in site.yaml",
                           "zh-CN": "选项 {key}：访问凭据不能写在 site.yaml 里"},
    "config.credentials_hint": {
        "en": "Remove it and give them to boto3 instead: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
              "or AWS_PROFILE with ~/.aws/credentials.",
        "zh-CN": "请删掉它，改用环境变量交给 boto3：AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY，"
                 "或 AWS_PROFILE 配合 ~/.aws/credentials。",
    },
    "config.unknown_string": {"en": "unknown string {key} is ignored", "zh-CN": "未知的界面文字 {key}，已忽略"},
    "config.no_placeholders": {"en": "none", "zh-CN": "无"},
    "config.unknown_placeholder": {"en": "'strings.{key}' uses a {{placeholder}} that does not exist",
                                   "zh-CN": "'strings.{key}' 用了不存在的 {{占位符}}"},
    "config.unknown_placeholder_hint": {"en": "Placeholders it may use: {may} (the default is '{default}').",
                                        "zh-CN": "可以使用的占位符：{may}（默认文字是 '{default}'）。"},
    "config.formatted_placeholder": {
        "en": "'strings.{key}' formats a placeholder ({field}): only plain placeholders are allowed",
        "zh-CN": "'strings.{key}' 给占位符加了格式（{field}）：只允许使用不加格式的占位符",
    },
    "config.formatted_placeholder_hint": {
        "en": "Write the placeholder without ':', '!' or anything else inside the braces, e.g. '{default}'.",
        "zh-CN": "占位符的花括号里不要写 ':'、'!' 或其他内容，例如 '{default}'。",
    },
    "config.no_site_yaml": {"en": "no site.yaml found; using the defaults",
                            "zh-CN": "没有找到 site.yaml；使用默认设置"},
    "config.no_site_yaml_hint": {"en": "Create site.yaml with at least `name: <your paper>`.",
                                 "zh-CN": "请建立 site.yaml，至少写上 `name: <报纸名称>`。"},
    "config.unreadable": {"en": "cannot read site.yaml: {error}", "zh-CN": "无法读取 site.yaml：{error}"},
    # --out (cli.py), and why a folder cannot be it (config.unsafe_output)
    "cli.unsafe_out": {
        "en": "{error}: --out {out}: the output folder {why}; a build replaces and deletes files there.\n"
              "    Choose an empty folder of its own, e.g. --out public/ (the default) or a folder outside the paper.",
        "zh-CN": "{error}: --out {out}：这个输出文件夹{why}；构建会替换和删除其中的文件。\n"
                 "    请另选一个专用的空文件夹，例如 --out public/（默认）或报纸文件夹以外的文件夹。",
    },
    "config.out_is_paper": {"en": "is the paper's own folder", "zh-CN": "就是报纸本身的文件夹"},
    "config.out_holds_paper": {"en": "holds the paper's own folder", "zh-CN": "包含了报纸本身的文件夹"},
    "config.out_inside_paper": {"en": "lies inside the paper's {folder} folder", "zh-CN": "位于报纸的 {folder} 文件夹里"},
    # the options' descriptions (OPTIONS and DEPLOY_OPTIONS), the hint under a wrong value
    "config.doc_name": {"en": "The newspaper's name, shown in the masthead and titles.",
                        "zh-CN": "报纸名称，显示在报头和网页标题里。"},
    "config.doc_language": {"en": "Language of the reader's interface and of the tool's messages: zh-CN or en.",
                            "zh-CN": "读者界面和本工具提示信息的语言：zh-CN 或 en。"},
    "config.doc_base_url": {
        "en": "Public address of the site, e.g. https://paper.example.com/ (for canonical links, feeds, sitemaps).",
        "zh-CN": "网站的公开网址，例如 https://paper.example.com/（用于规范链接、订阅源和站点地图）。",
    },
    "config.doc_description": {"en": "One sentence about the paper, for search engines and feeds.",
                               "zh-CN": "一句话介绍这份报纸，供搜索引擎和订阅源使用。"},
    "config.doc_timezone": {
        "en": "Time zone of the paper's dates, e.g. Asia/Shanghai: an edition is published from 00:00 of its date "
              "there (empty: the computer's clock).",
        "zh-CN": "报纸日期所用的时区，例如 Asia/Shanghai：每期从该时区当天 00:00 起发布（留空：使用本机时钟）。",
    },
    "config.doc_image_widths": {"en": "Widths of published article photos; never upscaled.",
                                "zh-CN": "发布的稿件图片宽度；不会放大。"},
    "config.doc_scan_widths": {"en": "Widths of page scans: thumbnail, page view, zoom.",
                               "zh-CN": "版面扫描图的宽度：缩略图、版面浏览、放大查看。"},
    "config.doc_image_formats": {"en": "Formats of published photos, best first (webp, jpeg, avif).",
                                 "zh-CN": "发布图片的格式，优先的在前（webp、jpeg、avif）。"},
    "config.doc_image_quality": {"en": "Encoder quality per format.", "zh-CN": "各格式的压缩质量。"},
    "config.doc_publish_originals": {"en": "Also publish the original photo files (off: only resized copies).",
                                     "zh-CN": "同时发布图片原件（关闭：只发布缩放后的图片）。"},
    "config.doc_trust_html": {
        "en": "Keep raw HTML in article bodies as written (off: sanitized by an allow-list).",
        "zh-CN": "稿件正文里的 HTML 原样保留（关闭：按白名单清理）。",
    },
    "config.doc_index_page_size": {"en": "Entries per page of section, author and photographer indexes.",
                                   "zh-CN": "栏目、作者和摄影者索引每页的条目数。"},
    "config.doc_max_article_kb": {
        "en": "Largest article file, in KB (1024 = 1 MB): a bigger one is an error, most often a file pasted by "
              "mistake.",
        "zh-CN": "单篇稿件文件的上限，单位 KB（1024 = 1 MB）：超过即报错，多半是误粘贴了别的文件。",
    },
    "config.doc_strings": {"en": "Overrides of interface words, by key (see epaper/config/strings.py).",
                           "zh-CN": "按键改写界面文字（见 epaper/config/strings.py）。"},
    "config.expected_keep": {
        "en": "expected a list of file names or patterns inside public/, e.g. [_headers, \"google*.html\"], got {value}",
        "zh-CN": "应为 public/ 里的文件名或匹配模式的列表，例如 [_headers, \"google*.html\"]，而这里是 {value}",
    },
    "config.doc_keep": {
        "en": "Files in public/ that the paper puts there itself and a build keeps, as patterns relative to public/ "
              "(e.g. [_headers, \"google*.html\"]); every other file not made from content/ is removed by the build "
              "and reported by `check`.",
        "zh-CN": "报社自己放进 public/ 的文件，构建时保留，写成相对于 public/ 的匹配模式（例如 [_headers, \"google*.html\"]）；"
                 "其他不是由 content/ 生成的文件，构建时一律删除，`check` 也会报告。",
    },
    "config.doc_theme": {
        "en": "Folder of another theme (its layouts/ and assets/), relative to the paper; empty: the theme that "
              "comes with epaper.  The paper's own layouts/ and assets/ override the theme file by file.",
        "zh-CN": "另一套主题的文件夹（含 layouts/ 和 assets/），相对于报纸的文件夹；留空：使用 epaper 自带的主题。"
                 "报纸自己的 layouts/ 和 assets/ 会逐个文件覆盖主题里的同名文件。",
    },
    "config.doc_deploy": {
        "en": "Where `epaper deploy` uploads the site: bucket, prefix, endpoint_url, region.",
        "zh-CN": "`epaper deploy` 把网站上传到哪里：bucket、prefix、endpoint_url、region。",
    },
    "config.doc_deploy_bucket": {"en": "Bucket that `epaper deploy` uploads public/ to.",
                                 "zh-CN": "`epaper deploy` 把 public/ 上传到的存储桶。"},
    "config.doc_deploy_prefix": {
        "en": "Folder in the bucket for the site, e.g. paper/ (default: the bucket's top).",
        "zh-CN": "网站在存储桶里的文件夹，例如 paper/（默认：存储桶的最上层）。",
    },
    "config.doc_deploy_endpoint_url": {
        "en": "Address of an S3-compatible service (MinIO, R2, OSS, ...); empty for AWS S3.",
        "zh-CN": "兼容 S3 的存储服务地址（MinIO、R2、OSS 等）；使用 AWS S3 时留空。",
    },
    "config.doc_deploy_region": {
        "en": "Region of the bucket, e.g. eu-central-1 (default: from the AWS configuration).",
        "zh-CN": "存储桶所在区域，例如 eu-central-1（默认：取自 AWS 配置）。",
    },
}
