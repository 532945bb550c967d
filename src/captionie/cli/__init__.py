"""The ``captionie`` command line: one module per command."""

from captionie.cli.app import main

__all__ = ["main"]
