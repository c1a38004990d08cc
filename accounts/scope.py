"""The one place that decides what a user may see (DOMAIN.md section 1).

A user sees what belongs to their organisation's administrative subtree; anything
else does not exist for them. Every app's selectors go through :func:`scoped`, and
views fetch single objects with :func:`get_scoped_or_404`, so an id from the
browser outside the subtree is a 404, never a 403 that would confirm it exists.
"""

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=Model)


def scoped(qs: QuerySet[M], user: Any, path_field: str = "unit__path") -> QuerySet[M]:
    """Filter ``qs`` to the rows whose unit lies in ``user``'s subtree."""
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    path = user.scope_path
    if path is None:
        return qs
    return qs.filter(**{f"{path_field}__startswith": path})


def get_scoped_or_404(
    qs: QuerySet[M], user: Any, path_field: str = "unit__path", **lookup: Any
) -> M:
    return get_object_or_404(scoped(qs, user, path_field), **lookup)


def unit_in_scope(user: Any, unit: Any) -> bool:
    path = user.scope_path
    return path is None or unit.path.startswith(path)
