#!/usr/bin/env python3
"""Build the e-paper: `python build.py [build|check|serve|...] --help`."""
import sys

from epaper.cli import main

if __name__ == "__main__":
    sys.exit(main())
