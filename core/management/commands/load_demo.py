"""Load the demo data from the seed plans. Idempotent: a second run changes nothing."""

from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from core import cachegen
from orgunits import demo as orgunits_demo
from people import demo as people_demo

# Each app's ``demo.load(ctx)`` in dependency order; an app without a demo module is skipped.
# A loader reads what earlier ones put in ``ctx`` and adds its own objects to it.
DEMO_APPS = ("campaigns", "reports", "events", "awards", "notifications")


def app_loaders() -> list[Any]:
    loaders = []
    for app in DEMO_APPS:
        try:
            module = import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        loaders.append(module.load)
    return loaders


class Command(BaseCommand):
    help = "Load the demo units, organisations, people, users and seed plans (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            ctx: dict[str, Any] = {}
            ctx["units"] = orgunits_demo.load()
            ctx["people"] = people_demo.load(ctx["units"])
            ctx["users"] = accounts_demo.load(ctx["people"])
            for loader in app_loaders():
                loader(ctx)
        # Some loaders write in bulk (no signals): no cached page may outlive the load.
        cachegen.bump_all()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
