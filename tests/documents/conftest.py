"""The users the admin's tests act as: a member of Editors or Publishers, logged in."""

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
