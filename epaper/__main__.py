"""`python -m epaper`: the same command line as build.py."""
from .commands.cli import run

run(prog="python -m epaper")
