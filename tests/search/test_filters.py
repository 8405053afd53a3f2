"""The search filters narrow the index's rows and nothing else."""

import pytest

from search.backends import public_entries
from search.filters import SearchFilter

pytestmark = pytest.mark.django_db


def test_no_filter_makes_the_entries_distinct(corpus):
    """The statistics number the matches in the order they are found and score the first
    RANK_CAP of them (PostgresBackend.matches); a DISTINCT would reorder them after the
    numbering, and the first rows could then come unscored (a 500 on PostgreSQL)."""
    data = {
        "type": ["section", "quote"],
        "kind": ["guidelines"],
        "area": "space-and-cyberspace",
        "issuer": "mofa",
        "official": "senior-official",
        "year_from": "1990",
        "year_to": "2020",
        "document": "guidelines-2015",
        "sort": "newest",
    }
    for name, value in data.items():
        filterset = SearchFilter({name: value}, queryset=public_entries())
        assert filterset.is_valid(), (name, filterset.errors)
        assert not filterset.qs.query.distinct, name
    assert not SearchFilter(data, queryset=public_entries()).qs.query.distinct
