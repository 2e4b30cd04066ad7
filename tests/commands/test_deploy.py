"""`build.py deploy` against a local S3 server (moto's server mode on loopback, started here)."""
from __future__ import annotations

import itertools
import logging
import uuid

import pytest

from epaper.commands.cli import main
from epaper.config.config import load_config
from epaper.commands.deploy import LocalFile, Remote, S3Publisher, cache_control, content_type, deploy
from epaper.core.errors import Problems, SiteError


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)      # not a line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    """Credentials the way a real deploy gets them: from the environment, none from site.yaml."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def bucket(s3_endpoint, aws_env, small_paper):
    """A fresh bucket, and small_paper's site.yaml pointing at it under the prefix paper/."""
    import boto3

    name = f"paper-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    client.create_bucket(Bucket=name)
    small_paper.write("site.yaml", f"name: 测试日报\ndeploy:\n  bucket: {name}\n  prefix: paper/\n"
                                   f"  endpoint_url: {s3_endpoint}\n")
    small_paper.build()
    return Bucket(client, name)


class Bucket:
    def __init__(self, client, name):
        self.client, self.name = client, name

    def etags(self) -> dict[str, str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {o["Key"]: o["ETag"] for page in pages for o in page.get("Contents", [])}

    def keys(self) -> set[str]:
        return set(self.etags())

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=self.name, Key=key)

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def run_deploy(paper, capsys, *flags) -> tuple[int, list[str]]:
    code = main(["deploy", "--root", str(paper.root), *flags])
    captured = capsys.readouterr()
    return code, captured.out.splitlines() + captured.err.splitlines()


def uploaded(lines: list[str]) -> set[str]:
    return {line.split()[1] for line in lines if line.startswith("uploaded ")}


def test_first_deploy_uploads_everything_then_nothing(small_paper, bucket, capsys):
    code, lines = run_deploy(small_paper, capsys)
    assert code == 0
    site = set(small_paper.files())
    assert uploaded(lines) == site
    assert bucket.keys() == {f"paper/{rel}" for rel in site}
    assert bucket.read("paper/2024-11-25/01/lead-story.html") == small_paper.files()["2024-11-25/01/lead-story.html"]

    code, lines = run_deploy(small_paper, capsys)
    assert code == 0 and uploaded(lines) == set()
    assert f"Uploaded 0 files, deleted 0, {len(site)} unchanged" in lines[-1]


def test_objects_get_content_type_and_cache_control(small_paper, bucket, capsys):
    run_deploy(small_paper, capsys)
    html = bucket.head("paper/2024-11-25/01/lead-story.html")
    assert html["ContentType"] == "text/html; charset=utf-8"
    assert html["CacheControl"] == "public, max-age=300"
    css_name = next(small_paper.public.glob("assets/style.*.css")).name      # fingerprinted
    css = bucket.head(f"paper/assets/{css_name}")
    assert css["CacheControl"] == "public, max-age=31536000, immutable"
    assert css["ContentType"] == "text/css; charset=utf-8"
    assert content_type("2024-11-25/01/photo.3f9a0c1b2d.960.webp") == "image/webp"
    assert cache_control("2024-11-25/01/photo.3f9a0c1b2d.960.webp") == "public, max-age=31536000, immutable"
    assert cache_control("assets/style.8c1e2f3a.css") == "public, max-age=31536000, immutable"
    assert cache_control("pagefind/fragment/zh-cn_8e2cb6c.pf_fragment") == "public, max-age=31536000, immutable"
    assert cache_control("pagefind/pagefind-entry.json") == "public, max-age=300"
    assert cache_control("2024-11-25/page-20241125.pdf") == "public, max-age=86400"
    assert cache_control("2024-11-25/01/x-defaced.html") == "public, max-age=300"
    assert cache_control("2024-11-25/01/x-defaced.jpg") == "public, max-age=86400"


def test_edited_article_uploads_just_the_files_that_changed(small_paper, bucket, capsys):
    run_deploy(small_paper, capsys)
    before = small_paper.files()
    small_paper.article("2024-11-25/01/second.md", "title: 第二篇\norder: 2", "改过的正文。\n")
    small_paper.build()
    after = small_paper.files()
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert "2024-11-25/01/second.html" in changed and len(changed) < len(after) / 3
    code, lines = run_deploy(small_paper, capsys)
    assert code == 0
    assert uploaded(lines) == changed
    assert "改过的正文" in bucket.read("paper/2024-11-25/01/second.html").decode()


def test_delete_removes_what_the_site_no_longer_has_only_when_asked(small_paper, bucket, capsys):
    run_deploy(small_paper, capsys)
    (small_paper.root / "content/2024-11-25/02/beta.md").unlink()
    small_paper.build()
    gone = "paper/2024-11-25/02/beta.html"

    code, lines = run_deploy(small_paper, capsys)
    assert code == 0 and gone in bucket.keys()
    assert "1 file(s) in the bucket are no longer in the site (--delete removes them)" in lines[-1]

    code, lines = run_deploy(small_paper, capsys, "--delete")
    assert code == 0 and "deleted 2024-11-25/02/beta.html" in lines
    assert gone not in bucket.keys()
    assert bucket.keys() == {f"paper/{rel}" for rel in small_paper.files()}


def test_dry_run_lists_changes_and_changes_nothing(small_paper, bucket, capsys):
    code, lines = run_deploy(small_paper, capsys, "--dry-run", "--delete")
    assert code == 0
    assert "would upload 2024-11-25/01/lead-story.html (new)" in lines
    assert bucket.keys() == set()

    run_deploy(small_paper, capsys)
    bucket.client.put_object(Bucket=bucket.name, Key="paper/old.html", Body=b"old")
    small_paper.article("2024-11-25/01/second.md", "title: 第二篇\norder: 2", "正文第一段。\n\n新的第二段。\n")
    small_paper.build()
    before = bucket.etags()
    code, lines = run_deploy(small_paper, capsys, "--dry-run", "--delete")
    assert code == 0
    assert [line for line in lines if line.startswith("would")] == [
        "would upload 2024-11-25/2024-11-25-offline.zip (changed)",      # the edition's download holds it
        "would upload 2024-11-25/01/second.html (changed)", "would delete old.html"]
    assert bucket.etags() == before


def test_interrupted_deploy_completes_when_run_again(small_paper, bucket):
    config = load_config(small_paper.root, Problems())
    publisher = S3Publisher.from_options(config.deploy)
    calls, k = itertools.count(), 5

    def network_fails_after_k_uploads(**kwargs):
        if next(calls) >= k:
            from botocore.exceptions import EndpointConnectionError
            raise EndpointConnectionError(endpoint_url=config.deploy["endpoint_url"])

    publisher.client.meta.events.register("before-call.s3.PutObject", network_fails_after_k_uploads)
    total = len(small_paper.files())
    with pytest.raises(SiteError) as info:
        deploy(config, small_paper.public, publisher=publisher)
    problem = info.value.problems[0]
    assert f"deploy stopped after {k} of {total} uploads" in problem.message
    assert "run `epaper deploy` again" in problem.hint
    assert len(bucket.keys()) == k

    report = deploy(config, small_paper.public)
    assert len(report.uploads) == total - k and report.unchanged == k
    assert bucket.keys() == {f"paper/{rel}" for rel in small_paper.files()}


def test_object_whose_etag_is_not_an_md5_is_compared_by_stored_sha256(small_paper, bucket):
    config = load_config(small_paper.root, Problems())
    deploy(config, small_paper.public)
    publisher = S3Publisher.from_options(config.deploy)
    home = small_paper.public / "index.html"
    multipart = Remote(home.stat().st_size, "9b2cf535f27731c974343645a3985328-2")
    assert publisher.is_current(LocalFile("index.html", home, home.stat().st_size), multipart)
    home.write_bytes(home.read_bytes().replace(b"<main", b"<MAIN"))      # same size, other content
    assert not publisher.is_current(LocalFile("index.html", home, home.stat().st_size), multipart)


def test_missing_bucket_is_reported_with_what_to_check(small_paper, bucket, capsys):
    small_paper.write("site.yaml", (small_paper.root / "site.yaml").read_text().replace(bucket.name, "no-such-bucket"))
    code, lines = run_deploy(small_paper, capsys)
    assert code == 1
    assert any(line.startswith("s3://no-such-bucket/paper/: error: cannot deploy:") and "NoSuchBucket" in line
               for line in lines)
    assert any("Check deploy.bucket" in line for line in lines)


def test_missing_credentials_are_reported_not_read_from_site_yaml(small_paper, bucket, capsys, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    code, lines = run_deploy(small_paper, capsys)
    assert code == 1
    assert any("no AWS credentials" in line for line in lines)

    small_paper.write("site.yaml", f"deploy:\n  bucket: {bucket.name}\n  secret_access_key: abc\n")
    code, lines = run_deploy(small_paper, capsys)
    assert code == 1
    assert "site.yaml:3: error: option 'deploy.secret_access_key': credentials must not be kept in site.yaml" in lines


@pytest.mark.parametrize("setting, line", [('endpoint_url: "not a url"', "deploy.endpoint_url': expected an address"),
                                           ('region: "in valid"', "deploy.region': expected a region name")])
def test_bad_endpoint_or_region_is_reported_at_its_line(small_paper, capsys, setting, line):
    small_paper.build()
    small_paper.write("site.yaml", f"name: 测试日报\ndeploy:\n  bucket: paper\n  {setting}\n")
    code, lines = run_deploy(small_paper, capsys)
    assert code == 1
    assert any(text.startswith("site.yaml:4: error: option '") and line in text for text in lines), lines
    assert not any("Traceback" in text for text in lines)


def test_settings_the_s3_client_refuses_are_reported_naming_them(small_paper):
    import dataclasses
    small_paper.build()
    config = load_config(small_paper.root, Problems())
    config = dataclasses.replace(config, deploy={"bucket": "paper", "prefix": "", "endpoint_url": "ftp:/x",
                                                 "region": "in valid"})
    with pytest.raises(SiteError) as info:
        deploy(config, small_paper.public)
    (problem,) = info.value.problems
    assert problem.path == "site.yaml" and "deploy settings refused by the S3 client" in problem.message
    assert "deploy.endpoint_url" in problem.hint and "deploy.region" in problem.hint
