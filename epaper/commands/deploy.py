"""`build.py deploy`: upload the built site to S3-compatible object storage, only what changed.

Reads only public/ and site.yaml's `deploy:` options.  Credentials come from wherever boto3 looks
(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws/, an instance role), never from
the site's own files.

A file is unchanged when the bucket holds an object of the same size whose ETag is the file's MD5
(what a single-request upload gets); where the ETag is something else (multipart uploads, some
encryption settings) the sha256 that every upload stores in the object's metadata decides, at the
cost of one HEAD request for that file.

Fingerprinted files go up first and HTML last, so no page is live before what it shows; objects
that public/ no longer has are deleted only when asked, after every upload.  Each object is
replaced whole, so a deploy that stops half way leaves old and new files, never a broken one, and
running it again uploads just the rest.
"""
from __future__ import annotations

import hashlib
import itertools
import mimetypes
import re
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..config import Config
from ..core import Problem, SiteError, command, excerpt, say

__all__ = ["DeployReport", "LocalFile", "Remote", "S3Publisher", "cache_control", "content_type", "deploy", "local_files"]

UPLOAD_THREADS = 8

LONG = "public, max-age=31536000, immutable"    # the name changes when the content does
DAY = "public, max-age=86400"                     # photos and PDFs that keep their name
SHORT = "public, max-age=300"                     # HTML, feeds, the search index's entry points

# A content hash in the name, as images.py, asset fingerprints and Pagefind's index chunks write it:
# "photo.3f9a0c1b2d.960.webp", "style.8c1e2f3a.css", "zh-cn_8e2cb6c.pf_fragment".  Letters and
# digits both, so that neither a date ("-20241125.") nor a word ("-defaced.") is taken for one.
_FINGERPRINT = re.compile(r"[._-](?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,}\.[^/]*$")
_MEDIA = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".pdf")

_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".webp": "image/webp", ".avif": "image/avif",
    ".svg": "image/svg+xml", ".wasm": "application/wasm", ".pdf": "application/pdf",
}


def content_type(rel: str) -> str:
    suffix = Path(rel).suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(rel)[0] or "application/octet-stream"


def cache_control(rel: str) -> str:
    if rel.endswith(".html"):            # pages keep their address: readers must see corrections soon
        return SHORT
    if _FINGERPRINT.search(rel):
        return LONG
    return DAY if rel.lower().endswith(_MEDIA) else SHORT


def _digest(path: Path, algorithm) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, algorithm).hexdigest()


def _upload_order(rel: str) -> tuple:
    """Long-cached files first, HTML last: a page goes live after everything it refers to."""
    return ({LONG: 0, DAY: 1, SHORT: 2}[cache_control(rel)], rel.endswith(".html"), rel)


@dataclass
class LocalFile:
    rel: str             # path in public/, which is also the key below the prefix
    path: Path
    size: int

    @cached_property
    def md5(self) -> str:
        return _digest(self.path, hashlib.md5)

    @cached_property
    def sha256(self) -> str:
        return _digest(self.path, hashlib.sha256)


def local_files(public: Path) -> list[LocalFile]:
    """Every file of the built site, leaving out hidden scratch files (".x.tmp") but not .well-known/."""
    files = []
    for path in sorted(public.rglob("*")):
        rel = path.relative_to(public).as_posix()
        hidden = any(part.startswith(".") and part != ".well-known" for part in rel.split("/"))
        if path.is_file() and not hidden:
            files.append(LocalFile(rel, path, path.stat().st_size))
    return files


@dataclass(frozen=True)
class Remote:
    size: int
    etag: str


@dataclass
class DeployReport:
    target: str
    uploads: list[tuple[str, str]] = field(default_factory=list)   # (path, "new" | "changed")
    deletes: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)      # in the bucket, gone from public/, kept (no --delete)
    unchanged: int = 0
    dry_run: bool = False
    seconds: float = 0.0

    def lines(self) -> list[str]:
        mode = "dry_run" if self.dry_run else "done"
        return ([say(f"deploy.upload_{mode}", path=rel, why=say(f"deploy.{why}")) for rel, why in self.uploads]
                + [say(f"deploy.delete_{mode}", path=rel) for rel in self.deletes])

    def summary(self) -> str:
        text = say("deploy.summary_dry_run" if self.dry_run else "deploy.summary", uploads=len(self.uploads),
                   deletes=len(self.deletes), unchanged=self.unchanged, target=self.target,
                   seconds=f"{self.seconds:.2f}")
        if self.left:
            text += " " + say("deploy.left", count=len(self.left))
        return text


class S3Publisher:
    """One bucket (and prefix) of S3 or an S3-compatible service."""

    def __init__(self, client, bucket: str, prefix: str = ""):
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    @classmethod
    def from_options(cls, options: dict) -> "S3Publisher":
        import boto3
        from botocore.config import Config as BotoConfig

        settings = {}
        if options.get("endpoint_url"):
            # Not every S3-compatible service accepts the checksums that boto3 now adds to each upload.
            settings = {"request_checksum_calculation": "when_required",
                        "response_checksum_validation": "when_required"}
        client = boto3.session.Session().client(
            "s3", endpoint_url=options.get("endpoint_url") or None, region_name=options.get("region") or None,
            config=BotoConfig(max_pool_connections=UPLOAD_THREADS, **settings))
        return cls(client, options["bucket"], options.get("prefix", ""))

    @property
    def target(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def listing(self) -> dict[str, Remote]:
        objects = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix):
            for obj in page.get("Contents", []):
                rel = obj["Key"][len(self.prefix):]
                if rel and not rel.endswith("/"):
                    objects[rel] = Remote(obj["Size"], obj["ETag"].strip('"'))
        return objects

    def is_current(self, f: LocalFile, remote: Remote) -> bool:
        if remote.size != f.size:
            return False
        if remote.etag == f.md5:
            return True
        head = self.client.head_object(Bucket=self.bucket, Key=self.prefix + f.rel)
        return head.get("Metadata", {}).get("sha256") == f.sha256

    def upload(self, f: LocalFile) -> None:
        with open(f.path, "rb") as body:
            self.client.put_object(Bucket=self.bucket, Key=self.prefix + f.rel, Body=body,
                                   ContentType=content_type(f.rel), CacheControl=cache_control(f.rel),
                                   Metadata={"sha256": f.sha256})

    def delete(self, rels: list[str]) -> None:
        for start in range(0, len(rels), 1000):           # the most one request may delete
            batch = [{"Key": self.prefix + rel} for rel in rels[start:start + 1000]]
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})


@dataclass
class _Plan:
    uploads: list[tuple[LocalFile, str]] = field(default_factory=list)    # in upload order
    deletes: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    unchanged: int = 0


class _Stopped(Exception):
    def __init__(self, done: int, cause: BaseException):
        super().__init__(str(cause))
        self.done, self.cause = done, cause


def deploy(config: Config, public: Path, delete: bool = False, dry_run: bool = False,
           publisher: S3Publisher | None = None) -> DeployReport:
    """Make the bucket hold what `public` holds; raise SiteError saying what went wrong and what to do."""
    started = time.perf_counter()
    if not public.is_dir():
        raise SiteError([Problem(str(public), say("deploy.nothing_built"),
                                 hint=say("deploy.nothing_built_hint", command=command()))])
    if publisher is None:
        if not config.deploy.get("bucket"):
            raise SiteError([Problem("site.yaml", say("deploy.no_bucket"), hint=say("deploy.no_bucket_hint"))])
        publisher = _publisher(config.deploy)
    plan = _Plan()
    try:
        plan = _plan(publisher, local_files(public), delete)
        if not dry_run:
            _upload_all(publisher, [f for f, _ in plan.uploads])
            publisher.delete(plan.deletes)
    except Exception as exc:
        problem = _problem(exc, publisher, len(plan.uploads))
        if problem is None:
            raise
        raise SiteError([problem]) from exc
    return DeployReport(publisher.target, [(f.rel, why) for f, why in plan.uploads], plan.deletes, plan.left,
                        plan.unchanged, dry_run, time.perf_counter() - started)


def _publisher(options: dict) -> S3Publisher:
    """The S3 client for site.yaml's `deploy:`; a setting boto3 refuses is a problem naming the settings."""
    from botocore.exceptions import BotoCoreError
    try:
        return S3Publisher.from_options(options)
    except (ValueError, BotoCoreError) as exc:      # e.g. "Invalid endpoint", InvalidRegionError
        raise SiteError([Problem("site.yaml", say("deploy.settings_refused", error=excerpt(str(exc))),
                                 hint=say("deploy.settings_refused_hint"))]) from exc


def _plan(publisher: S3Publisher, files: list[LocalFile], delete: bool) -> _Plan:
    remote = publisher.listing()
    plan = _Plan()
    for f in sorted(files, key=lambda f: _upload_order(f.rel)):
        known = remote.pop(f.rel, None)
        if known is None:
            plan.uploads.append((f, "new"))
        elif not publisher.is_current(f, known):
            plan.uploads.append((f, "changed"))
        else:
            plan.unchanged += 1
    (plan.deletes if delete else plan.left).extend(sorted(remote))
    return plan


def _upload_all(publisher: S3Publisher, files: list[LocalFile]) -> None:
    """Upload group by group in `_upload_order`, a few files at a time; stop at the first failure."""
    done = 0
    for _, group in itertools.groupby(files, key=lambda f: _upload_order(f.rel)[:2]):
        with ThreadPoolExecutor(UPLOAD_THREADS) as pool:
            futures = [pool.submit(publisher.upload, f) for f in group]
            failed = next((fu for fu in as_completed(futures) if fu.exception() is not None), None)
            if failed:
                pool.shutdown(cancel_futures=True)
        done += sum(1 for fu in futures if not fu.cancelled() and fu.exception() is None)
        if failed:
            raise _Stopped(done, failed.exception())


def _problem(exc: Exception, publisher: S3Publisher, planned: int) -> Problem | None:
    """What a storage or network error means for the user; None for anything else (a bug: let it show)."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, PartialCredentialsError

    cause = exc.cause if isinstance(exc, _Stopped) else exc
    if isinstance(cause, (NoCredentialsError, PartialCredentialsError)):
        return Problem(publisher.target, say("deploy.no_credentials", error=cause),
                       hint=say("deploy.no_credentials_hint"))
    if not isinstance(cause, (BotoCoreError, ClientError, OSError)):
        return None
    if not isinstance(exc, _Stopped):
        return Problem(publisher.target, say("deploy.failed", error=cause), hint=say("deploy.failed_hint"))
    return Problem(publisher.target, say("deploy.stopped", done=exc.done, planned=planned, error=cause),
                   hint=say("deploy.stopped_hint", command=command()))
