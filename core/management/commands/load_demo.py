"""Load the demo data from the seed plans. Idempotent: a second run changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from orgunits import demo as orgunits_demo
from people import demo as people_demo


class Command(BaseCommand):
    help = "Load the demo units, organisations, people, users and seed plans (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            ctx: dict[str, Any] = {}
            ctx["units"] = orgunits_demo.load()
            ctx["people"] = people_demo.load(ctx["units"])
            ctx["users"] = accounts_demo.load(ctx["people"])
            for loader in DEMO_LOADERS:
                loader(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))


# Later apps append ``load(ctx)`` callables here, in dependency order.
DEMO_LOADERS: list[Any] = []
