"""The ``captionie`` command line (SPEC section 5): one module per command."""

from captionie.cli.app import main

__all__ = ["main"]
