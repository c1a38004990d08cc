"""The registry of document kinds.

A kind is one module and one template. The module subclasses :class:`DocumentKind`
and decorates it with :func:`register`; the template extends
``documents/base_document.html`` (usually it only names itself). Modules are found in
``documents/kinds/`` and in every installed app's ``document_kinds`` module, so the
events and awards apps add their kinds without touching this app. See
``documents/README.md``.
"""

from importlib import import_module
from pkgutil import iter_modules
from typing import Any, ClassVar

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.utils.module_loading import module_has_submodule

from .blocks import Document

_REGISTRY: dict[str, "DocumentKind"] = {}


class UnknownKind(LookupError):
    pass


class DocumentKind:
    """Base of every kind: how to find a source object and turn it into a :class:`Document`."""

    name: ClassVar[str]
    label: ClassVar[Any]  # lazy translated label for the UI
    model: ClassVar[type[Model]]
    template: ClassVar[str] = ""  # defaults to documents/kinds/<name>.html

    def get_template(self) -> str:
        return self.template or f"documents/kinds/{self.name}.html"

    # --- sources -------------------------------------------------------------------
    def queryset_for(self, user: Any) -> QuerySet:
        """Source objects ``user`` may print (scoped: outside the subtree is a 404)."""
        raise NotImplementedError

    def prepare(self, qs: QuerySet) -> QuerySet:
        """Prefetch what :meth:`build` reads, so a render is a fixed number of queries."""
        return qs

    def lookup(self, reference: str, year: int | None = None) -> Model:
        """The source object printed by ``print_document <kind> <reference>``."""
        raise ObjectDoesNotExist(reference)

    def build(self, obj: Any, **options: Any) -> Document:
        raise NotImplementedError

    def unit_id(self, obj: Any) -> int | None:
        """The administrative unit a batch of ``obj`` is scoped to (its own, its campaign's
        or its event's unit)."""
        for path in ("unit_id", "campaign.unit_id", "event.unit_id"):
            value: Any = obj
            for part in path.split("."):
                value = getattr(value, part, None)
            if value:
                return int(value)
        return None

    def back_link(self, obj: Any) -> tuple[str, str] | None:
        """(label, URL) of the page a batch of ``obj`` was started from (its event, its
        proposal), for the batch page's way back; None when there is none."""
        return None

    # --- storage -------------------------------------------------------------------
    def revision(self, obj: Any) -> int:
        return int(getattr(obj, "revision", 1) or 1)

    def is_final(self, obj: Any) -> bool:
        """An issued document's stored file never changes (a new revision is a new file)."""
        return False


def register(cls: type[DocumentKind]) -> type[DocumentKind]:
    """Class decorator: ``@register class PlanKind(DocumentKind): name = "plan"``."""
    if cls.name in _REGISTRY and type(_REGISTRY[cls.name]) is not cls:
        raise ValueError(f"document kind {cls.name!r} is registered twice")
    _REGISTRY[cls.name] = cls()
    return cls


def autodiscover() -> None:
    """Import documents/kinds/* and every installed app's ``document_kinds`` module."""
    package = import_module("documents.kinds")
    for info in iter_modules(package.__path__):
        import_module(f"documents.kinds.{info.name}")
    for config in apps.get_app_configs():
        if config.name != "documents" and module_has_submodule(config.module, "document_kinds"):
            import_module(f"{config.name}.document_kinds")


def get_kind(name: str) -> DocumentKind:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownKind(name) from None


def all_kinds() -> dict[str, DocumentKind]:
    return dict(_REGISTRY)
