"""Building a proposal (đợt đề nghị): nominees, criteria answers, dossier uploads."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.scope import unit_in_scope
from campaigns.models import SubjectCategory
from core.uploads import check_upload
from orgunits.models import AdminUnit, Organisation
from people.models import Person, PositionRank
from people.services import hold_problem

from ..models import (
    GENERATED_KINDS,
    PER_NOMINEE_KINDS,
    AwardRecord,
    CriterionAnswer,
    DossierDocument,
    DossierKind,
    Nomination,
    NominationBatch,
    NomineeKind,
    Quota,
)
from .common import _duplicate_message, _log, _nominee_filter
from .deadlines import proposer_deadlines_sync
from .rules import criteria_for


@transaction.atomic
def batch_create(
    *, campaign: Any, form: Any, proposer: Organisation, user: Any, title: str = ""
) -> NominationBatch:
    """A new draft proposal of ``proposer`` for ``form`` in ``campaign``."""
    if not unit_in_scope(user, proposer.unit):
        raise PermissionDenied
    batch = NominationBatch(
        campaign=campaign,
        form=form,
        proposer=proposer,
        unit=proposer.unit,
        year=campaign.year,
        title=title,
        created_by=user if getattr(user, "pk", None) else None,
    )
    batch.full_clean()
    batch.save()
    _log(batch, "created", user, to_status=batch.status)
    proposer_deadlines_sync(batch)
    return batch


def _lock_draft(batch: NominationBatch, user: Any) -> NominationBatch:
    from ..permissions import can_edit_batch

    locked = (
        NominationBatch.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=batch.pk)
    )
    if not can_edit_batch(user, locked):
        raise ValidationError(
            _("Only a draft proposal can be changed, by its proposing unit."), code="not_editable"
        )
    return locked


def leader_threshold(batch: NominationBatch) -> int:
    quota = Quota.objects.filter(campaign=batch.campaign_id, form=batch.form_id).first()
    return quota.leader_rank_threshold if quota else PositionRank.DEPUTY_HEAD_DIVISION


@transaction.atomic
def nomination_add(
    batch: NominationBatch,
    *,
    user: Any,
    person: Person | None = None,
    organisation: Organisation | None = None,
    admin_unit: AdminUnit | None = None,
    category: SubjectCategory | None = None,
    achievement: str = "",
    is_leader: bool | None = None,
) -> Nomination:
    """Add one nominee; collectives from the org tree, individuals from the registry."""
    batch = _lock_draft(batch, user)
    given = [x for x in (person, organisation, admin_unit) if x is not None]
    if len(given) != 1:
        raise ValidationError(_("Choose exactly one nominee."), code="one_nominee")
    kind = NomineeKind.INDIVIDUAL if person is not None else NomineeKind.COLLECTIVE
    if not batch.form.allows(kind):
        raise ValidationError(
            _("%(form)s is not given to %(kind)s.")
            % {"form": batch.form.name, "kind": NomineeKind(kind).label.lower()},
            code="subject_not_allowed",
        )
    nominee_unit = person.unit if person else (organisation.unit if organisation else admin_unit)
    assert nominee_unit is not None  # noqa: S101  (one of the three is given)
    if not nominee_unit.path.startswith(batch.unit.path) or not unit_in_scope(user, nominee_unit):
        raise ValidationError(
            _("The nominee must belong to the proposing unit's area."), code="out_of_area"
        )
    if category is not None and (
        category.campaign_id != batch.campaign_id or category.kind != kind
    ):
        raise ValidationError(
            _("Choose a subject category of this campaign for this kind of nominee."),
            code="wrong_category",
        )
    if person is not None and (held := hold_problem(person)) is not None:
        raise held
    match = _nominee_filter(person, organisation, admin_unit)
    if batch.nominations.filter(match).exists():
        raise ValidationError(_("This nominee is already in the proposal."), code="already_in")
    name = str(person or organisation or admin_unit.full_name)  # type: ignore[union-attr]
    if AwardRecord.objects.filter(match, form=batch.form_id, year=batch.year).exists():
        raise ValidationError(_duplicate_message(name, batch.form, batch.year), code="duplicate")
    if is_leader is None:
        is_leader = person is not None and person.position_rank >= leader_threshold(batch)
    nomination = Nomination(
        batch=batch,
        kind=kind,
        person=person,
        organisation=organisation,
        admin_unit=admin_unit,
        category=category,
        category_code=category.code if category else "",
        achievement=achievement,
        is_leader=bool(is_leader) and person is not None,
        order=batch.nominations.count() + 1,
    )
    nomination.full_clean()
    nomination.save()
    _log(batch, "nominee_added", user, nomination=nomination)
    return nomination


@transaction.atomic
def nomination_update(
    nomination: Nomination,
    *,
    user: Any,
    category: SubjectCategory | None,
    achievement: str,
    is_leader: bool,
    answers: dict[int, tuple[bool, str]],
) -> Nomination:
    """Save the nominee's category, achievements, leader flag and criteria answers."""
    _lock_draft(nomination.batch, user)
    if category is not None and (
        category.campaign_id != nomination.batch.campaign_id or category.kind != nomination.kind
    ):
        raise ValidationError(
            _("Choose a subject category of this campaign for this kind of nominee."),
            code="wrong_category",
        )
    nomination.category = category
    nomination.category_code = category.code if category else ""
    nomination.achievement = achievement
    nomination.is_leader = is_leader and nomination.kind == NomineeKind.INDIVIDUAL
    nomination.save()
    valid = {c.pk for c in criteria_for(nomination)}
    for criterion_id, (met, note) in answers.items():
        if criterion_id not in valid:
            continue
        answer = CriterionAnswer.objects.filter(
            nomination=nomination, criterion_id=criterion_id
        ).first()
        if answer is None:
            CriterionAnswer.objects.create(
                nomination=nomination, criterion_id=criterion_id, met=met, note=note
            )
        elif (answer.met, answer.note) != (met, note):
            answer.met, answer.note = met, note
            answer.save()
    return nomination


@transaction.atomic
def nomination_remove(nomination: Nomination, *, user: Any) -> None:
    batch = _lock_draft(nomination.batch, user)
    _log(batch, "nominee_removed", user, reason=nomination.nominee_name)
    nomination.delete()


# What a dossier may hold; core.uploads checks the name, size and real content.
DOSSIER_TYPES = (".pdf", ".docx", ".jpg", ".jpeg", ".png")


@transaction.atomic
def dossier_upload(
    batch: NominationBatch,
    *,
    user: Any,
    kind: str,
    upload: UploadedFile,
    nomination: Nomination | None = None,
) -> DossierDocument:
    """Store one uploaded dossier file after checking its real content and size."""
    batch = _lock_draft(batch, user)
    if kind not in DossierKind.values or kind in GENERATED_KINDS:
        raise ValidationError(_("This document is drafted by the portal."), code="generated_kind")
    if kind in PER_NOMINEE_KINDS:
        if nomination is None or nomination.batch_id != batch.pk:
            raise ValidationError(
                _("Choose the nominee this report belongs to."), code="nominee_required"
            )
    else:
        nomination = None
    checked = check_upload(
        upload,
        allowed=DOSSIER_TYPES,
        messages={"bad_type": _("Only PDF, Word (.docx), JPEG or PNG files are accepted.")},
    )
    document = DossierDocument(
        batch=batch,
        nomination=nomination,
        kind=kind,
        original_name=checked.label[-200:],
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user if getattr(user, "pk", None) else None,
    )
    document.file.save(checked.stored_name(), ContentFile(checked.data), save=False)
    document.save()
    _log(batch, "document_uploaded", user, nomination=nomination, reason=document.original_name)
    return document


@transaction.atomic
def dossier_delete(document: DossierDocument, *, user: Any) -> None:
    batch = _lock_draft(document.batch, user)
    _log(batch, "document_deleted", user, reason=document.original_name)
    document.file.delete(save=False)
    document.delete()
