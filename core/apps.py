from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import cachegen

        # One receiver for every model: cached pages go stale when any tracked data changes.
        for signal, name in ((post_save, "save"), (post_delete, "delete"), (m2m_changed, "m2m")):
            signal.connect(
                cachegen.on_model_change, dispatch_uid=f"core.cachegen.{name}", weak=False
            )
