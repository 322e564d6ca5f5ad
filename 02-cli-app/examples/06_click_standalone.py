"""The click group run the default way, `cli()`: click's standalone mode handles every error.

This is what `notes = "notes_cli.click_app:cli"` in [project.scripts] would install. Usage
errors still exit 2, but Ctrl-C prints "Aborted!" and exits 1: a caller cannot tell an
interrupted run from a failed one. Our real entry point, `notes_cli.click_app:main`, fixes that.

    uv run python examples/06_click_standalone.py import     # then press Ctrl-C; echo $?
"""

from __future__ import annotations

from notes_cli.click_app import cli

if __name__ == "__main__":
    cli(prog_name="notes")
