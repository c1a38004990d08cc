"""Each award rule blocks with its Vietnamese message (seed 003 III, DOMAIN.md section 5)."""

import pytest
from django.core.exceptions import ValidationError

from awards import prerequisites, services
from awards.models import AwardRecord, BatchStatus, DossierKind, QuotaAllocation
from people.models import PositionRank
from tests.awards.conftest import complete, pdf, person

pytestmark = pytest.mark.django_db


def submit_errors(batch, user) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.batch_transition(batch, BatchStatus.SUBMITTED, user=user)
    return exc.value.messages


def test_complete_batch_submits(tree, award, build, commune_officer, no_reports):
    batch = build([tree.police], [tree.person])
    batch = services.batch_transition(batch, BatchStatus.SUBMITTED, user=commune_officer)
    assert batch.status == BatchStatus.SUBMITTED
    assert batch.events.filter(action="transition", to_status="submitted").exists()


def test_quota_exceeded_blocks(tree, award, build, commune_officer, no_reports):
    award.quota.max_individuals = 1
    award.quota.save()
    first = build([], [tree.person])
    services.batch_transition(first, BatchStatus.SUBMITTED, user=commune_officer)
    other = person(tree.commune, tree.police, "Lê Văn Cường")
    second = build([], [other])
    messages = submit_errors(second, commune_officer)
    assert messages == [
        "Vượt chỉ tiêu Bằng khen của Chủ tịch UBND tỉnh: tối đa 1 cá nhân, "
        "đã đề nghị 1, đợt này thêm 1."
    ]
    second.refresh_from_db()
    assert second.status == BatchStatus.DRAFT


def test_returned_nominees_free_their_place(
    tree, award, build, commune_officer, province_staff, no_reports
):
    award.quota.max_individuals = 1
    award.quota.save()
    first = build([], [tree.person])
    services.batch_transition(first, BatchStatus.SUBMITTED, user=commune_officer)
    services.batch_transition(first, BatchStatus.DRAFT, user=province_staff, reason="Thiếu số liệu")
    second = build([], [person(tree.commune, tree.police, "Lê Văn Cường")])
    services.batch_transition(second, BatchStatus.SUBMITTED, user=commune_officer)


def test_allocation_exceeded_blocks(
    tree, award, build, commune_officer, province_staff, no_reports
):
    services.allocation_set(
        award.quota, organisation=tree.police, collectives=0, individuals=1, user=province_staff
    )
    batch = build([], [tree.person, person(tree.commune, tree.police, "Lê Văn Cường")])
    assert submit_errors(batch, commune_officer) == [
        "Vượt chỉ tiêu phân bổ cho Công an phường An Bình: tối đa 1 cá nhân, "
        "đã đề nghị 0, đợt này thêm 2."
    ]


def test_unit_without_allocation_blocks(
    tree, award, build, commune_officer, province_staff, no_reports
):
    services.allocation_set(
        award.quota,
        organisation=tree.other_police,
        collectives=1,
        individuals=1,
        user=province_staff,
    )
    batch = build([], [tree.person])
    assert submit_errors(batch, commune_officer) == [
        "Công an phường An Bình chưa được phân bổ chỉ tiêu Bằng khen của Chủ tịch UBND tỉnh."
    ]


def test_allocations_never_add_up_past_the_quota(tree, award, province_staff):
    services.allocation_set(
        award.quota, organisation=tree.police, collectives=20, individuals=10, user=province_staff
    )
    with pytest.raises(ValidationError) as exc:
        services.allocation_set(
            award.quota,
            organisation=tree.other_police,
            collectives=11,
            individuals=1,
            user=province_staff,
        )
    assert exc.value.messages == [
        "Tổng chỉ tiêu phân bổ vượt chỉ tiêu: 31/30 tập thể và 11/15 cá nhân."
    ]
    assert QuotaAllocation.objects.count() == 1


def test_leader_cap_blocks(tree, award, build, commune_officer, no_reports):
    leaders = [
        person(tree.commune, tree.police, "Phạm Văn Trưởng", PositionRank.HEAD_DIVISION),
        person(tree.commune, tree.police, "Đỗ Văn Phó", PositionRank.DEPUTY_HEAD_DIVISION),
    ]
    staff = [tree.person, person(tree.commune, tree.police, "Lê Văn Cường")]
    batch = build([], leaders + staff)
    assert [n.is_leader for n in batch.nominations.order_by("order")] == [True, True, False, False]
    assert submit_errors(batch, commune_officer) == [
        "Cán bộ lãnh đạo, quản lý không quá 40% tổng số cá nhân "
        "được đề nghị: đợt này có 2 lãnh đạo trong 4 cá nhân (tối đa 1)."
    ]


def test_leader_cap_is_configurable(tree, award, build, commune_officer, no_reports):
    award.quota.leader_cap_percent = 50
    award.quota.save()
    leader = person(tree.commune, tree.police, "Phạm Văn Trưởng", PositionRank.HEAD_DIVISION)
    batch = build([], [leader, tree.person])
    services.batch_transition(batch, BatchStatus.SUBMITTED, user=commune_officer)


def test_missing_documents_listed(tree, award, build, commune_officer, no_reports):
    batch = build([tree.police], [tree.person], done=False)
    for nomination in batch.nominations.all():
        services.nomination_update(
            nomination,
            user=commune_officer,
            category=nomination.category,
            achievement="x",
            is_leader=False,
            answers={c.pk: (True, "") for c in services.criteria_for(nomination)},
        )
    services.dossier_upload(
        batch,
        user=commune_officer,
        kind=DossierKind.ACHIEVEMENT_REPORT,
        upload=pdf("bc.pdf"),
        nomination=batch.nominations.get(person=tree.person),
    )
    assert submit_errors(batch, commune_officer) == [
        "Hồ sơ chưa đủ. Còn thiếu: Biên bản họp Hội đồng Thi đua - Khen thưởng; "
        "Báo cáo thành tích của Công an phường An Bình."
    ]


def test_duplicate_award_refused_at_add_and_submit(tree, award, build, commune_officer, no_reports):
    batch = build([], [tree.person], done=False)
    AwardRecord.objects.create(form=award.form, year=batch.year, person=tree.person)
    complete(batch, commune_officer, award)
    messages = submit_errors(batch, commune_officer)
    dup = (
        "Nguyễn Văn An đã được tặng Bằng khen của Chủ tịch UBND tỉnh năm 2024 "
        "(mỗi thành tích chỉ khen thưởng một lần)."
    )
    assert dup in messages
    # The automatic criterion "not awarded this year" fails from the data, too.
    assert any("chưa đạt tiêu chuẩn: Chưa được tặng hình thức này" in m for m in messages)
    other = services.batch_create(
        campaign=award.campaign, form=award.form, proposer=tree.police, user=commune_officer
    )
    with pytest.raises(ValidationError) as exc:
        services.nomination_add(other, user=commune_officer, person=tree.person)
    assert exc.value.messages == [dup]


def test_same_nominee_in_two_submitted_batches_refused(
    tree, award, build, commune_officer, no_reports
):
    first = build([], [tree.person])
    services.batch_transition(first, BatchStatus.SUBMITTED, user=commune_officer)
    second = build([], [tree.person])
    messages = submit_errors(second, commune_officer)
    assert (
        "Nguyễn Văn An đã có trong một đề nghị khác về Bằng khen của Chủ tịch UBND tỉnh năm 2024 "
        "(mỗi thành tích chỉ khen thưởng một lần)."
    ) in messages


def test_criteria_prerequisite_from_assessment_data(
    tree, award, build, commune_officer, monkeypatch
):
    monkeypatch.setattr(prerequisites, "safe_antt_recognised", lambda nominee, year: False)
    batch = build([tree.police], [])
    assert submit_errors(batch, commune_officer) == [
        "Công an phường An Bình chưa đạt tiêu chuẩn: Đạt tiêu chuẩn “An toàn về an ninh, trật tự”."
    ]
    monkeypatch.setattr(prerequisites, "safe_antt_recognised", lambda nominee, year: True)
    services.batch_transition(batch, BatchStatus.SUBMITTED, user=commune_officer)


def test_criteria_fall_back_to_the_units_answer(tree, award, build, commune_officer, no_reports):
    batch = build([tree.police], [])
    nomination = batch.nominations.get()
    criteria = services.criteria_for(nomination)
    services.nomination_update(
        nomination,
        user=commune_officer,
        category=nomination.category,
        achievement="x",
        is_leader=False,
        answers={criteria[0].pk: (True, ""), criteria[1].pk: (False, "")},
    )
    assert submit_errors(batch, commune_officer) == [
        "Công an phường An Bình chưa đạt tiêu chuẩn: Đạt tiêu chuẩn “An toàn về an ninh, trật tự”."
    ]


def test_classification_adapter_reads_reports(monkeypatch, tree):
    class FakeReports:
        @staticmethod
        def movement_classification(organisation, unit, year):  # type: ignore[no-untyped-def]
            return {2023: "kha", 2024: "trung_binh"}.get(year)

    monkeypatch.setattr(prerequisites, "_reports_api", lambda: FakeReports)
    assert prerequisites.classified_good_or_better(tree.police, 2023) is True
    assert prerequisites.classified_good_or_better(tree.police, 2024) is False
    assert prerequisites.classified_good_or_better(tree.police, 2022) is None


def test_nominee_outside_the_proposers_area_refused(tree, award, commune_officer):
    batch = services.batch_create(
        campaign=award.campaign, form=award.form, proposer=tree.police, user=commune_officer
    )
    with pytest.raises(ValidationError) as exc:
        services.nomination_add(batch, user=commune_officer, person=tree.other_person)
    assert exc.value.messages == ["Đối tượng đề nghị phải thuộc địa bàn của đơn vị trình khen."]


def test_form_for_individuals_only_refuses_collectives(tree, award, commune_officer):
    award.form.subject = "individual"
    award.form.save()
    batch = services.batch_create(
        campaign=award.campaign, form=award.form, proposer=tree.police, user=commune_officer
    )
    with pytest.raises(ValidationError) as exc:
        services.nomination_add(batch, user=commune_officer, organisation=tree.police)
    assert exc.value.messages == ["Bằng khen của Chủ tịch UBND tỉnh không tặng cho tập thể."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf", b"", "Tệp rỗng."),
        ("a.pdf", b"MZ\x90\x00 not a pdf", "Nội dung tệp không phải là tệp PDF thật."),
        ("a.docx", b"%PDF-1.4 x", "Nội dung tệp không phải là tệp DOCX thật."),
        ("a.exe", b"MZ\x90\x00", "Chỉ nhận tệp PDF, Word (.docx), JPEG hoặc PNG."),
        ("../../etc/passwd.pdf", b"%PDF-1.4 x", None),
    ],
)
def test_upload_checks(tree, award, build, commune_officer, name, content, message, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    batch = build([], [], done=False)
    upload = SimpleUploadedFile(name, content)
    if message is None:
        doc = services.dossier_upload(
            batch, user=commune_officer, kind=DossierKind.COUNCIL_MINUTES, upload=upload
        )
        assert ".." not in doc.file.name and "passwd" not in doc.file.name
        return
    with pytest.raises(ValidationError) as exc:
        services.dossier_upload(
            batch, user=commune_officer, kind=DossierKind.COUNCIL_MINUTES, upload=upload
        )
    assert exc.value.messages == [message]
    assert not batch.documents.exists()


def test_upload_one_byte_over_the_limit(tree, award, build, commune_officer, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    batch = build([], [], done=False)
    upload = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (1024 * 1024 - 4))
    with pytest.raises(ValidationError) as exc:
        services.dossier_upload(
            batch, user=commune_officer, kind=DossierKind.COUNCIL_MINUTES, upload=upload
        )
    assert exc.value.messages == ["Tệp quá lớn (tối đa 1,0\xa0MB)."]


def test_zip_bomb_named_docx_refused(tree, award, build, commune_officer):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))
    batch = build([], [], done=False)
    with pytest.raises(ValidationError) as exc:
        services.dossier_upload(
            batch,
            user=commune_officer,
            kind=DossierKind.COUNCIL_MINUTES,
            upload=SimpleUploadedFile("bomb.docx", buf.getvalue()),
        )
    assert exc.value.messages == [
        "Tệp giải nén ra lượng dữ liệu lớn bất thường so với một văn bản: bị từ chối."
    ]
