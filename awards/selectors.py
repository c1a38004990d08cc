"""Scoped reads of the awards app: everything goes through ``accounts.scope.scoped``."""

from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.translation import gettext_lazy

from accounts.models import RoleCode, User
from accounts.scope import scoped
from campaigns.selectors import campaign_qs_for
from core.text import fold
from orgunits.models import AdminLevel, Organisation
from orgunits.selectors import organisation_qs_for

from .models import (
    AwardForm,
    AwardRecord,
    BatchStatus,
    Council,
    DossierDocument,
    Nomination,
    NominationBatch,
    Quota,
)


def award_form_qs_for(user: Any) -> QuerySet[AwardForm]:
    """The national catalogue and the forms of the provinces above or within the user's area."""
    qs = AwardForm.objects.select_related("owner_unit")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    path = user.scope_path
    if path is None:
        return qs
    # Materialised paths: every ancestor's path is a prefix of 4-character steps.
    ancestors = [path[:i] for i in range(4, len(path) + 1, 4)]
    return qs.filter(
        Q(owner_unit__isnull=True)
        | Q(owner_unit__path__in=ancestors)
        | Q(owner_unit__path__startswith=path)
    )


def batch_qs_for(user: Any) -> QuerySet[NominationBatch]:
    qs = NominationBatch.objects.select_related(
        "campaign", "form", "proposer", "unit", "council"
    ).annotate(
        n_collectives=Count("nominations", filter=Q(nominations__kind="collective")),
        n_individuals=Count("nominations", filter=Q(nominations__kind="individual")),
    )
    return scoped(qs, user)


# The work queues: stage slug -> (title, statuses).
QUEUES: dict[str, tuple[Any, list[str]]] = {
    "appraisal": (
        gettext_lazy("Appraisal queue"),
        [BatchStatus.SUBMITTED, BatchStatus.UNDER_APPRAISAL],
    ),
    "council": (gettext_lazy("Council vote"), [BatchStatus.COUNCIL_VOTE]),
    "approval": (gettext_lazy("Leader approval"), [BatchStatus.LEADER_APPROVAL]),
    "decision": (
        gettext_lazy("Decisions"),
        [BatchStatus.APPROVED, BatchStatus.DECISION_ISSUED, BatchStatus.CERTIFICATES_PRINTED],
    ),
}


# The same queues as a line of someone's to-do.
QUEUE_TODO = {
    "appraisal": gettext_lazy("Award proposals to check or appraise"),
    "council": gettext_lazy("Award proposals for your council's vote"),
    "approval": gettext_lazy("Award lists waiting for your approval"),
    "decision": gettext_lazy("Approved award lists: decision, certificates, awarding"),
}


def queue_counts_for(user: Any) -> list[tuple[str, str, int]]:
    """The work queues holding proposals ``user``'s roles can move on, as (stage slug,
    to-do line, count), empty queues left out: the to-do on the home page. One query,
    none for a user whose roles move no proposal on."""
    # Imported here: the services import these selectors.
    from .services.workflow import TRANSITIONS

    acting = {src for (src, _t), roles in TRANSITIONS.items() if user.has_role(*roles)}
    mine = {slug: [s for s in statuses if s in acting] for slug, (_t, statuses) in QUEUES.items()}
    mine = {slug: statuses for slug, statuses in mine.items() if statuses}
    if not mine:
        return []
    qs = scoped(NominationBatch.objects.all(), user)
    if not user.is_superuser:
        # Council members see the ballots of their own councils only (as the queue).
        sits = Council.members.through.objects.filter(
            council_id=OuterRef("council_id"), user_id=user.pk
        )
        qs = qs.filter(~Q(status=BatchStatus.COUNCIL_VOTE) | Exists(sits))
    counts = qs.aggregate(
        **{slug: Count("pk", filter=Q(status__in=statuses)) for slug, statuses in mine.items()}
    )
    return [(slug, str(QUEUE_TODO[slug]), counts[slug]) for slug in mine if counts[slug]]


def batch_queue_for(user: Any, statuses: list[str]) -> QuerySet[NominationBatch]:
    qs = batch_qs_for(user).filter(status__in=statuses)
    if BatchStatus.COUNCIL_VOTE in statuses and not user.is_superuser:
        # Council members see the ballots of their own councils only.
        qs = qs.filter(~Q(status=BatchStatus.COUNCIL_VOTE) | Q(council__members=user)).distinct()
    return qs


def nomination_qs_for(user: Any) -> QuerySet[Nomination]:
    qs = Nomination.objects.select_related(
        "batch__unit", "batch__form", "person", "organisation", "admin_unit"
    )
    return scoped(qs, user, "batch__unit__path")


def document_qs_for(user: Any) -> QuerySet[DossierDocument]:
    return scoped(DossierDocument.objects.select_related("batch"), user, "batch__unit__path")


def quota_qs_for(user: Any) -> QuerySet[Quota]:
    """Quotas of the campaigns the user sees (their own and those issued above them)."""
    return Quota.objects.filter(campaign__in=campaign_qs_for(user).values("pk")).select_related(
        "campaign__unit", "form"
    )


def council_qs_for(user: Any) -> QuerySet[Council]:
    return scoped(Council.objects.select_related("organisation", "unit"), user)


def council_list_for(user: Any) -> QuerySet[Council]:
    """The councils of the user's area with their member count and the proposals at their vote."""
    return council_qs_for(user).annotate(
        n_members=Count("members", distinct=True),
        n_voting=Count(
            "batches", filter=Q(batches__status=BatchStatus.COUNCIL_VOTE), distinct=True
        ),
    )


def council_voting_batches(council: Council) -> QuerySet[NominationBatch]:
    """Proposals at this council's vote: while there are any, its members cannot change."""
    return NominationBatch.objects.filter(council=council, status=BatchStatus.COUNCIL_VOTE)


def council_organisation_qs_for(
    user: Any, council: Council | None = None
) -> QuerySet[Organisation]:
    """Organisations a council may belong to: in the user's area, above the villages (a
    vote goes to the council of the award's level: commune, district, province).

    Like the other award forms, organisations ended by a merger stay choices: their users
    still act for them until their accounts are moved.
    """
    in_scope = organisation_qs_for(user).exclude(unit__level=AdminLevel.VILLAGE)
    # The council's own organisation stays a choice wherever the admin may have put it.
    current = Q(pk=getattr(council, "organisation_id", None))
    return (
        Organisation.objects.select_related("unit")
        .filter(Q(pk__in=in_scope.values("pk")) | current)
        .order_by("unit__path", "name")
    )


def council_member_qs_for(user: Any, council: Council | None = None) -> QuerySet[User]:
    """Who may sit on a council: the active users of the user's area, and its members now.

    Members now stay listed (even inactive or out of the area, as the admin may have left
    them) so that saving the form never drops one unseen: every member counts in the vote.
    ``council_role`` tells who holds the council member role; members come first.
    """
    in_scope = scoped(User.objects.filter(is_active=True), user, "organisation__unit__path")
    # A council not saved yet has no seats: council_id IS NULL matches no row.
    seats = Council.members.through.objects.filter(council_id=council.pk if council else None)
    role = User.roles.through.objects.filter(
        user_id=OuterRef("pk"), role_id=RoleCode.COUNCIL_MEMBER
    )
    return (
        User.objects.select_related("organisation")
        .filter(Q(pk__in=in_scope.values("pk")) | Q(pk__in=seats.values("user_id")))
        .annotate(
            is_member=Exists(seats.filter(user_id=OuterRef("pk"))),
            council_role=ExpressionWrapper(
                Q(is_superuser=True) | Q(Exists(role)), output_field=BooleanField()
            ),
        )
        .order_by(
            "-is_member",
            "-council_role",
            "organisation__unit__path",
            "organisation__name",
            "last_name",
            "first_name",
            "username",
        )
    )


def award_record_qs_for(user: Any, text: str = "") -> QuerySet[AwardRecord]:
    qs = scoped(
        AwardRecord.objects.select_related("form", "decision", "person", "organisation"), user
    )
    if text.strip():
        qs = qs.filter(search_key__contains=fold(text))
    return qs


def batch_detail(user: Any, pk: int) -> NominationBatch:
    """One batch with what its page shows, or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        batch_qs_for(user)
        .select_related("council__unit")
        .prefetch_related(
            "nominations__person",
            "nominations__organisation__unit",
            "nominations__admin_unit",
            "nominations__answers",
            "nominations__category",
            "documents",
        ),
        pk=pk,
    )
