"""`python -m epaper`: the same command line as build.py."""
import sys

from .cli import main

sys.exit(main(prog="python -m epaper"))
