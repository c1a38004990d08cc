"""Input checks only; the rules spanning rows are in services."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from accounts.scope import scoped
from campaigns.selectors import campaign_qs_for
from core.uploads import check_upload
from orgunits.models import Organisation, OrganisationKind

from .models import (
    Event,
    EventTask,
    InviteeGroup,
    ProgrammeItem,
    Registration,
    RolloutPlan,
    RsvpStatus,
)
from .programmes import template_choices

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
D = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _orgs_for(user: Any):  # type: ignore[no-untyped-def]
    return scoped(Organisation.objects.select_related("unit"), user).order_by("unit__path", "name")


class EventForm(forms.ModelForm):
    template = forms.ChoiceField(label=_("Start from"), choices=template_choices, required=False)

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "organiser",
            "host",
            "campaign",
            "plan",
            "starts_at",
            "duration_hours",
            "time_note",
            "venue",
            "rsvp_by",
            "expected_attendance",
            "point_category",
            "banner_top",
            "banner_middle",
            "banner_bottom",
            "slogans",
            "dress_code",
            "press_invited",
            "budget_source",
            "budget_estimate",
        ]
        widgets = {
            "starts_at": DT,
            "rsvp_by": D,
            "banner_middle": forms.Textarea(attrs={"rows": 2}),
            "slogans": forms.Textarea(attrs={"rows": 3}),
            "dress_code": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = _orgs_for(user)
        self.fields["organiser"].queryset = orgs
        self.fields["host"].queryset = orgs
        campaigns = campaign_qs_for(user)
        self.fields["campaign"].queryset = campaigns
        self.fields["plan"].queryset = campaigns
        self.fields["starts_at"].input_formats = [
            "%Y-%m-%dT%H:%M",
            *settings.DATETIME_INPUT_FORMATS,
        ]
        if self.instance.pk:
            del self.fields["template"]


class ProgrammeItemForm(forms.ModelForm):
    class Meta:
        model = ProgrammeItem
        fields = ["part", "title", "performer", "planned_time", "duration_minutes"]
        widgets = {"planned_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class InviteeGroupForm(forms.ModelForm):
    match_kinds_list = forms.MultipleChoiceField(
        label=_("Organisation kinds to match"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    class Meta:
        model = InviteeGroup
        fields = [
            "description",
            "convening_organisation",
            "convening_note",
            "expected_count",
            "protocol_rank",
            "match_min_rank",
            "match_position",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["convening_organisation"].queryset = _orgs_for(user)
        self.fields["match_kinds_list"].initial = self.instance.kinds
        from people.models import PositionRank

        self.fields["match_min_rank"] = forms.TypedChoiceField(
            label=_("Minimum position rank"),
            choices=PositionRank.choices,
            coerce=int,
            initial=self.instance.match_min_rank,
        )

    def save(self, commit: bool = True) -> InviteeGroup:
        self.instance.match_kinds = ",".join(self.cleaned_data.get("match_kinds_list") or [])
        return super().save(commit)


class InvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        check_upload(
            f,
            allowed=(".xlsx",),
            messages={
                "bad_type": _("Upload an Excel file (.xlsx)."),
                "bad_content": _("The file is not an Excel workbook (.xlsx)."),
            },
        )
        return f


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (RsvpStatus.ACCEPTED, _("I will attend")),
            (RsvpStatus.DECLINED, _("I cannot attend")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class CheckInForm(forms.Form):
    token = forms.CharField(label=_("Code on the invitation (or scan the QR code)"), max_length=500)


class EventTaskForm(forms.ModelForm):
    class Meta:
        model = EventTask
        fields = ["assignee", "assignee_text", "text", "deadline", "status", "notes"]
        widgets = {
            "deadline": D,
            "text": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 1}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["assignee"].queryset = Organisation.objects.filter(
                unit__path__startswith=user.scope_path or ""
            ).order_by("unit__path", "name")


class TransitionForm(forms.Form):
    target = forms.CharField(max_length=20)


class RolloutPublishForm(forms.ModelForm):
    """The roll-out's two deadlines; saving publishes it (or moves them)."""

    class Meta:
        model = RolloutPlan
        fields = ["registration_deadline", "report_deadline"]
        widgets = {"registration_deadline": D, "report_deadline": D}


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["planned_date", "venue", "plan_text", "plan_file"]
        widgets = {"planned_date": D, "plan_text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["planned_date"].required = True
        self.fields["venue"].required = True

    def clean_plan_file(self) -> Any:
        f = self.cleaned_data.get("plan_file")
        if f and isinstance(f, UploadedFile):  # a new upload, not the file already kept
            check_upload(
                f,
                allowed=(".pdf", ".docx"),
                messages={"bad_type": _("The plan must be a PDF or Word (.docx) file.")},
            )
        return f


class ReportForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["held_on", "attendance", "result_text"]
        widgets = {"held_on": D, "result_text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].required = True
        self.fields["result_text"].required = True
