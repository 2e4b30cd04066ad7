"""The memory of a whole command, its children included: the peak of its process tree's summed PSS (each
shared page counted once, split between the processes sharing it), with each process's PSS, RSS and
private dirty memory at that moment; `--timeline FILE` writes the same every few seconds.

    python bench/memtree.py [--timeline FILE] -- python build.py build --root PAPER

A forked worker shares the parent's pages until it writes to them; changing an object's reference count
is a write, so what a worker copies shows as its private dirty memory.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = [int(k) for k in f.read().split()]
    except OSError:
        return []
    return kids + [g for k in kids for g in _children(k)]


def _memory(pid: int) -> dict[str, int]:
    """{"Pss": MiB, "Rss": MiB, "Private_Dirty": MiB} of one process (zeros once it is gone)."""
    found = dict.fromkeys(("Pss", "Rss", "Private_Dirty"), 0)
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                name, _, value = line.partition(":")
                if name in found:
                    found[name] = int(value.split()[0]) // 1024
    except OSError:
        pass
    return found


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline") as f:
            return f.read().replace("\0", " ")[:70]
    except OSError:
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--timeline", help="write each process's memory to this file every 5 s")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    started = time.perf_counter()
    proc = subprocess.Popen(command)
    peak: dict = {"total": 0}
    timeline = open(args.timeline, "w") if args.timeline else None

    def watch() -> None:
        written = 0.0
        while proc.poll() is None:
            rows = [(pid, _memory(pid)) for pid in [proc.pid, *_children(proc.pid)]]
            total, now = sum(m["Pss"] for _, m in rows), time.perf_counter() - started
            if total > peak["total"]:
                peak.update(total=total, at=now, rows=[(pid, m, _command(pid)) for pid, m in rows])
            if timeline and now - written >= 5:
                written = now
                timeline.write(f"{now:8.1f} s {total:6d} MiB  " + "  ".join(
                    f"{pid}: {m['Pss']}/{m['Rss']}/{m['Private_Dirty']}" for pid, m in rows) + "\n")
                timeline.flush()
            time.sleep(0.2)
    threading.Thread(target=watch, daemon=True).start()
    code = proc.wait()
    print(f"exit {code}, {time.perf_counter() - started:.1f} s; peak summed PSS {peak['total']} MiB"
          + (f" at {peak['at']:.1f} s:" if "at" in peak else ""), file=sys.stderr)
    for pid, m, cmd in peak.get("rows", []):
        print(f"  {pid}: PSS {m['Pss']} MiB, RSS {m['Rss']} MiB, private dirty {m['Private_Dirty']} MiB  {cmd}",
              file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
