class CitationFormatConverter:
    """The download formats of a citation: cite.bib, cite.ris, cite.json."""

    regex = "bib|ris|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class DatabaseIntConverter:
    """A whole number a database column can hold (a revision, a version, a public id): a
    larger one is no such page, a 404, rather than an overflow in the query ("Python int too
    large to convert to SQLite INTEGER", a 500)."""

    regex = "[0-9]+"
    LARGEST = 2**63 - 1  # a signed 64-bit integer: PostgreSQL's bigint, SQLite's INTEGER

    def to_python(self, value):
        number = int(value)
        if number > self.LARGEST:
            raise ValueError(f"{value} is larger than any stored number")
        return number

    def to_url(self, value):
        return str(value)
