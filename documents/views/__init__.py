"""Public pages, one module per page family. Each view is a few lines over a selector, a
filter or a queryset method; the domain layer never sees a request."""
