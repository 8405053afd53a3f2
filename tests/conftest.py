import os

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from documents.cache import forget_read_only

# Property tests draw the same examples on every run (``derandomize``): a suite that is red
# once in a thousand runs cannot land a change, and a run that finds a problem can be run
# again to see it. ``HYPOTHESIS_PROFILE=explore make test`` draws new examples each run, as
# Hypothesis does by default, to look for problems the fixed examples do not reach.
hypothesis_settings.register_profile("fixed", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("explore", print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages must not leak between tests."""
    cache.clear()
    forget_read_only()
    yield
    cache.clear()
    forget_read_only()
