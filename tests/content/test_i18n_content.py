"""The problems found while reading the content (YAML, front matter, edition.yaml, site.yaml, the articles'
limits, photos and scans, continuations, the edition PDF, deploy settings) speak the run's language: a real
build or check of a tiny paper with `--lang zh-CN`, each message with its file and line, the option names,
keys and paths as written."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from epaper.commands.cli import main
from epaper.config.config import DEPLOY_OPTIONS, OPTIONS
from epaper.core.messages import MESSAGES


def _run(paper, capsys, *args: str, lang: str = "zh-CN") -> tuple[int, str]:
    """`epaper ARGS --root PAPER --lang LANG`; its exit code and what it printed to stderr."""
    code = main([*args, "--root", str(paper.root), "--lang", lang])
    return code, capsys.readouterr().err


@pytest.fixture(autouse=True)
def _english_afterwards(zh):
    """main() chose a language for the process; the other tests read English again afterwards."""


def test_a_yaml_error_in_front_matter_is_told_in_chinese_at_its_line(paper, capsys):
    paper.article("2024-11-25/01/lead.md", "title: 头条\nkicker: 会议强调: 抓落实")
    code, err = _run(paper, capsys, "build", "--jobs", "1")
    assert code == 1
    assert ("content/2024-11-25/01/lead.md:3: 错误: YAML 格式有误：某个值里含有 ': '（冒号加空格），或某一行缩进过多\n"
            "    请把整个值加上引号，例如 title: \"会议强调: 抓落实\"，并让每个键的缩进保持一致。") in err, err


@pytest.mark.parametrize("kicker", ["*特稿*", "*top"])
def test_an_alias_in_front_matter_is_refused_in_chinese(paper, capsys, kicker):
    paper.article("2024-11-25/01/lead.md", f"title: 头条\nsubtitle: &top 特稿\nkicker: {kicker}")
    code, err = _run(paper, capsys, "check")
    assert code == 1
    assert ("content/2024-11-25/01/lead.md:4: 错误: YAML 格式有误：某个值以 '*' 开头，YAML 会把它当作对另一个值的引用"
            "（别名）；这里不允许使用引用\n    请给这个值加上引号，例如 kicker: \"*特稿*\"") in err, err


def test_an_unknown_front_matter_key_says_did_you_mean_in_chinese(paper, capsys):
    paper.article("2024-11-25/01/lead.md", "title: 头条\nsubtitel: 副题")
    code, err = _run(paper, capsys, "build", "--jobs", "1")
    assert code == 0
    assert ("content/2024-11-25/01/lead.md:3: 警告: 文件开头的 YAML 信息里有未知的键 'subtitel'，已忽略\n"
            "    是不是想写 'subtitle'？") in err, err


def test_edition_yaml_and_the_content_folder_are_told_in_chinese(paper, capsys):
    paper.article("2024-11-25/01/lead.md", "title: 头条")
    paper.write("content/2024-11-25/edition.yaml", "number: 总第 1 期\npages:\n  1: {name: 一版要闻, scan: p1.jpg}\n")
    paper.write("content/2024-13-01/01/x.md", "---\ntitle: x\n---\n")
    code, err = _run(paper, capsys, "build", "--jobs", "1")
    assert code == 1
    assert "content/2024-11-25/edition.yaml:3: 警告: 第 1 版：未知的键 'scan'，已忽略\n" in err, err
    assert ("content/2024-13-01: 错误: '2024-13-01' 不是出版日期\n"
            "    每期的文件夹请以出版日期命名，格式为 YYYY-MM-DD，例如 2024-11-25。") in err, err


def test_a_missing_photo_is_told_in_chinese_naming_the_similar_file(paper, capsys):
    paper.article("2024-11-25/01/lead.md", "title: 头条\nimages:\n  - {file: bridge.jpg, caption: 大桥}")
    paper.write("content/2024-11-25/01/Bridge.jpg", "not read: the name is wrong")
    code, err = _run(paper, capsys, "build", "--jobs", "1")
    assert code == 1
    assert ("content/2024-11-25/01/lead.md:4: 错误: 图片 'bridge.jpg' 不存在（有一个 'Bridge.jpg'）\n"
            "    请把图片放进稿件所在的文件夹，只写文件名，例如 'file: bridge.jpg'（注意拼写和大小写）。") in err, err


def test_continuations_and_empty_pages_are_told_in_chinese(paper, capsys):
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 一版要闻}\n  2: {name: 要闻}\n")
    paper.article("2024-11-25/01/lead.md", "title: 头条\ncontinues: nowhere")
    code, err = _run(paper, capsys, "build", "--jobs", "1")
    assert code == 0
    assert "content/2024-11-25/01/lead.md:3: 警告: 'continues: nowhere' 在本期找不到对应的稿件；不显示转版链接\n" in err
    assert ("content/2024-11-25/edition.yaml:3: 警告: 第 2 版（要闻）没有稿件；将显示为空版\n"
            "    请往 02/ 文件夹里放稿件，或从 edition.yaml 里删掉第 2 版。") in err, err


def test_an_over_long_paragraph_is_told_in_chinese_at_its_line(paper, capsys):
    paper.article("2024-11-25/01/lead.md", "title: 头条", "第一段。\n\n" + "长" * 20_001 + "\n")
    code, err = _run(paper, capsys, "build", "--jobs", "1")
    assert code == 1
    assert ("content/2024-11-25/01/lead.md:7: 错误: 有一段长达 20,002 个字符：每段最多 20,000 个字符\n"
            "    段与段之间请空一行；很长的表格或列表请拆成几个。") in err, err


def test_a_bad_site_yaml_option_is_told_in_chinese_with_the_options_description(paper, capsys):
    paper.write("site.yaml", "name: 测试日报\nlanguage: zh-CN\ntimezone: Mars/Base\nimage_formt: [webp]\n")
    paper.article("2024-11-25/01/lead.md", "title: 头条")
    code, err = _run(paper, capsys, "build", "--jobs", "1")
    assert code == 1
    assert ("site.yaml:3: 错误: 选项 'timezone'：应为时区名称，例如 Asia/Shanghai，而这里是 'Mars/Base'\n"
            "    报纸日期所用的时区，例如 Asia/Shanghai：每期从该时区当天 00:00 起发布（留空：使用本机时钟）。") in err, err
    assert "site.yaml:4: 警告: 未知的选项 'image_formt'，已忽略\n    是不是想写 'image_formats'？" in err, err


def test_a_bad_deploy_endpoint_and_a_deploy_with_nothing_built_are_told_in_chinese(paper, capsys):
    paper.write("site.yaml", "name: 测试日报\nlanguage: zh-CN\ndeploy:\n  bucket: paper\n"
                             "  endpoint_url: s3.example.com\n  region: EU_Central\n  secret_key: x\n")
    code, err = _run(paper, capsys, "deploy")
    assert code != 0
    assert ("site.yaml:5: 错误: 选项 'deploy.endpoint_url'：应为网址，例如 https://s3.example.com，"
            "而这里是 's3.example.com'\n    兼容 S3 的存储服务地址（MinIO、R2、OSS 等）；使用 AWS S3 时留空。") in err, err
    assert "site.yaml:6: 错误: 选项 'deploy.region'：应为区域名称，例如 eu-central-1（小写字母、数字和 '-'），" in err
    assert "site.yaml:7: 错误: 选项 'deploy.secret_key'：访问凭据不能写在 site.yaml 里\n" in err, err
    paper.write("site.yaml", "name: 测试日报\nlanguage: zh-CN\ndeploy: {bucket: paper}\n")
    code, err = _run(paper, capsys, "deploy")
    assert code != 0 and "没有可发布的已构建网站\n    请先运行 `epaper build`。" in err, err


def test_a_damaged_page_pdf_is_told_in_chinese(paper, capsys):
    """A page PDF whose cross-reference table points nowhere: the page view reads it, the edition PDF merges
    it as far as it can and says so."""
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(200, 300)
    writer.write(out)
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 一版要闻, pdf: p01.pdf}\n")
    damaged = re.sub(rb"startxref\s+\d+", b"startxref\n9", out.getvalue())
    (paper.root / "content/2024-11-25/p01.pdf").write_bytes(damaged)
    paper.article("2024-11-25/01/lead.md", "title: 头条\narea: [0.1, 0.1, 0.5, 0.5]")
    code, err = _run(paper, capsys, "build", "--jobs", "1")
    assert code == 0, err
    assert ("content/2024-11-25/p01.pdf: 警告: 第 1 版的 PDF 已损坏；能读出的部分已合并进整期 PDF（" in err
            and "    请在合并后的 PDF 里检查这一版，如有错误请重新导出这一版的 PDF。" in err), err


def test_the_english_wording_is_unchanged(paper, capsys):
    paper.article("2024-11-25/01/lead.md", "title: 头条\nsubtitel: 副题\nimages: [{file: gone.jpg}]")
    code, err = _run(paper, capsys, "build", "--jobs", "1", lang="en")
    assert code == 1
    assert ("content/2024-11-25/01/lead.md:3: warning: unknown front matter key 'subtitel' is ignored\n"
            "    Did you mean 'subtitle'?") in err, err
    assert "content/2024-11-25/01/lead.md:4: error: image 'gone.jpg' does not exist\n" in err, err


def test_problems_parsed_in_workers_and_replayed_from_the_saved_state_follow_the_language(paper, capsys):
    """Many articles are parsed in forked workers; a build with nothing changed tells the last build's
    problems from the saved state.  A zh-CN run after an en run says them in Chinese either way."""
    from epaper.content.source import PARSE_IN_WORKERS_FROM

    for n in range(PARSE_IN_WORKERS_FROM + 10):
        day = dt.date(2024, 11, 25) - dt.timedelta(days=n // 10)      # ten an edition, as in an archive
        paper.article(f"{day}/01/a{n}.md", f"title: 稿件 {n}" + ("\nsubtitel: 副题" if n == 7 else ""))
    paper.age()
    assert _run(paper, capsys, "build", "--jobs", "2", lang="en")[1].count("unknown front matter key 'subtitel'") == 1
    for run in ("parsed again", "nothing changed"):
        code, err = _run(paper, capsys, "build", "--jobs", "2")
        assert code == 0, run
        assert "content/2024-11-25/01/a7.md:3: 警告: 文件开头的 YAML 信息里有未知的键 'subtitel'，已忽略\n" in err, (run, err)
        assert "unknown" not in err, (run, err)


def test_every_options_description_is_translated_and_the_english_is_the_options_own():
    described = {f"config.doc_{key}": option.doc for key, option in OPTIONS.items()}
    described |= {f"config.doc_deploy_{key}": option.doc for key, option in DEPLOY_OPTIONS.items()}
    assert [key for key in described if key not in MESSAGES] == []
    assert {key: MESSAGES[key]["en"] for key in described} == described


def test_an_output_folder_inside_the_paper_is_refused_in_chinese(small_paper, capsys):
    code, err = _run(small_paper, capsys, "build", "--out", str(small_paper.root / "content"))
    assert code == 2
    assert (f"错误: --out {small_paper.root / 'content'}：这个输出文件夹位于报纸的 content/ 文件夹里；构建会替换和删除其中的文件。\n"
            "    请另选一个专用的空文件夹") in err, err
