"""One commune's worth of real objects in every app, for the project-wide security tests.

Commune A is the ``tree`` fixture's phường An Bình (Công an phường An Bình); commune B is
its sibling xã Hòa Lạc. Every object of A carries the marker ``ZXQ`` in a visible text
field, so a page of commune B that shows anything of A's can be caught by a substring.

``build_world()`` makes, through the apps' own services where they have one:

- a campaign issued by A's police (with a subject category and an award quota),
- an expected report of A on a provincial plan, its submitted report, an evidence file and
  a year assessment,
- an event organised by A (programme item, invitee group, invitation), and a roll-out of
  A's with a registration of its village team (with a plan file),
- an awards batch proposed by A (one nomination, one dossier document), and A's emulation
  council,
- a document batch started by A's officer, a notification and a reminder of A's officer.

The personas are "strong": every role (administrator included) but bound to their
organisation, so a role check never hides a missing scope check.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role, RoleCode, User

MARK = "ZXQ"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n% thidua security test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ensure_reference_data() -> None:
    """Rows data migrations make (roles, default reminder rules): a transactional test
    elsewhere in the run may have flushed them."""
    from notifications.models import DeadlineKind, ReminderRule

    Role.objects.bulk_create([Role(code=c) for c in RoleCode.values], ignore_conflicts=True)
    if not ReminderRule.objects.filter(province__isnull=True).exists():
        ReminderRule.objects.bulk_create(
            [ReminderRule(kind=k) for k in DeadlineKind.values], ignore_conflicts=True
        )


def persona(username: str, org: Any, roles: tuple[str, ...] | None = None) -> User:
    """A user of ``org`` holding ``roles`` (all of them by default), no password hashing."""
    user = User(username=username, organisation=org, email=f"{username}@example.org")
    user.set_unusable_password()
    user.save()
    user.roles.set(Role.objects.filter(code__in=roles or RoleCode.values))
    return user


def _tree() -> SimpleNamespace:
    """The ``tree`` fixture of tests/conftest.py, called as a plain function (the world is
    module-scoped, so it cannot request the function-scoped fixture)."""
    from tests.conftest import tree

    if hasattr(tree, "_get_wrapped_function"):  # pytest >= 8.4
        build = tree._get_wrapped_function()
    else:  # older pytest
        build = getattr(tree, "__pytest_wrapped__", None)
        build = build.obj if build is not None else tree.__wrapped__
    return build(db=None)


def build_world() -> SimpleNamespace:
    from awards import services as award_services
    from awards.models import (
        DEFAULT_DOSSIER,
        AwardForm,
        AwardLevel,
        Council,
        DossierKind,
        Objection,
        Quota,
        SubjectScope,
    )
    from campaigns.models import CampaignStatus, SubjectCategory, SubjectKind
    from documents.models import DocumentBatch
    from events import services as event_services
    from events.models import InviteeGroup, ProgrammeItem, ProtocolRank, Registration, RolloutPlan
    from notifications.models import DeadlineKind, Notification, Reminder
    from notifications.services import deadline_upsert
    from people.models import Gender, Person, PersonHold
    from reports import services as report_services
    from reports.models import ExpectedReport
    from tests.factories import CampaignFactory, IndicatorFactory, PhaseFactory

    ensure_reference_data()
    t = _tree()
    insider = persona("insider", t.police)
    outsider = persona("outsider_all", t.other_police)
    plain_outsider = persona("outsider", t.other_police, (RoleCode.COMMUNE_OFFICER,))
    plain_insider = persona("officer", t.police, (RoleCode.COMMUNE_OFFICER,))
    staff = persona("staff_all", t.cat)
    # An object that is plainly commune A's, with the marker.
    person = Person.objects.create(
        full_name=f"Lê Văn {MARK}",
        gender=Gender.MALE,
        birth_year=1981,
        organisation=t.police,
        unit=t.commune,
    )

    # --- campaigns: a plan issued by A's police ---------------------------------------
    campaign = CampaignFactory(
        issuer=t.police,
        status=CampaignStatus.RUNNING,
        title=f"Kế hoạch thi đua của Công an phường {MARK}",
    )
    PhaseFactory(campaign=campaign, name=f"Đợt {MARK}")
    category = SubjectCategory.objects.create(
        campaign=campaign, kind=SubjectKind.INDIVIDUAL, code="cn", name=f"Cá nhân {MARK}"
    )
    form = AwardForm.objects.create(
        code="giay-khen-sec",
        name="Giấy khen của Trưởng Công an phường",
        authority="Trưởng Công an phường",
        level=AwardLevel.COMMUNE,
        subject=SubjectScope.BOTH,
        dossier_items=DEFAULT_DOSSIER,
    )
    quota = Quota.objects.create(campaign=campaign, form=form, max_collectives=3, max_individuals=3)

    # --- reports: a provincial plan with monthly reports of every commune ----------------
    plan = CampaignFactory(
        issuer=t.ubnd, status=CampaignStatus.ISSUED, title="Kế hoạch tỉnh (báo cáo)"
    )
    PhaseFactory(campaign=plan, start_date=date(2024, 8, 19), end_date=date(2025, 8, 19))
    ratio = IndicatorFactory(campaign=plan, code="R", order=1, applies_to=["commune"])
    report_services.expected_reports_generate(plan)
    expected = (
        ExpectedReport.objects.filter(campaign=plan, unit=t.commune)
        .order_by("period_start", "pk")
        .first()
    )
    expected_open = (
        ExpectedReport.objects.filter(campaign=plan, unit=t.commune)
        .exclude(pk=expected.pk)
        .order_by("period_start", "pk")
        .first()
    )
    report = report_services.report_save(
        expected,
        user=insider,
        version=0,
        narrative=f"Tình hình {MARK}",
        values={ratio.pk: {"numerator": 8, "denominator": 10}},
        files=[SimpleUploadedFile(f"bien-ban-{MARK}.pdf", PDF, "application/pdf")],
        submit=True,
    )
    evidence = report.evidence.get()
    assessment = report_services.assessment_enter(
        plan,
        t.commune,
        2024,
        user=insider,
        classification="xuat_sac",
        safe_recognised=True,
        score=Decimal(95),
        note=f"Đánh giá {MARK}",
    )

    # --- events: A's own ceremony, and A's roll-out to its village team ---------------
    event = event_services.event_create_from_template(
        "launch",
        organiser=t.police,
        title=f"Lễ phát động {MARK}",
        starts_at=datetime(2030, 9, 27, 7, 30, tzinfo=TZ),
        venue="Hội trường Công an phường",
        expected_attendance=50,
    )
    item = ProgrammeItem.objects.filter(event=event).order_by("order", "pk").first()
    if item is None:
        item = event_services.programme_item_add(event, title=f"Khai mạc {MARK}")
    group = InviteeGroup.objects.create(
        event=event,
        description=f"Trưởng thôn {MARK}",
        expected_count=2,
        protocol_rank=ProtocolRank.COMMUNE,
    )
    invitation = event_services.invitation_add(
        group, full_name=f"Phạm Văn {MARK}", position="Trưởng thôn"
    )
    rollout = RolloutPlan.objects.create(
        organiser=t.police,
        unit=t.commune,
        title=f"Ngày hội toàn dân bảo vệ ANTQ {MARK}",
        window_start=date(2030, 8, 1),
        window_end=date(2030, 8, 19),
        plan_deadline=date(2030, 5, 10),
        registration_deadline=date(2030, 5, 15),
        report_deadline=date(2030, 8, 20),
    )
    registration = Registration.objects.create(
        rollout=rollout, host=t.team, venue=f"Nhà văn hóa {MARK}"
    )
    registration.plan_file.save("ke-hoach.pdf", ContentFile(PDF), save=True)

    # --- awards: A's proposal with a nomination and a dossier document -----------------
    batch = award_services.batch_create(
        campaign=campaign, form=form, proposer=t.police, user=insider, title=f"Đề nghị {MARK}"
    )
    nomination = award_services.nomination_add(
        batch, user=insider, person=person, category=category
    )
    document = award_services.dossier_upload(
        batch,
        user=insider,
        kind=DossierKind.COUNCIL_MINUTES,
        upload=SimpleUploadedFile(f"bien-ban-{MARK}.pdf", PDF, "application/pdf"),
    )

    council = Council.objects.create(name=f"Hội đồng thi đua phường {MARK}", organisation=t.police)
    council.members.set([plain_insider])

    objection = Objection.objects.create(
        batch=batch, name=f"Người phản ánh {MARK}", contact="0900000000", text=f"Ý kiến {MARK}"
    )
    # A's person under an award hold (starting later, so the nomination above stands).
    hold = PersonHold.objects.create(
        person=person, kind="discipline", started_on=date(2030, 1, 1), note=f"Kỷ luật {MARK}"
    )

    # --- documents: a letters batch started by A's officer ---------------------------
    doc_batch = DocumentBatch.objects.create(
        kind="letter", title=f"Giấy mời {MARK}", unit=t.commune, created_by=insider, total=1
    )
    doc_batch.file.save("letters.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    doc_batch.merged_file.save("letters.pdf", ContentFile(PDF), save=True)

    # --- notifications: A's officer's own notification, and a reminder of A's deadline -
    notification = Notification.objects.create(
        user=insider, title=f"Nhắc hạn {MARK}", body=f"Báo cáo {MARK}", url="/reports/"
    )
    deadline = deadline_upsert(
        person,
        DeadlineKind.EXPECTED_REPORT,
        due_at=timezone.now() + timedelta(days=3),
        organisation=t.police,
        title=f"Báo cáo tháng {MARK}",
        url="/reports/",
    )
    reminder = Reminder.objects.filter(deadline=deadline).order_by("pk").first()
    if reminder is None:
        reminder = Reminder.objects.create(
            deadline=deadline,
            recipient=insider,
            stage=-1,
            send_at=timezone.now() - timedelta(hours=1),
        )
    Reminder.objects.filter(pk=reminder.pk).update(status="failed")

    return SimpleNamespace(
        tree=t,
        insider=insider,
        outsider=outsider,
        plain_outsider=plain_outsider,
        plain_insider=plain_insider,
        staff=staff,
        ratio=ratio,
        person=person,
        campaign=campaign,
        category=category,
        form=form,
        quota=quota,
        plan=plan,
        expected=expected,
        expected_open=expected_open,
        report=report,
        evidence=evidence,
        assessment=assessment,
        event=event,
        item=item,
        group=group,
        invitation=invitation,
        rollout=rollout,
        registration=registration,
        batch=batch,
        nomination=nomination,
        document=document,
        council=council,
        objection=objection,
        hold=hold,
        doc_batch=doc_batch,
        notification=notification,
        deadline=deadline,
        reminder=reminder,
    )
