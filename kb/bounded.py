"""Let one request's store queries run elsewhere, within a deadline.

Why: Parley's pages answer from the statement index; while it is being rebuilt after a write
(minutes on a million statements) they fall back to the named queries, which then take seconds
to a minute each, in the request's thread, where nothing can stop them. For the length of such
a request the web app points :data:`RUNNER` at the query workers (``QueryService.run_bounded``),
which answer from a snapshot of the store and are killed at the deadline: the page then says
it will be back shortly (503) instead of holding a thread for a minute.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

#: ``run(sparql) -> QueryResult`` for the queries of the current request, or None: in-process.
RUNNER: ContextVar[Callable | None] = ContextVar("parley_bounded_runner", default=None)
