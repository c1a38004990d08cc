"""Yearly assessments of a unit: the classification thresholds, the score computed from
accepted values, and an assessment decided and entered by hand (never overwritten by
a computed one).
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Classification
from orgunits.models import AdminUnit

from .. import cache as dashboard_cache
from ..models import Assessment, AssessmentSource, IndicatorValue, ReportStatus

# Score thresholds of the classes (QĐ 510/QĐ-BCA-V05 defaults; configurable here).
CLASSIFICATION_THRESHOLDS: list[tuple[Decimal, str]] = [
    (Decimal(90), Classification.EXCELLENT),
    (Decimal(70), Classification.GOOD),
    (Decimal(50), Classification.AVERAGE),
]


def classify(score: Decimal) -> str:
    for threshold, cls in CLASSIFICATION_THRESHOLDS:
        if score >= threshold:
            return cls
    return Classification.WEAK


@transaction.atomic
def assessment_compute(campaign: Campaign, unit: AdminUnit, year: int, *, user: Any) -> Assessment:
    """Score a unit's year from its accepted values: the share of values meeting target.

    The class follows the thresholds; "An toàn về ANTT" needs every value to meet its
    target. An assessment entered by hand is never overwritten.
    """
    values = list(
        IndicatorValue.objects.filter(
            report__expected__campaign=campaign,
            report__status=ReportStatus.ACCEPTED,
            unit_path=unit.path,
            # The unit's own values: not those of an agency or team located in it.
            level=unit.level,
            period_start__year=year,
        ).values_list("met", flat=True)
    )
    judged = [m for m in values if m is not None]
    existing = (
        Assessment.objects.select_for_update()
        .filter(campaign=campaign, unit=unit, year=year)
        .first()
    )
    if existing and existing.source == AssessmentSource.ENTERED:
        return existing
    assessment = existing or Assessment(campaign=campaign, unit=unit, year=year)
    if judged:
        score = (Decimal(sum(judged)) * 100 / len(judged)).quantize(Decimal("0.01"))
        assessment.score = score
        assessment.classification = classify(score)
        assessment.safe_recognised = all(judged)
    else:
        assessment.score = None
        assessment.classification = ""
        assessment.safe_recognised = False
    assessment.source = AssessmentSource.COMPUTED
    assessment.decided_by = user
    assessment.save()
    dashboard_cache.bump(campaign, assessment.province_id)
    return assessment


@transaction.atomic
def assessment_enter(
    campaign: Campaign,
    unit: AdminUnit,
    year: int,
    *,
    user: Any,
    classification: str,
    safe_recognised: bool,
    score: Decimal | None = None,
    note: str = "",
) -> Assessment:
    """Record a decided assessment (entered by the steering committee's staff)."""
    if score is not None and not (0 <= score <= 100):
        raise ValidationError({"score": _("The score must be between 0 and 100.")}, code="score")
    if classification not in Classification.values:
        raise ValidationError(
            {"classification": _("Choose a classification.")}, code="classification"
        )
    assessment = Assessment.objects.select_for_update().filter(
        campaign=campaign, unit=unit, year=year
    ).first() or Assessment(campaign=campaign, unit=unit, year=year)
    assessment.classification = classification
    assessment.safe_recognised = safe_recognised
    assessment.score = score
    assessment.note = note
    assessment.source = AssessmentSource.ENTERED
    assessment.decided_by = user
    assessment.save()
    dashboard_cache.bump(campaign, assessment.province_id)
    return assessment
