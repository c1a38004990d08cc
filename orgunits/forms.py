from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class UnitImportForm(forms.Form):
    """Input checks only; what the file holds is checked by ``orgunits.imports``."""

    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        # An empty file gets the import's own message, like every other bad upload.
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "form-control"
