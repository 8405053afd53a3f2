"""Turning plain-text documents into sections; see ``documents.importer.parser``."""

from documents.importer.parser import (
    ParsedSection,
    ParsedText,
    ParseError,
    SourceFile,
    normalise_whitespace,
    parse_text,
    read_source,
    reassemble,
)

__all__ = [
    "ParseError",
    "ParsedSection",
    "ParsedText",
    "SourceFile",
    "normalise_whitespace",
    "parse_text",
    "read_source",
    "reassemble",
]
