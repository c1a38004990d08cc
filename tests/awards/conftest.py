"""Fixtures for the awards tests: a campaign with seed 003's rules, personas for each step."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import RoleCode
from awards import services
from awards.models import (
    DEFAULT_DOSSIER,
    AutoCheck,
    AwardForm,
    AwardLevel,
    Council,
    Criterion,
    DossierKind,
    NomineeKind,
    Quota,
    SubjectScope,
)
from campaigns.models import CampaignStatus, SubjectCategory, SubjectKind
from people.models import Gender, Person, PositionRank
from tests.conftest import make_org, make_user
from tests.factories import CampaignFactory


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% test\n", content_type="application/pdf")


@pytest.fixture
def award(tree):  # type: ignore[no-untyped-def]
    campaign = CampaignFactory(
        issuer=tree.ubnd,
        place="Thử Nghiệm",
        status=CampaignStatus.RUNNING,
        title="Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2023",
    )
    cat_collective = SubjectCategory.objects.create(
        campaign=campaign, kind=SubjectKind.COLLECTIVE, code="tt-cax", name="Công an xã"
    )
    cat_individual = SubjectCategory.objects.create(
        campaign=campaign, kind=SubjectKind.INDIVIDUAL, code="cn-cax", name="Cá nhân Công an xã"
    )
    form = AwardForm.objects.create(
        code="bk-ct-ubnd-tinh",
        name="Bằng khen của Chủ tịch UBND tỉnh",
        authority="Chủ tịch Ủy ban nhân dân tỉnh",
        level=AwardLevel.PROVINCE,
        subject=SubjectScope.BOTH,
        dossier_items=DEFAULT_DOSSIER,
    )
    quota = Quota.objects.create(
        campaign=campaign, form=form, max_collectives=30, max_individuals=15
    )
    Criterion.objects.create(
        campaign=campaign,
        category=cat_collective,
        subject=NomineeKind.COLLECTIVE,
        order=1,
        text="Tiêu biểu trong phong trào thi đua của lực lượng Công an xã",
    )
    Criterion.objects.create(
        campaign=campaign,
        category=cat_collective,
        subject=NomineeKind.COLLECTIVE,
        order=2,
        text="Đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
        auto_check=AutoCheck.SAFE_ANTT,
    )
    Criterion.objects.create(
        campaign=campaign,
        category=cat_individual,
        subject=NomineeKind.INDIVIDUAL,
        order=1,
        text="Lập được thành tích xuất sắc",
    )
    Criterion.objects.create(
        campaign=campaign,
        category=cat_individual,
        subject=NomineeKind.INDIVIDUAL,
        order=2,
        text="Chưa được tặng hình thức này trong năm",
        auto_check=AutoCheck.NO_DUPLICATE,
    )
    council_org = make_org(
        "T-HD", "Hội đồng Thi đua - Khen thưởng tỉnh", "emulation_council", tree.province
    )
    members = [make_user(f"hd{i}", council_org, RoleCode.COUNCIL_MEMBER) for i in range(1, 6)]
    council = Council.objects.create(name="Hội đồng TĐKT tỉnh", organisation=council_org)
    council.members.set(members)
    return SimpleNamespace(
        campaign=campaign,
        form=form,
        quota=quota,
        cat_collective=cat_collective,
        cat_individual=cat_individual,
        council=council,
        members=members,
        council_org=council_org,
    )


@pytest.fixture
def appraiser(tree):  # type: ignore[no-untyped-def]
    snv = make_org("T-SNV", "Sở Nội vụ tỉnh Thử Nghiệm", "department", tree.province)
    return make_user("appraiser", snv, RoleCode.APPRAISER)


@pytest.fixture
def clerk(tree):  # type: ignore[no-untyped-def]
    return make_user("clerk", tree.ubnd, RoleCode.CLERK)


def person(unit, org, name: str, rank: int = PositionRank.NONE) -> Person:  # type: ignore[no-untyped-def]
    return Person.objects.create(
        full_name=name,
        gender=Gender.MALE,
        birth_year=1985,
        organisation=org,
        unit=unit,
        position_rank=rank,
    )


def complete(batch, user, award) -> None:  # type: ignore[no-untyped-def]
    """Answer every criterion as met and upload every required document."""
    for nomination in batch.nominations.all():
        answers = {c.pk: (True, "") for c in services.criteria_for(nomination)}
        services.nomination_update(
            nomination,
            user=user,
            category=nomination.category,
            achievement=nomination.achievement or "Thành tích xuất sắc",
            is_leader=nomination.is_leader,
            answers=answers,
        )
        services.dossier_upload(
            batch,
            user=user,
            kind=DossierKind.ACHIEVEMENT_REPORT,
            upload=pdf("bao-cao.pdf"),
            nomination=nomination,
        )
    services.dossier_upload(batch, user=user, kind=DossierKind.COUNCIL_MINUTES, upload=pdf())


@pytest.fixture
def build(tree, award, commune_officer):  # type: ignore[no-untyped-def]
    """``build(collectives=[org], individuals=[person], proposer=..., user=...)``."""

    def _build(collectives=(), individuals=(), *, proposer=None, user=None, done=True):  # type: ignore[no-untyped-def]
        user = user or commune_officer
        batch = services.batch_create(
            campaign=award.campaign,
            form=award.form,
            proposer=proposer or tree.police,
            user=user,
        )
        for org in collectives:
            services.nomination_add(
                batch, user=user, organisation=org, category=award.cat_collective
            )
        for p in individuals:
            services.nomination_add(batch, user=user, person=p, category=award.cat_individual)
        if done:
            complete(batch, user, award)
        return batch

    return _build


@pytest.fixture
def no_reports(monkeypatch):  # type: ignore[no-untyped-def]
    """The reports app holds no assessment data: criteria fall back to the unit's answer."""
    from awards import prerequisites

    monkeypatch.setattr(prerequisites, "safe_antt_recognised", lambda nominee, year: None)
    monkeypatch.setattr(prerequisites, "classified_good_or_better", lambda nominee, year: None)


__all__ = ["Decimal", "complete", "pdf", "person"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    # Hashing a password costs about a second on a loaded machine; these tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def posted(batch, user):  # type: ignore[no-untyped-def]
    """Post the list publicly today; return a moment on the first day a decision may be issued."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    batch = services.batch_post(batch, user=user, start_on=timezone.localdate())
    first = batch.posting_ends_on + timedelta(days=1)
    return datetime(first.year, first.month, first.day, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
