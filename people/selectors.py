from typing import Any

from django.db.models import QuerySet

from accounts.scope import scoped

from .models import Person


def person_qs_for(user: Any) -> QuerySet[Person]:
    return scoped(Person.objects.select_related("organisation", "unit"), user)
