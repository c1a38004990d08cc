"""Helpers for idempotent demo loaders: running a loader twice changes nothing."""

from typing import Any, TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def upsert(
    model: type[M], lookup: dict[str, Any], values: dict[str, Any], *, clean: bool = True
) -> M:
    """Create the row or update it, saving only when a value really changed.

    ``update_or_create`` always saves, which would add an audit-history row on every
    run; demo loading must leave the database untouched the second time.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        if clean:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        return obj
    changed = False
    for key, value in values.items():
        current = getattr(obj, key)
        if isinstance(value, Model):
            if getattr(obj, f"{key}_id") != value.pk:
                setattr(obj, key, value)
                changed = True
        elif current != value:
            setattr(obj, key, value)
            changed = True
    if changed:
        obj.save()
    return obj


def set_m2m(manager: Any, objs: list[Any]) -> None:
    """Set a many-to-many relation only when it differs (no history noise)."""
    wanted = {o.pk for o in objs}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(objs)
