"""Errors of the settings demo, and the exit codes they map to at the edge.

Exception tree::

    SettingsDemoError            catch this to handle anything this package raises
    └── ConfigError              the configuration is invalid; carries every problem at once

The service maps them to exit codes in one place (``settings_demo.service.main``):

    ====  =====================  ==============================================
    code  name                   meaning
    ====  =====================  ==============================================
    0     EXIT_OK                served until SIGTERM, then stopped cleanly
    2     (argparse)             bad command-line usage
    69    EXIT_UNAVAILABLE       config was valid but the port could not be bound
    78    EXIT_CONFIG            config invalid: nothing was bound, nothing served
    ====  =====================  ==============================================

Ctrl-C (SIGINT) closes the server, then ends the process *by* SIGINT (a shell shows 130).
69 and 78 are ``EX_UNAVAILABLE`` and ``EX_CONFIG`` from BSD ``sysexits.h`` (also
``os.EX_CONFIG`` on Unix), so a supervisor can tell "fix the config" from "try again".
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_UNAVAILABLE = 69
EXIT_CONFIG = 78


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One invalid setting, named the way an operator sets it.

    ``message`` never contains the rejected value: a rejected value may be a secret.
    """

    env_var: str
    field: str
    message: str


class SettingsDemoError(Exception):
    """Base class. ``except SettingsDemoError`` catches every error this package raises."""


class ConfigError(SettingsDemoError):
    """The configuration is invalid. ``problems`` lists every invalid setting, not the first."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__(self.report())

    @property
    def env_vars(self) -> list[str]:
        """The environment variable of each problem, in report order."""
        return [problem.env_var for problem in self.problems]

    def report(self) -> str:
        """A multi-line report for stderr: one line per invalid setting."""
        count = len(self.problems)
        noun = "setting is" if count == 1 else "settings are"
        lines = [f"signer: refusing to start, {count} {noun} invalid:"]
        lines += [f"  {problem.env_var}: {problem.message}" for problem in self.problems]
        return "\n".join(lines)
