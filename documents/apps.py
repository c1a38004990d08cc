import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from .registry import autodiscover

        # WeasyPrint logs every layout step at INFO: keep PDF batches out of the logs.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        autodiscover()
