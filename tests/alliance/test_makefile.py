"""`make run` and `make serve` take the port from PORT (the README says so)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(*args):
    """The commands `make` would run (-n: printed, not run), taking the install as done."""
    env = {name: value for name, value in os.environ.items() if name != "PORT"}
    result = subprocess.run(
        ["make", "-n", "-o", "install", "-o", ".venv/.installed-stamp", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_run_serves_on_the_port_given():
    assert "runserver 127.0.0.1:8123" in dry_run("run", "PORT=8123")


def test_make_run_defaults_to_port_8000():
    assert "runserver 127.0.0.1:8000" in dry_run("run")


def test_make_serve_binds_the_port_given():
    assert "--bind 127.0.0.1:8124" in dry_run("serve", "PORT=8124")
