class CitationFormatConverter:
    """The download formats of a citation: cite.bib, cite.ris, cite.json."""

    regex = "bib|ris|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
