"""The messages about photos, page scans and the offline ZIPs (images.py, offline.py).

The system's own words about a file (an OS error, Pillow's and PDFium's) come in as {error}, as they are.
"""
from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    # images.py
    "images.unreadable": {"en": "cannot read image content/{rel}: {error}",
                          "zh-CN": "无法读取图片 content/{rel}：{error}"},
    "images.bad_image": {"en": "image content/{rel}: {error}", "zh-CN": "图片 content/{rel}：{error}"},
    "images.bad_image_hint": {
        "en": "Replace it with a JPEG, PNG or WebP photo (or a PDF page) that opens in an image viewer.",
        "zh-CN": "请换成一张能在看图软件里正常打开的 JPEG、PNG 或 WebP 图片（或一页 PDF）。",
    },
    "images.no_format": {"en": "option 'image_formats': this installation's Pillow cannot write {format}",
                         "zh-CN": "选项 'image_formats'：本机安装的 Pillow 无法生成 {format} 格式"},
    "images.no_format_hint": {
        "en": "Remove {format} from image_formats, or install a Pillow built with {format} support "
              "(the pinned pillow wheels include webp, jpeg and avif).",
        "zh-CN": "请从 image_formats 里删去 {format}，或安装支持 {format} 的 Pillow"
                 "（项目锁定版本的 pillow 安装包已包含 webp、jpeg 和 avif）。",
    },
    "images.bomb": {"en": "refused: it claims to be enormous, which is how decompression bombs look ({error})",
                    "zh-CN": "已拒绝处理：它自称尺寸极大，这正是“解压炸弹”的特征（{error}）"},
    "images.not_a_picture": {
        "en": "this is not a picture (is it really an image file, or something renamed to look like one?)",
        "zh-CN": "这不是图片（它真的是图片文件吗？还是别的文件改了扩展名？）",
    },
    "images.pdf_failed": {"en": "the PDF cannot be rendered ({error})", "zh-CN": "这个 PDF 无法转成图片（{error}）"},
    "images.pdf_no_pages": {"en": "it has no pages", "zh-CN": "它一页也没有"},
    "images.damaged": {"en": "the picture is damaged or truncated ({error})", "zh-CN": "图片已损坏或不完整（{error}）"},
    "images.unconvertible": {"en": "the picture could not be converted ({error})", "zh-CN": "图片无法转换（{error}）"},

    # offline.py
    "offline.pages_missing": {"en": "cannot make {url}: {count} of its pages are missing from the output",
                              "zh-CN": "无法生成 {url}：输出文件夹里缺少它的 {count} 个页面"},
    "offline.pages_missing_hint": {"en": "Build again with --clean.", "zh-CN": "请加 --clean 重新构建一次。"},
}
