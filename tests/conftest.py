import pytest
from django.core.cache import cache

from documents.cache import forget_read_only


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages must not leak between tests."""
    cache.clear()
    forget_read_only()
    yield
    cache.clear()
    forget_read_only()
