#!/usr/bin/env python3
"""Build the e-paper: `python build.py [build|check|serve|...] --help`."""
from epaper.commands.cli import run

if __name__ == "__main__":
    run()
