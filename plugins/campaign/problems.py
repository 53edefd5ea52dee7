"""Problems found in an organizer's content, reported all at once.

Every check in the plugin adds to a `Problems` list instead of raising at the
first mistake, so an organizer sees every problem in one run, each as
`path:line: message (hint)`.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    hint: str = ""
    severity: str = "error"  # "error" stops the build; "warning" does not

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}{hint}"


class Problems(list):
    """A list of Problem with helpers to add and summarise."""

    def error(self, path, line, message, hint=""):
        self.append(Problem(str(path), int(line or 1), message, hint, "error"))

    def warning(self, path, line, message, hint=""):
        self.append(Problem(str(path), int(line or 1), message, hint, "warning"))

    @property
    def errors(self):
        return [p for p in self if p.severity == "error"]

    @property
    def warnings(self):
        return [p for p in self if p.severity == "warning"]

    def in_order(self) -> list[Problem]:
        """Each problem once, by file, then line, errors before warnings."""
        return sorted(set(self), key=lambda p: (p.path, p.line, p.severity, p.message, p.hint))

    def report(self) -> str:
        lines = [str(p) for p in self.in_order()]
        lines.append(summary_line(len(set(self.errors)), len(set(self.warnings))))
        return "\n".join(lines)


def summary_line(errors: int, warnings: int) -> str:
    def plural(n, word):
        return f"{n} {word}" + ("" if n == 1 else "s")

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def stop_on_errors(problems: Problems):
    """Print every error, plainly, one per line (a log formatter would wrap a
    path:line), and stop the build."""
    if problems.errors:
        sys.stderr.write(problems.report() + "\n")
        sys.stderr.flush()
        raise CampaignContentError(problems)


class CampaignContentError(Exception):
    """Raised to stop a build: the content has errors an organizer must fix.

    Pelican's command line turns any exception escaping `Pelican.run` into a
    non-zero exit, which is why the plugin raises instead of only logging.
    """

    exitcode = 1

    def __init__(self, problems: Problems):
        self.problems = problems
        count = len(set(problems.errors))
        super().__init__(
            f"the build stopped: {count} error{'s' if count != 1 else ''} in the campaign content, listed above"
        )


class _ContentErrorsWithoutTraceback(logging.Filter):
    """Pelican's command line logs any exception that stops a build with its
    traceback. A CampaignContentError's problems are already printed, each
    with its file and line: the traceback would only bury them."""

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], CampaignContentError):
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_content_error_tracebacks(logger_name: str = "pelican"):
    """Install the filter on Pelican's logger, once however many builds run."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, _ContentErrorsWithoutTraceback) for f in logger.filters):
        logger.addFilter(_ContentErrorsWithoutTraceback())
