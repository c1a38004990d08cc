"""Demo awards data: seed 003's forms, criteria, quota and dossier rules, and proposals.

Idempotent (core.demo.upsert): a second run changes nothing and adds no history rows.
The Bình Phước proposals show the rules: one from huyện Đồng Phú is under appraisal,
one from Đồng Xoài breaks the 40% cap on leaders, one from Bù Đăng lacks a document.
The quota's dossier deadline (30/11/2023) feeds the reminders of the two drafts.
Đắk Nông's seed 001 campaign gets a quota, criteria and a council, so the demo users
(xa, tinh, thamdinh, hoidong, lanhdao, vanthu) can walk the whole path.
"""

import uuid
from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from campaigns.models import SubjectCategory
from core.demo import set_m2m, upsert
from orgunits.models import Organisation
from people.models import Gender, HoldKind, Person, PersonHold, PositionRank

from .models import (
    DEFAULT_DOSSIER,
    AppraisalStatus,
    AutoCheck,
    AwardForm,
    AwardLevel,
    AwardRecord,
    BatchEvent,
    BatchStatus,
    Council,
    CouncilResult,
    Criterion,
    CriterionAnswer,
    DossierDocument,
    DossierKind,
    Nomination,
    NominationBatch,
    NomineeKind,
    Objection,
    Quota,
    QuotaAllocation,
    SubjectScope,
)
from .services.deadlines import quota_deadlines_sync
from .services.posting import last_posting_day

FORMS = [
    # code, name, certificate title, authority, level, subject
    (
        "bk-bo-truong-bca",
        "Bằng khen của Bộ trưởng Bộ Công an",
        "BẰNG KHEN",
        "Bộ trưởng Bộ Công an",
        AwardLevel.MINISTRY,
        SubjectScope.BOTH,
    ),
    (
        "bk-chu-tich-ubnd-tinh",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "BẰNG KHEN",
        "Chủ tịch Ủy ban nhân dân tỉnh",
        AwardLevel.PROVINCE,
        SubjectScope.BOTH,
    ),
    (
        "gk-giam-doc-cat",
        "Giấy khen của Giám đốc Công an tỉnh",
        "GIẤY KHEN",
        "Giám đốc Công an tỉnh",
        AwardLevel.PROVINCIAL_POLICE,
        SubjectScope.BOTH,
    ),
    (
        "gk-chu-tich-ubnd-huyen",
        "Giấy khen của Chủ tịch UBND cấp huyện",
        "GIẤY KHEN",
        "Chủ tịch Ủy ban nhân dân cấp huyện",
        AwardLevel.DISTRICT,
        SubjectScope.BOTH,
    ),
    (
        "gk-chu-tich-ubnd-xa",
        "Giấy khen của Chủ tịch UBND cấp xã",
        "GIẤY KHEN",
        "Chủ tịch Ủy ban nhân dân cấp xã",
        AwardLevel.COMMUNE,
        SubjectScope.BOTH,
    ),
    (
        "knc-bao-ve-antq",
        "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”",
        "KỶ NIỆM CHƯƠNG",
        "Bộ trưởng Bộ Công an",
        AwardLevel.MINISTRY,
        SubjectScope.INDIVIDUAL,
    ),
]

COL, IND = NomineeKind.COLLECTIVE, NomineeKind.INDIVIDUAL
A = AutoCheck

# Seed 003 III.1: (category code, subject, text, automatic check).
CRITERIA_003 = [
    (
        "tt_cax_bvdp",
        COL,
        "Tiêu biểu trong phong trào thi đua của lực lượng Công an xã, Bảo vệ dân phố "
        "trong toàn huyện, thị xã, thành phố.",
        A.NONE,
    ),
    (
        "tt_cax_bvdp",
        COL,
        "Hoàn thành tốt các chương trình kế hoạch công tác đấu tranh phòng, chống tội phạm, "
        "đảm bảo an ninh trật tự; có sáng kiến nâng cao chất lượng, hiệu quả công tác.",
        A.NONE,
    ),
    (
        "tt_cax_bvdp",
        COL,
        "Tập thể đoàn kết; thực hiện tốt quy chế dân chủ cơ sở; thực hành tiết kiệm, "
        "chống tham nhũng, lãng phí.",
        A.NONE,
    ),
    (
        "tt_khu_dan_cu_xa",
        COL,
        "Hoàn thành toàn diện các chỉ tiêu thi đua, các chương trình, kế hoạch công tác "
        "đấu tranh phòng chống tội phạm, đảm bảo an ninh, trật tự.",
        A.NONE,
    ),
    (
        "tt_khu_dan_cu_xa",
        COL,
        "Khu dân cư, xã, phường, thị trấn đạt tiêu chuẩn “An toàn về an ninh, trật tự”.",
        A.SAFE_ANTT,
    ),
    (
        "tt_khu_dan_cu_xa",
        COL,
        "Được đánh giá, phân loại phong trào toàn dân bảo vệ an ninh Tổ quốc đạt loại khá "
        "trở lên trong năm.",
        A.CLASSIFIED_GOOD,
    ),
    (
        "tt_cq_dn_csgd",
        COL,
        "Hoàn thành toàn diện các chỉ tiêu thi đua, chỉ tiêu lao động sản xuất, các chương "
        "trình, kế hoạch công tác.",
        A.NONE,
    ),
    (
        "tt_cq_dn_csgd",
        COL,
        "Đạt tiêu chuẩn cơ quan, doanh nghiệp, cơ sở giáo dục “An toàn về an ninh, trật tự”.",
        A.SAFE_ANTT,
    ),
    (
        "tt_cq_dn_csgd",
        COL,
        "Được đánh giá, phân loại phong trào toàn dân bảo vệ an ninh Tổ quốc đạt loại khá "
        "trở lên trong năm.",
        A.CLASSIFIED_GOOD,
    ),
    (
        "cn_cax_bvdp",
        IND,
        "Lập được thành tích xuất sắc trong thực hiện nhiệm vụ chuyên môn, các đợt thi đua "
        "hoặc lập được thành tích đột xuất.",
        A.NONE,
    ),
    (
        "cn_cax_bvdp",
        IND,
        "Bản thân và gia đình gương mẫu chấp hành chủ trương, đường lối của Đảng, chính sách "
        "pháp luật của Nhà nước; được quần chúng nhân dân tín nhiệm cao.",
        A.NONE,
    ),
    (
        "cn_cax_bvdp",
        IND,
        "Chưa được tặng hình thức khen thưởng này trong năm.",
        A.NO_DUPLICATE,
    ),
    (
        "cn_quan_chung",
        IND,
        "Là tấm gương tiêu biểu, điển hình trong phong trào toàn dân bảo vệ an ninh Tổ quốc "
        "ở xã, phường, thị trấn.",
        A.NONE,
    ),
    (
        "cn_quan_chung",
        IND,
        "Có nhiều thành tích trong công tác đấu tranh phòng, chống tội phạm, tệ nạn xã hội.",
        A.NONE,
    ),
    (
        "cn_cq_dn_csgd",
        IND,
        "Là tấm gương tiêu biểu trong phong trào toàn dân bảo vệ an ninh Tổ quốc của cơ quan, "
        "doanh nghiệp, cơ sở giáo dục.",
        A.NONE,
    ),
    (
        "cn_cq_dn_csgd",
        IND,
        "Cá nhân là lãnh đạo: cơ quan được công nhận “An toàn về an ninh, trật tự”.",
        A.SAFE_ANTT,
    ),
]

CRITERIA_001 = [
    (
        "to_bv_antt",
        COL,
        "Hoàn thành xuất sắc các chỉ tiêu của phong trào thi đua đặc biệt.",
        A.NONE,
    ),
    (
        "thanh_vien_llbv",
        IND,
        "Có thành tích tiêu biểu trong tham gia bảo vệ an ninh, trật tự ở cơ sở.",
        A.NONE,
    ),
    (
        "thanh_vien_llbv",
        IND,
        "Chưa được tặng hình thức khen thưởng này trong năm.",
        A.NO_DUPLICATE,
    ),
]

# Seed 003 gives no day; the units' dossiers are due before the year-end review
# (tổng kết) of the 2023 campaign, which ends on 31/12/2023.
SEED003_DEADLINE = date(2023, 11, 30)

PDF_BYTES = b"%PDF-1.4\n% thidua demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _criteria(campaign: Any, rows: list[tuple[str, str, str, str]]) -> None:
    categories = {c.code: c for c in SubjectCategory.objects.filter(campaign=campaign)}
    order: dict[str, int] = {}
    for code, subject, text, check in rows:
        order[code] = order.get(code, 0) + 1
        upsert(
            Criterion,
            {"campaign": campaign, "category_code": code, "order": order[code]},
            {
                "category": categories.get(code),
                "subject": subject,
                "text": text,
                "auto_check": check,
            },
        )


def _person(key: str, name: str, org: Organisation, position: str, rank: int) -> Person:
    return upsert(
        Person,
        {"email": f"{key}@demo.thidua.local"},
        {
            "full_name": name,
            "gender": Gender.MALE,
            "birth_year": 1982,
            "organisation": org,
            "unit": org.unit,
            "position": position,
            "position_rank": rank,
        },
    )


def _document(batch: NominationBatch, kind: str, nomination: Nomination | None = None) -> None:
    if DossierDocument.objects.filter(batch=batch, kind=kind, nomination=nomination).exists():
        return
    document = DossierDocument(
        batch=batch,
        nomination=nomination,
        kind=kind,
        original_name=f"{kind}.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    document.file.save(f"{kind}.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()


def _batch(
    campaign: Any,
    form: AwardForm,
    proposer: Organisation,
    title: str,
    status: str,
    nominees: list[tuple[Any, str]],
    *,
    skip_documents: tuple[str, ...] = (),
) -> NominationBatch:
    batch = upsert(
        NominationBatch,
        {"campaign": campaign, "form": form, "proposer": proposer, "title": title},
        {"year": campaign.year, "status": status, "unit": proposer.unit},
    )
    if not batch.events.exists():
        BatchEvent.objects.create(batch=batch, action="created", to_status=BatchStatus.DRAFT)
        if status != BatchStatus.DRAFT:
            BatchEvent.objects.create(
                batch=batch,
                action="transition",
                from_status=BatchStatus.DRAFT,
                to_status=BatchStatus.SUBMITTED,
            )
    categories = {c.code: c for c in SubjectCategory.objects.filter(campaign=campaign)}
    for position, (nominee, code) in enumerate(nominees, start=1):
        kind = IND if isinstance(nominee, Person) else COL
        key = {"person": nominee} if kind == IND else {"organisation": nominee}
        nomination = upsert(
            Nomination,
            {"batch": batch, **key},
            {
                "kind": kind,
                "category": categories.get(code),
                "category_code": code,
                "order": position,
                "achievement": "Có nhiều thành tích xuất sắc trong phong trào toàn dân bảo vệ "
                "an ninh Tổ quốc năm 2023.",
                "is_leader": kind == IND
                and nominee.position_rank >= PositionRank.DEPUTY_HEAD_DIVISION,
            },
        )
        for criterion in Criterion.objects.filter(
            campaign=campaign, category_code=code, subject=kind
        ):
            upsert(
                CriterionAnswer, {"nomination": nomination, "criterion": criterion}, {"met": True}
            )
        if DossierKind.ACHIEVEMENT_REPORT not in skip_documents:
            _document(batch, DossierKind.ACHIEVEMENT_REPORT, nomination)
    if DossierKind.COUNCIL_MINUTES not in skip_documents:
        _document(batch, DossierKind.COUNCIL_MINUTES)
    return batch


# A fixed address for the demo's posted list, so reloading changes nothing.
DEMO_PUBLIC_TOKEN = uuid.uuid5(uuid.NAMESPACE_URL, "thidua-demo/awards/posted/CA-24612")


def _dak_nong_showcase(campaign: Any, form: AwardForm, director: AwardForm, council: Any) -> None:
    """Phường Nghĩa Thành (user xa2): a list passed by the council and posted publicly, with
    one objection to resolve, a nominee flagged for another award the same year, and a
    team member under an award hold (the province staff ``tinh`` sees all three)."""
    proposer = Organisation.objects.filter(code="CA-24612").first()
    if proposer is None:
        return
    members = list(
        Person.objects.filter(
            organisation__kind="security_team",
            unit__path__startswith=proposer.unit.path,
            email__endswith="@demo.thidua.local",
        ).order_by("email")[:3]
    )
    if len(members) < 3:
        return
    nominees = [(p, "thanh_vien_llbv") for p in members[:2]]
    batch = _batch(
        campaign, form, proposer, "Đề nghị khen thưởng năm 2024", BatchStatus.APPROVED, nominees
    )
    posted_on = date(2024, 12, 2)
    batch = upsert(
        NominationBatch,
        {"pk": batch.pk},
        {
            "council": council,
            "voting_closed": True,
            "posted_on": posted_on,
            "posting_ends_on": last_posting_day(posted_on, council.posting_days),
            "public_token": DEMO_PUBLIC_TOKEN,
        },
    )
    for nomination in batch.nominations.all():
        upsert(
            Nomination,
            {"pk": nomination.pk},
            {
                "appraisal_status": AppraisalStatus.ACCEPTED,
                "council_result": CouncilResult.PASSED,
                "votes_yes": 1,
            },
        )
    first = batch.nominations.order_by("order").first()
    upsert(
        Objection,
        {"batch": batch, "name": "Nguyễn Văn Bình"},
        {
            "nomination": first,
            "contact": "0905 123 456",
            "text": f"Ông/bà {first.nominee_name if first else ''} đã được Giám đốc Công an tỉnh "
            "tặng Giấy khen năm 2024 cho cùng thành tích tuần tra.",
        },
    )
    # One achievement, one award: the first nominee already has another form this year.
    upsert(
        AwardRecord,
        {"form": director, "year": 2024, "person": members[0]},
        {
            "nominee_name": members[0].full_name,
            "unit": members[0].unit,
            "reference": "Quyết định số 2105/QĐ-CAT ngày 15/10/2024",
        },
    )
    upsert(
        PersonHold,
        {"person": members[2], "kind": HoldKind.DISCIPLINE},
        {
            "started_on": date(2024, 10, 1),
            "note": "Đang xem xét kỷ luật do vắng mặt nhiều buổi tuần tra không có lý do.",
        },
    )


def load(ctx: dict[str, Any]) -> None:
    forms = {}
    for order, (code, name, title, authority, level, subject) in enumerate(FORMS, start=1):
        forms[code] = upsert(
            AwardForm,
            {"code": code},
            {
                "name": name,
                "certificate_title": title,
                "authority": authority,
                "level": level,
                "subject": subject,
                "dossier_items": DEFAULT_DOSSIER,
                "order": order,
                # Kỷ niệm chương "Bảo vệ an ninh Tổ quốc": 15 years (men), 10 (women).
                "service_rule": code == "knc-bao-ve-antq",
            },
        )
    chairman = forms["bk-chu-tich-ubnd-tinh"]
    campaigns = ctx.get("campaigns") or {}
    users = ctx.get("users") or {}

    # --- Đắk Nông: the demo users' path on seed 001 ------------------------------------
    seed001 = campaigns.get("seed001")
    dn_council_org = Organisation.objects.filter(code="HDTDKT-67").first()
    if dn_council_org is not None:
        council = upsert(
            Council,
            {"organisation": dn_council_org},
            {"name": "Hội đồng Thi đua - Khen thưởng tỉnh Đắk Nông", "unit": dn_council_org.unit},
        )
        if users.get("hoidong"):
            set_m2m(council.members, [users["hoidong"]])
    if seed001 is not None:
        _criteria(seed001, CRITERIA_001)
        upsert(
            Quota,
            {"campaign": seed001, "form": chairman},
            {"max_collectives": 10, "max_individuals": 10, "leader_cap_percent": 40},
        )
        if dn_council_org is not None:
            _dak_nong_showcase(seed001, chairman, forms["gk-giam-doc-cat"], council)

    # --- Bình Phước: seed 003 ---------------------------------------------------------------
    seed003 = campaigns.get("seed003")
    if seed003 is None:
        return
    _criteria(seed003, CRITERIA_003)
    quota = upsert(
        Quota,
        {"campaign": seed003, "form": chairman},
        {
            "max_collectives": 30,
            "max_individuals": 15,
            "leader_cap_percent": 40,
            "note": "Kế hoạch 31/KH-UBND, mục III.3",
            "submission_deadline": SEED003_DEADLINE,
        },
    )
    upsert(
        Quota,
        {"campaign": seed003, "form": forms["gk-giam-doc-cat"]},
        {
            "max_collectives": 50,
            "max_individuals": 50,
            "note": "Do Giám đốc Công an tỉnh xem xét, quyết định",
        },
    )
    bp_council_org = Organisation.objects.filter(code="HDTDKT-70").first()
    if bp_council_org is not None:
        upsert(
            Council,
            {"organisation": bp_council_org},
            {"name": "Hội đồng Thi đua - Khen thưởng tỉnh Bình Phước", "unit": bp_council_org.unit},
        )
    proposers = {
        code: Organisation.objects.filter(code=f"UBND-70-{code}").first()
        for code in ("689", "697", "691")
    }
    if not all(proposers.values()):
        return
    for code, (collectives, individuals) in {"689": (6, 4), "697": (5, 3), "691": (4, 3)}.items():
        upsert(
            QuotaAllocation,
            {"quota": quota, "organisation": proposers[code]},
            {"collectives": collectives, "individuals": individuals},
        )
    police = {c: Organisation.objects.get(code=f"CA-{c}") for c in ("25432", "25441", "25195")}
    police_bd = Organisation.objects.get(code="CA-25351")

    # Đồng Phú: a correct proposal, now under appraisal.
    dp = [
        (police["25432"], "tt_cax_bvdp"),
        (police["25441"], "tt_cax_bvdp"),
        (
            _person("bp-dp-1", "Nguyễn Văn An", police["25432"], "Công an viên", 0),
            "cn_cax_bvdp",
        ),
        (
            _person(
                "bp-dp-2",
                "Lê Hữu Phước",
                police["25441"],
                "Phó Trưởng Công an xã",
                PositionRank.DEPUTY_HEAD_DIVISION,
            ),
            "cn_cax_bvdp",
        ),
        (
            _person("bp-dp-3", "Trần Minh Đức", police["25441"], "Bảo vệ dân phố", 0),
            "cn_cax_bvdp",
        ),
    ]
    batch = _batch(
        seed003,
        chairman,
        proposers["697"],
        "Tổng kết phong trào năm 2023",
        BatchStatus.UNDER_APPRAISAL,
        dp,
    )
    accepted = batch.nominations.filter(organisation=police["25432"]).first()
    if accepted is not None:
        upsert(Nomination, {"pk": accepted.pk}, {"appraisal_status": AppraisalStatus.ACCEPTED})

    # Đồng Xoài: two leaders among three individuals (67% > 40%): submission is refused.
    dx = [
        (
            _person(
                "bp-dx-1",
                "Phạm Quốc Hưng",
                police["25195"],
                "Trưởng Công an phường",
                PositionRank.HEAD_DIVISION,
            ),
            "cn_cax_bvdp",
        ),
        (
            _person(
                "bp-dx-2",
                "Hoàng Văn Tùng",
                police["25195"],
                "Phó Trưởng Công an phường",
                PositionRank.DEPUTY_HEAD_DIVISION,
            ),
            "cn_cax_bvdp",
        ),
        (
            _person("bp-dx-3", "Vũ Thị Hoa", police["25195"], "Bảo vệ dân phố", 0),
            "cn_cax_bvdp",
        ),
    ]
    _batch(seed003, chairman, proposers["689"], "Đề nghị năm 2023", BatchStatus.DRAFT, dx)

    # Bù Đăng: the minutes of the council meeting were never uploaded.
    bd = [
        (police_bd, "tt_cax_bvdp"),
        (_person("bp-bd-1", "Đỗ Văn Nam", police_bd, "Công an viên", 0), "cn_cax_bvdp"),
    ]
    _batch(
        seed003,
        chairman,
        proposers["691"],
        "Đề nghị năm 2023",
        BatchStatus.DRAFT,
        bd,
        skip_documents=(DossierKind.COUNCIL_MINUTES,),
    )

    # The dossier deadline reaches the reminders: the two drafts are due, the submitted
    # proposal is not (deadline_upsert writes nothing when run again).
    quota_deadlines_sync(quota)

    # Earlier awards: the history page and the duplicate rule have something to find.
    an = Person.objects.get(email="bp-dp-1@demo.thidua.local")
    upsert(
        AwardRecord,
        {"form": forms["gk-giam-doc-cat"], "year": 2022, "person": an},
        {
            "nominee_name": an.full_name,
            "unit": an.unit,
            "reference": "Quyết định số 1520/QĐ-CAT ngày 30/12/2022",
            "awarded_on": date(2023, 1, 10),
        },
    )
    # The same year as the Đồng Phú proposal: the appraiser sees the flag and must say why.
    upsert(
        AwardRecord,
        {"form": forms["gk-giam-doc-cat"], "year": 2023, "person": an},
        {
            "nominee_name": an.full_name,
            "unit": an.unit,
            "reference": "Quyết định số 1150/QĐ-CAT ngày 15/9/2023",
            "awarded_on": date(2023, 9, 20),
        },
    )
