"""Domain exceptions: what a read can find besides the object asked for.

Selectors and revisions raise these; they never know a request. The pages map them to
404 / 301 / 410 in one place (``documents.views.common.DomainErrorsMiddleware``), the API in
another (``api.errors``), the same way.
"""


class NotFound(Exception):
    """Nothing public answers to this identifier (unknown, or a draft)."""

    def __init__(self, message="Not found."):
        super().__init__(message)
        self.message = message


class Moved(Exception):
    """The object asked for lives elsewhere now.

    ``renamed`` is true when ``target`` is the same object under a new identifier (an old slug
    or anchor): a URL keeps its shape and takes the new identifier. Otherwise (a removed
    section) the URL leads to ``target``'s own page.
    """

    def __init__(self, target, *, renamed=True):
        super().__init__(str(target))
        self.target = target
        self.renamed = renamed


class Gone(Exception):
    """Withdrawn: the URL answers 410 with a tombstone of ``record`` (the withdrawn document,
    which says what it was, when and why it went)."""

    def __init__(self, record):
        super().__init__(str(record))
        self.record = record
