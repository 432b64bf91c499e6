"""The `pilotage` console command: Django's management commands under the project's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilotage.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pilotage", *sys.argv[1:]])


if __name__ == "__main__":
    main()
