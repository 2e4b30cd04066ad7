"""Print one sha256 over every file of a built site: the proof that a change left the output byte-identical.

    python tools/digest_public.py [PAPER]      the site built in PAPER/public (default: the current folder)
    python tools/digest_public.py --prove      build the demo paper and a 30-edition synthetic paper (from
                                               ../shared/bench/gen_corpus.py) in a temporary folder with
                                               `build.py build`, its defaults (search included), and print
                                               both digests: run it before and after a change, and compare

The digest is taken over the sorted list of (path, sha256 of the file) pairs; `--list` prints the pairs too,
to find which file differs.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN_CORPUS = REPO.parent / "shared" / "bench" / "gen_corpus.py"
PAPER_FILES = ("site.yaml", "content", "layouts", "assets")


def digest(public: Path) -> tuple[str, list[tuple[str, str]]]:
    pairs = sorted((p.relative_to(public).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
                   for p in public.rglob("*") if p.is_file())
    whole = hashlib.sha256("".join(f"{path}\0{sha}\n" for path, sha in pairs).encode()).hexdigest()
    return whole, pairs


def built(paper: Path) -> Path:
    """`build.py build` on `paper`, as a newsroom runs it; returns its public/."""
    subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--root", str(paper), "--quiet"], check=True)
    return (paper / "public").resolve()


def prove() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        demo.mkdir()
        for name in PAPER_FILES:
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, demo / name)
        corpus = Path(tmp) / "corpus"
        subprocess.run([sys.executable, str(GEN_CORPUS), str(corpus), "--editions", "30"], check=True,
                       stdout=subprocess.DEVNULL)
        for label, paper in (("demo paper", demo), ("30 editions", corpus)):
            whole, pairs = digest(built(paper))
            print(whole, f"{len(pairs)} files", label)


def main(argv: list[str]) -> None:
    if "--prove" in argv:
        prove()
        return
    args = [a for a in argv if a != "--list"]
    public = Path(args[0] if args else ".") / "public"
    whole, pairs = digest(public.resolve())
    if "--list" in argv:
        for path, sha in pairs:
            print(sha, path)
    print(whole, f"{len(pairs)} files")


if __name__ == "__main__":
    main(sys.argv[1:])
