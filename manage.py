#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    # Commands (migrate, load_archive, index rebuilds) may run long statements on purpose;
    # the served site keeps its timeouts (alliance/settings.py).
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
    os.environ.setdefault("DATABASE_READ_TIMEOUT", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
