#!/usr/bin/env python3
"""How long `deploy` takes for a built site: a first upload, then an unchanged re-run.

Runs against moto's S3 server on loopback (no network, no credentials), so the figures measure our
planning, hashing and request overhead rather than a real link.  Usage:

    python bench/deploy_s3.py PAPER_ROOT        # PAPER_ROOT/public must be built
"""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from epaper.config.config import load_config          # noqa: E402
from epaper.commands.deploy import S3Publisher, deploy  # noqa: E402
from epaper.core.errors import Problems             # noqa: E402


def main() -> None:
    import boto3
    from moto.server import ThreadedMotoServer

    root = Path(sys.argv[1]).resolve()
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket="bench")
    config = load_config(root, Problems())
    options = {"bucket": "bench", "prefix": "", "endpoint_url": endpoint, "region": ""}
    files = [p for p in (root / "public").rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"{len(files)} files, {size:.1f} MB in {root / 'public'}")
    for label in ("first deploy", "unchanged re-run"):
        started = time.perf_counter()
        report = deploy(config, root / "public", publisher=S3Publisher.from_options(options))
        print(f"{label}: {len(report.uploads)} uploaded, {report.unchanged} unchanged "
              f"in {time.perf_counter() - started:.2f} s")
    server.stop()


if __name__ == "__main__":
    main()
