"""Print one sha256 over every file of a built site: the proof that a change left the output byte-identical.

    python tools/digest_public.py [PAPER]      (default: the current folder; reads PAPER/public)

The digest is taken over the sorted list of (path, sha256 of the file) pairs; `--list` prints the pairs too,
to find which file differs.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def digest(public: Path) -> tuple[str, list[tuple[str, str]]]:
    pairs = sorted((p.relative_to(public).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
                   for p in public.rglob("*") if p.is_file())
    whole = hashlib.sha256("".join(f"{path}\0{sha}\n" for path, sha in pairs).encode()).hexdigest()
    return whole, pairs


def main(argv: list[str]) -> None:
    args = [a for a in argv if a != "--list"]
    public = Path(args[0] if args else ".") / "public"
    whole, pairs = digest(public.resolve())
    if "--list" in argv:
        for path, sha in pairs:
            print(sha, path)
    print(whole, f"{len(pairs)} files")


if __name__ == "__main__":
    main(sys.argv[1:])
