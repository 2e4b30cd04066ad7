"""What the user runs: build, check, serve (the preview), new, init, import, deploy.  The only code
that prints and sets exit codes.

Its public names, for the stages after it, are loaded on first use."""
__all__: list[str] = []
