"""What every command says when its input is bad, and its exit codes."""

from __future__ import annotations

import click

EXIT_CODES = """\b
Exit codes:
  0  done
  1  an unexpected error: a fault in Splitcheck (the details are printed)
  2  bad input: a file that is missing, unreadable or not valid, or a wrong option"""


def bad(message: str) -> click.exceptions.Exit:
    """Say what is wrong on standard error and exit 2, as click does for a wrong option."""
    click.echo(message, err=True)
    return click.exceptions.Exit(2)
