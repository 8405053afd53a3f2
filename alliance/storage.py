"""The static files' storage in production: whitenoise's compressed, hashed files, with each
file's URL remembered.

Every page asks for the same three static URLs (the stylesheet, the icon, the script); the
manifest storage worked each out again (splitting, unquoting and looking the name up in the
manifest) on every request. The manifest is read once when the process starts, so an answer
cannot change while it runs; ``force`` and DEBUG, which change the answer, are in the key.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class RememberingStaticFilesStorage(CompressedManifestStaticFilesStorage):
    REMEMBERED = 1024  # names; the templates name a handful

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        key = (name, force, settings.DEBUG)
        try:
            return self._urls[key]
        except KeyError:
            url = super().url(name, force)
            if len(self._urls) >= self.REMEMBERED:
                self._urls.clear()
            self._urls[key] = url
            return url

    def post_process(self, *args, **kwargs):
        # collectstatic replaces the manifest in this process: forget what it said before.
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
