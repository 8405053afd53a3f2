"""The production static storage: hashed names from the manifest, each URL worked out once."""

import json

import pytest
from django.test import override_settings

from alliance.storage import RememberingStaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"paths": {"css/site.css": "css/site.0123abcd.css"}, "version": "1.1"})
    )
    with override_settings(DEBUG=False):
        yield RememberingStaticFilesStorage(location=tmp_path, base_url="/static/")


def test_a_url_is_the_manifests_hashed_name(storage):
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("css/missing.css")


def test_a_url_is_worked_out_once(storage, monkeypatch):
    first = storage.url("css/site.css")

    def refuse(name):
        raise AssertionError("worked out again")

    monkeypatch.setattr(storage, "stored_name", refuse)
    assert storage.url("css/site.css") == first
    # DEBUG changes the answer (the file's own name), so it is part of what is remembered.
    with override_settings(DEBUG=True):
        assert storage.url("css/site.css") == "/static/css/site.css"


def test_collectstatic_forgets_the_old_manifests_answers(storage, tmp_path):
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text("body { color: black; }")
    list(storage.post_process({"css/site.css": (storage, "css/site.css")}))
    assert storage.url("css/site.css") != "/static/css/site.0123abcd.css"
    assert storage.url("css/site.css").startswith("/static/css/site.")
