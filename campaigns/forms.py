"""Forms: input checks only; rules that span rows are called from services."""

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import F
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from orgunits.models import Organisation, OrganisationKind
from orgunits.selectors import organisation_qs_for

from . import services
from .models import (
    AppliesTo,
    Assignment,
    BasisReference,
    Campaign,
    CampaignStatus,
    ContentItem,
    DistributionTarget,
    Indicator,
    Phase,
    PlanSection,
    Recipient,
    SubjectCategory,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "issuer",
            "kind",
            "title",
            "place",
            "parent_organ_line",
            "start_date",
            "end_date",
            "theme",
            "preamble",
            "closing",
            "signer_authority",
            "signer_name",
            "archive_note",
            "cascade_level",
            "awards_per_phase",
            "award_text",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "title": forms.Textarea(attrs={"rows": 2}),
            "theme": forms.Textarea(attrs={"rows": 2}),
            "preamble": forms.Textarea(attrs={"rows": 3}),
            "closing": forms.Textarea(attrs={"rows": 3}),
            "signer_authority": forms.Textarea(attrs={"rows": 3}),
            "award_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only organisations in the user's own subtree may issue a plan they write. Bodies
        # that ended with the 2025 reorganisation stay offered: a 2024 plan of UBND tỉnh
        # Đắk Nông is still entered and edited under its issuer of the time (checked in
        # clean() against the start date). Security teams issue no plans.
        self.fields["issuer"].queryset = (
            organisation_qs_for(user)
            .exclude(kind=OrganisationKind.SECURITY_TEAM)
            .order_by(F("valid_to").desc(nulls_first=True), "unit__path", "name")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The campaign cannot end before it starts."))
        issuer = data.get("issuer")
        if issuer and start and not issuer.is_active_on(start):
            self.add_error(
                "issuer",
                _("This organisation did not exist on the start date of the campaign."),
            )
        if self.instance.pk and self.instance.is_frozen:
            raise forms.ValidationError(
                _("An issued plan cannot be changed. Start a new revision to change it.")
            )
        return data


class OrderedRowForm(forms.ModelForm):
    """Every child row has an order; the edit page renumbers rows as shown.

    ``columns`` gives a field its Bootstrap grid classes in the row (phone first, then
    wider screens); fields not listed get a width from their widget (see ``row_col``).
    """

    columns: dict[str, str] = {}

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        self.campaign = campaign
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's Textarea defaults to 10 rows: far too tall for a row of a list.
            if isinstance(field.widget, forms.Textarea) and field.widget.attrs.get("rows") in (
                None,
                "10",
            ):
                field.widget.attrs["rows"] = 2
        if "order" in self.fields:
            self.fields["order"].widget = forms.HiddenInput()


class PhaseForm(OrderedRowForm):
    columns = {
        "name": "col-12 col-md-4",
        "start_date": "col-6 col-md-2",
        "end_date": "col-6 col-md-2",
        "dedication": "col-12 col-md-4",
    }

    class Meta:
        model = Phase
        fields = ["order", "name", "start_date", "end_date", "dedication"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}


class IndicatorForm(OrderedRowForm):
    applies_to = forms.MultipleChoiceField(
        label=_("Applies to"),
        choices=AppliesTo.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    columns = {
        "code": "col-4 col-md-2",
        "name": "col-8 col-md-6",
        "content_item": "col-12 col-md-4",
        "kind": "col-6 col-md-3",
        "comparator": "col-6 col-md-2",
        "target_value": "col-6 col-md-2",
        "unit_label": "col-6 col-md-2",
        "frequency": "col-12 col-md-3",
        "numerator_label": "col-12 col-md-6",
        "denominator_label": "col-12 col-md-6",
        "aggregation": "col-12 col-md-6",
        "applies_to": "col-12 col-md-6",
    }

    class Meta:
        model = Indicator
        fields = [
            "order",
            "code",
            "name",
            "content_item",
            "kind",
            "comparator",
            "target_value",
            "unit_label",
            "frequency",
            "numerator_label",
            "denominator_label",
            "aggregation",
            "applies_to",
        ]
        # Both model fields read "Chỉ tiêu" in Vietnamese; side by side they need apart.
        labels = {"name": _("Indicator name"), "target_value": _("Target value")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content_item"].queryset = ContentItem.objects.filter(campaign=self.campaign)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        value = data.get("target_value")
        kind = data.get("kind")
        if kind and "target_value" not in self.errors:
            error = services.indicator_value_error(kind, value)
            if error:
                self.add_error("target_value", error)
        parent = self.instance.parent_indicator if self.instance.pk else None
        if parent and value is not None and data.get("comparator") and not self.errors:
            error = services.weaker_target_error(parent, data["comparator"], value)
            if error:
                self.add_error("target_value", error)
        return data


class AssignmentForm(OrderedRowForm):
    columns = {
        "number": "col-4 col-md-1",
        "title": "col-8 col-md-5",
        "lead": "col-12 col-md-6",
        "lead_text": "col-12 col-md-6",
        "cooperating": "col-12 col-md-6",
        "text": "col-12",
        "deadline": "col-6 col-md-3",
        "deliverable": "col-12 col-md-9",
    }

    class Meta:
        model = Assignment
        fields = [
            "order",
            "number",
            "title",
            "lead",
            "lead_text",
            "cooperating",
            "text",
            "deadline",
            "deliverable",
        ]
        widgets = {"deadline": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Lead and cooperating units: any organisation in the issuer's province but the
        # security teams (dozens per ward; plans assign them as a group, in lead_text).
        province = self.campaign.unit.province or self.campaign.unit
        orgs = (
            Organisation.objects.filter(unit__path__startswith=province.path)
            .exclude(kind=OrganisationKind.SECURITY_TEAM)
            .order_by("name")
        )
        self.fields["lead"].queryset = orgs
        self.fields["cooperating"].queryset = orgs
        self.fields["cooperating"].widget.attrs["size"] = 4

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        error = services.assignment_deadline_error(self.campaign, data.get("deadline"))
        if error:
            self.add_error("deadline", error)
        if not data.get("lead") and not data.get("lead_text"):
            self.add_error("lead", _("Choose the lead unit or write it."))
        return data


class SectionForm(OrderedRowForm):
    class Meta:
        model = PlanSection
        fields = ["order", "parent", "number", "title", "inline_title", "kind", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = PlanSection.objects.filter(campaign=self.campaign)


class ContentItemForm(OrderedRowForm):
    class Meta:
        model = ContentItem
        fields = ["order", "number", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class BasisForm(OrderedRowForm):
    class Meta:
        model = BasisReference
        fields = ["order", "text"]


class RecipientForm(OrderedRowForm):
    class Meta:
        model = Recipient
        fields = ["order", "text"]


class SubjectForm(OrderedRowForm):
    class Meta:
        model = SubjectCategory
        fields = ["order", "kind", "code", "name", "description"]


class DistributionTargetForm(OrderedRowForm):
    class Meta:
        model = DistributionTarget
        fields = ["order", "classification", "or_better", "min_share"]

    def clean_min_share(self) -> Any:
        value = self.cleaned_data["min_share"]
        if value is not None and not (0 <= value <= 100):
            raise forms.ValidationError(_("A share must be between 0 and 100%."))
        return value


class PhaseFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        phases = [
            Phase(
                name=f.cleaned_data.get("name", ""),
                start_date=f.cleaned_data.get("start_date"),
                end_date=f.cleaned_data.get("end_date"),
            )
            for f in kept
        ]
        for index, errors in services.phase_errors(self.instance, phases).items():
            for field, message in errors.items():
                kept[index].add_error(field, message)


def _formset(model: Any, form: Any, formset: Any = BaseInlineFormSet) -> Any:
    return inlineformset_factory(
        Campaign, model, form=form, formset=formset, extra=0, can_delete=True, fk_name="campaign"
    )


# relation name -> (title, formset class, model)
RELATIONS: dict[str, tuple[Any, Any]] = {
    "basis": (_("Basis (căn cứ)"), _formset(BasisReference, BasisForm)),
    "sections": (_("Sections of the plan"), _formset(PlanSection, SectionForm)),
    "phases": (_("Phases"), _formset(Phase, PhaseForm, PhaseFormSet)),
    "contents": (_("Content items"), _formset(ContentItem, ContentItemForm)),
    "indicators": (_("Indicators and targets"), _formset(Indicator, IndicatorForm)),
    "distribution": (
        _("Distribution targets"),
        _formset(DistributionTarget, DistributionTargetForm),
    ),
    "assignments": (_("Assignments"), _formset(Assignment, AssignmentForm)),
    "recipients": (_("Recipients"), _formset(Recipient, RecipientForm)),
    "subjects": (_("Subjects"), _formset(SubjectCategory, SubjectForm)),
}


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=CampaignStatus.choices)
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # The day the leader signed: a plan signed on paper may be registered days later.
    issued_on = forms.DateField(label=_("Date of issue"), required=False, widget=DATE_INPUT)

    def clean_issued_on(self) -> Any:
        value = self.cleaned_data["issued_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of issue cannot be in the future."))
        return value


class ChildCampaignForm(forms.Form):
    issuer = forms.ModelChoiceField(label=capfirst(_("issuing organisation")), queryset=None)

    def __init__(self, *args: Any, user: Any, parent: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = user.scope_unit
        # The bodies of the user's own unit that existed when the parent plan started
        # (a 2024 plan is implemented by the 2024 bodies, even after the reorganisation).
        self.fields["issuer"].queryset = (
            Organisation.objects.filter(unit=unit)
            .exclude(kind=OrganisationKind.SECURITY_TEAM)
            .exclude(valid_to__lt=parent.start_date)
            .order_by("name")
            if unit
            else Organisation.objects.none()
        )
        self.fields["issuer"].initial = user.organisation_id
