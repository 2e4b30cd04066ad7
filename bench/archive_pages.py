#!/usr/bin/env python3
"""How big the archive's pages (往期) get on a long-running paper, without building one.

    python bench/archive_pages.py [--years 10]

Renders the archive's front page and each year's page with the demo's layouts for a daily paper of
`--years` years (an edition every day, 12 pages, with a printed number), and prints each size.
Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from epaper.config.config import load_config  # noqa: E402
from epaper.core.errors import Problems  # noqa: E402
from epaper.engine.pipeline import _assets  # noqa: E402
from epaper.render.render import load_renderer  # noqa: E402
from epaper.render.views import _archive_outputs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def fake_site(years: int) -> SimpleNamespace:
    start = dt.date(2030 - years, 1, 1)
    editions = []
    for i in range((dt.date(2030, 1, 1) - start).days):
        d = start + dt.timedelta(days=i)
        key = d.isoformat()
        pages = [SimpleNamespace(url=f"{key}/{n:02d}/index.html") for n in range(1, 13)]
        editions.append(SimpleNamespace(date=d, key=key, url=f"{key}/index.html", pages=pages, number=f"总第 {20000 + i} 期",
                                        articles=[None] * 60))
    return SimpleNamespace(editions=editions, latest=editions[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    years = parser.parse_args().years
    problems = Problems(ROOT)
    config = load_config(ROOT, problems)
    assets = _assets(config, True, problems)
    renderer = load_renderer(config, problems, {src.relative_to(config.assets_dir).as_posix(): public
                                                for public, src in assets.items()})
    outs = _archive_outputs(config, fake_site(years))
    sizes = {o.path: len(renderer.render(o).encode()) for o in outs}
    for path, size in sorted(sizes.items()):
        print(f"{path}: {size / 1000:.0f} KB")
    print(f"largest: {max(sizes.values()) / 1000:.0f} KB over {len(sizes)} archive pages ({years} years)")


if __name__ == "__main__":
    main()
