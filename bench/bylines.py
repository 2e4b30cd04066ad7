"""Give a generated archive a daily's bylines: `python bench/bylines.py PAPER/content [--staff 400]`.

`gen_corpus.py` draws each article's byline at random, so ten years name 138,803 authors, each with a
folder and an index page of its own; a provincial daily has a few hundred writers.  Each name becomes one
of `--staff` staff names, chosen by a hash of the name (the same corpus always gives the same paper).
Files keep their mtimes, so a built paper sees only what the names change."""
from __future__ import annotations

import argparse
import hashlib
import os
import re

AUTHORS = re.compile(r"^authors: \[(.*)\]$", re.M)


def staff_name(name: str, staff: int) -> str:
    number = int(hashlib.blake2b(name.encode(), digest_size=4).hexdigest(), 16) % staff
    return f'"记者{number:03d}"'


def _staff_names(listed: str, staff: int) -> str:
    return ", ".join(staff_name(name.strip().strip('"'), staff) for name in listed.split(","))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content")
    parser.add_argument("--staff", type=int, default=400)
    args = parser.parse_args()
    changed = 0
    for folder, _, files in os.walk(args.content):
        for name in files:
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            st = os.stat(path)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            new = AUTHORS.sub(lambda m: f"authors: [{_staff_names(m.group(1), args.staff)}]", text, count=1)
            if new != text:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)
                os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
                changed += 1
    print(f"{changed} articles given one of {args.staff} staff bylines")


if __name__ == "__main__":
    main()
