"""System checks for the archive's own settings."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.compatibility, deploy=True)
def check_corrections_contact(app_configs, **kwargs):
    """The About page tells readers how to report an error: it needs somewhere to send them."""
    if settings.ALLIANCE_CONTACT_EMAIL or settings.ALLIANCE_CORRECTIONS_URL:
        return []
    return [
        Warning(
            "Readers have no way to report an error: the About page has no contact.",
            hint="Set ALLIANCE_CONTACT_EMAIL (an address that reaches the editors) or "
            "ALLIANCE_CORRECTIONS_URL (an issue tracker or form), or both.",
            id="documents.W001",
        )
    ]
