"""The lesson's exceptions, one tree:

    SearchError                  anything this package raises on purpose
    +-- ConfigError              a SHOPSEARCH_* variable is invalid (the CLI exits 78)
    +-- DatabaseUnavailable      Postgres cannot be reached (the CLI exits 69)
    +-- IndexingFailed           Elasticsearch refused some documents; `.failures` names them

Catch `SearchError` at the edge to map any of them to an exit code.
"""

from __future__ import annotations


class SearchError(Exception):
    """Base class: `except SearchError` catches everything below."""


class ConfigError(SearchError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class DatabaseUnavailable(SearchError):
    pass


class IndexingFailed(SearchError):
    def __init__(self, failures: list[tuple[str, str]]) -> None:
        super().__init__(f"{len(failures)} document(s) failed, first: {failures[0]}")
        self.failures = failures
