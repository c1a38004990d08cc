"""The running order of an event's programme: adding an item at the end, persisting a
drag-and-drop order, and moving one item up or down.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import Event, ProgrammeItem


@transaction.atomic
def programme_item_add(event: Event, **fields: Any) -> ProgrammeItem:
    last = event.programme.aggregate(m=Max("order"))["m"] or 0
    item = ProgrammeItem(event=event, order=last + 1, **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def programme_reorder(event: Event, ids: list[int]) -> None:
    """Persist the order given as the full list of item ids (drag and drop)."""
    items = {i.pk: i for i in ProgrammeItem.objects.select_for_update().filter(event=event)}
    if set(ids) != set(items) or len(ids) != len(items):
        raise ValidationError(
            _("The programme changed meanwhile; reload the page."), code="stale_order"
        )
    for position, pk in enumerate(ids, start=1):
        item = items[pk]
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])


@transaction.atomic
def programme_move(item: ProgrammeItem, direction: str) -> None:
    """Move one item up or down (the buttons without JavaScript)."""
    ids = list(
        ProgrammeItem.objects.select_for_update()
        .filter(event_id=item.event_id)
        .order_by("order", "pk")
        .values_list("pk", flat=True)
    )
    i = ids.index(item.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
    programme_reorder(item.event, ids)
