"""Query-count tests that measure growth, not an exact number.

An N+1 shows as a count that grows with the data; a harmless extra prefetch or a Django
upgrade changes the count by a constant. So: measure at N objects, add as many again, measure
at 2N; the two counts must be equal, and both under a ceiling.
"""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(action):
    """The number of SQL queries ``action()`` runs (the page cache emptied first)."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def assert_no_growth(action, grow, *, ceiling, label=""):
    """``action`` costs as many queries after ``grow()`` has doubled the data as before, and
    no more than ``ceiling``."""
    small = count_queries(action)
    grow()
    large = count_queries(action)
    where = f" ({label})" if label else ""
    assert small == large, f"queries grew from {small} to {large} when the data doubled{where}"
    assert large <= ceiling, f"{large} queries, over the ceiling of {ceiling}{where}"
    return large


def get_ok(client, url, status=200):
    """An action for assert_no_growth: GET ``url`` and expect ``status``."""

    def action():
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return response

    return action


def assert_same_count(actions, *, ceiling, label=""):
    """Each of ``actions`` (e.g. one page of 5 records, one of 10) costs as many queries as
    the others, and no more than ``ceiling``."""
    counts = [count_queries(action) for action in actions]
    where = f" ({label})" if label else ""
    assert len(set(counts)) == 1, f"query counts differ: {counts}{where}"
    assert counts[0] <= ceiling, f"{counts[0]} queries, over the ceiling of {ceiling}{where}"
    return counts[0]
