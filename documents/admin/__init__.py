"""The editors' admin.

Every change to a document, its sections or quotes is kept as a revision, with its author:
the "History" button shows them and compares any two. Editors add and change everything but
cannot publish, withdraw or delete a published document; publishers
(``documents.publish_document``) may publish and withdraw. Nothing publishes by accident: a
new document is a draft, and only a publisher can change the status.
"""

from documents.admin import document, tags, taxonomy, text  # noqa: F401  (registers the admins)
