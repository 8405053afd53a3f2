"""Shared fixtures of the documents tests: the users the admin's tests act as (a member of
Editors or Publishers, logged in), and one fixed day."""

import pytest
from django.contrib.auth.models import Group, User


def staff_user(username, group=None, **extra):
    """A staff user, in ``group`` (the groups' permissions come with the migrations)."""
    user = User.objects.create_user(username, password="pw", is_staff=True, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(client):
    user = staff_user("editor", "Editors")
    client.force_login(user)
    return user


@pytest.fixture
def publisher(client):
    user = staff_user("publisher", "Publishers")
    client.force_login(user)
    return user


@pytest.fixture
def one_day(monkeypatch):
    """Today, at noon, for the whole test: a test that asks for a page dated by the day it is
    read ("accessed") and then for today's date could otherwise straddle midnight."""
    from django.utils import timezone

    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    return noon.date()
