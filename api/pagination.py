"""Cursor pagination: stable under inserts (a mirror paging through documents never skips or
repeats one because an editor published another meanwhile) and cheap at any depth."""

import base64
import binascii

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


class ArchiveCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("pk",)
    invalid_cursor_message = "The cursor is not valid: follow the next/previous links as given."

    def get_ordering(self, request, queryset, view):
        """Each endpoint's own order (``ordering`` on the view): documents by date, …"""
        ordering = getattr(view, "ordering", None) or self.ordering
        return (ordering,) if isinstance(ordering, str) else tuple(ordering)

    def decode_cursor(self, request):
        """A cursor that is not one we made is a 400 naming the parameter (DRF says 404)."""
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [self.invalid_cursor_message]}) from None

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        try:
            size = int(value)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            # (More than the largest was quietly cut to it, where 0 was refused.)
            raise ValidationError(
                {"page_size": [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return size


class ListCursorPagination(ArchiveCursorPagination):
    """The same cursors over a list computed in Python (the timeline): the cursor encodes the
    position in the list."""

    def paginate_queryset(self, items, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        start = self.decode_position(request.query_params.get(self.cursor_query_param))
        self.start, self.total = start, len(items)
        return items[start : start + self.page_size]

    def decode_position(self, value):
        if value is None:
            return 0
        try:
            position = int(base64.urlsafe_b64decode(value.encode()).decode())
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise ValidationError({"cursor": [self.invalid_cursor_message]}) from None
        if position < 0:
            raise ValidationError({"cursor": [self.invalid_cursor_message]})
        return position

    def link(self, position):
        if position is None:
            return None
        if position <= 0:
            return remove_query_param(self.base_url, self.cursor_query_param)
        cursor = base64.urlsafe_b64encode(str(position).encode()).decode()
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data):
        following = self.start + self.page_size
        previous = max(self.start - self.page_size, 0) if self.start > 0 else None
        return Response(
            {
                "next": self.link(following) if following < self.total else None,
                "previous": self.link(previous),
                "results": data,
            }
        )
