"""Anonymous throttling per client address: past the rate, 429 with Retry-After (seconds)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    scope = "anon"

    def get_rate(self):
        # Read at each request, so the setting (API_THROTTLE_RATE) can change without a
        # restart of the class's import-time copy.
        return settings.API_THROTTLE_RATE
