"""One family of errors, each knowing what went wrong, where, and the HTTP status it maps to."""

from __future__ import annotations

from dataclasses import dataclass, field


class KBError(Exception):
    """Base of every error Parley reports to a person; ``str()`` is the message to show."""

    http_status = 500


class BadInput(KBError):
    """The input (a file, a query, a parameter) is wrong; nothing was written."""

    http_status = 400


class ParseError(BadInput):
    """A syntax error, located as ``FILE:LINE:COLUMN: message`` like compilers do."""

    def __init__(self, source: str, line: int | None, column: int | None, message: str):
        self.source, self.line, self.column, self.message = source, line, column, message
        where = ":".join(str(part) for part in (source, line, column) if part is not None)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Violation:
    """One shape violation: which node, which property, which value, what is wrong."""

    focus: str
    message: str
    path: str | None = None
    value: str | None = None
    shape: str | None = None
    source: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        detail = f"; got {self.value}" if self.value and self.value not in self.message else ""
        return f"{where}{self.focus}: {self.message}{detail}"


class ValidationError(BadInput):
    """The input parsed but breaks the shapes; ``violations`` lists every problem."""

    def __init__(self, violations: list[Violation]):
        self.violations = violations
        lines = [str(v) for v in violations]
        super().__init__(f"{len(violations)} shape violation(s):\n" + "\n".join(lines))


class QueryError(BadInput):
    """A SPARQL query does not parse or cannot run as asked."""


class NotFound(KBError):
    """A named query, graph or file that does not exist."""

    http_status = 404


class QueryTimeout(KBError):
    """The query ran past the time limit and was stopped (or, on a server, given up on)."""

    http_status = 503


class StoreError(KBError):
    """The store cannot be opened or written (locked, missing, unreachable)."""

    http_status = 503


class StoreLocked(StoreError):
    """Another process (a running server) holds the embedded store."""


class ShapesError(KBError):
    """The shapes file uses a SHACL feature the compiler cannot check exactly."""
