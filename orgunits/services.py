"""Writes on organisations that other apps share."""

from django.db import transaction

from .models import DocumentSeries, Organisation


@transaction.atomic
def document_number_allocate(organisation: Organisation, type_code: str, year: int) -> int:
    """Take the next number of ``organisation``'s ``type_code`` series for ``year``.

    The unique constraint makes the ``get_or_create`` race-safe and the row lock
    serialises concurrent takers (ENGINEERING.md: invariants live in constraints and locks).
    """
    DocumentSeries.objects.get_or_create(organisation=organisation, type_code=type_code, year=year)
    series = DocumentSeries.objects.select_for_update().get(
        organisation=organisation, type_code=type_code, year=year
    )
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number
