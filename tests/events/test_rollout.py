"""Roll-out across communes (seed 002): registration, results and coverage counts."""

import re
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from events import services
from events.models import PointCategory, Registration, RolloutPlan
from tests.conftest import make_org, make_unit

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def rollout(tree):  # type: ignore[no-untyped-def]
    return RolloutPlan.objects.create(
        organiser=tree.ubnd,
        unit=tree.province,
        title="Ngày hội toàn dân bảo vệ ANTQ năm 2024",
        window_start=date(2024, 8, 1),
        window_end=date(2024, 8, 19),
        plan_deadline=date(2024, 5, 10),
        registration_deadline=date(2024, 5, 15),
        report_deadline=date(2024, 8, 20),
    )


@pytest.fixture
def third(tree):  # type: ignore[no-untyped-def]
    c = make_unit(tree.district, "T-C3", "Tân Mỹ", "xã", "commune")
    return make_org("T-UBND-C3", "UBND xã Tân Mỹ", "ubnd", c)


def reg(rollout, host, **kw):  # type: ignore[no-untyped-def]
    return Registration.objects.create(rollout=rollout, host=host, **kw)


def test_coverage_counts_on_a_fixed_data_set(tree, rollout, third, province_staff):
    # An Bình: registered on time, held and reported on time.
    reg(
        rollout,
        tree.police,
        category=PointCategory.PROVINCIAL,
        registered_at=datetime(2024, 5, 14, 9, tzinfo=TZ),
        held_on=date(2024, 8, 10),
        reported_at=datetime(2024, 8, 15, 9, tzinfo=TZ),
    )
    # Hòa Lạc: registered late (16/5), not reported yet.
    reg(rollout, tree.other_police, registered_at=datetime(2024, 5, 16, 9, tzinfo=TZ))
    # Tân Mỹ: nothing yet.
    with time_machine.travel(datetime(2024, 6, 1, 12, tzinfo=TZ), tick=False):
        districts, others = services.rollout_coverage(rollout, province_staff)
        assert len(districts) == 1 and others == []
        d = districts[0]
        assert (d.total, d.registered, d.held, d.reported, d.late) == (3, 2, 1, 1, 2)
    with time_machine.travel(datetime(2024, 8, 21, 12, tzinfo=TZ), tick=False):
        d = services.rollout_coverage(rollout, province_staff)[0][0]
        # Hòa Lạc and Tân Mỹ have not reported by 20/8: both late; An Bình is fine.
        assert (d.registered, d.reported, d.late) == (2, 1, 2)
    with time_machine.travel(datetime(2024, 5, 10, 12, tzinfo=TZ), tick=False):
        d = services.rollout_coverage(rollout, province_staff)[0][0]
        # Before the deadline an unregistered commune (Tân Mỹ) is not late yet; only the
        # registration dated after the deadline counts.
        assert d.late == 1
        assert not next(r for r in d.rows if r.unit.name == "Tân Mỹ").late


def test_commune_registers_its_own_event(tree, rollout, commune_officer, client_for):
    client = client_for(commune_officer)
    page = client.get(reverse("events:rollout_detail", args=[rollout.pk]))
    assert page.status_code == 200
    url = reverse("events:registration_new", args=[rollout.pk])
    assert url in page.content.decode()
    form = client.get(url)
    assert form.status_code == 200 and tree.police.name in form.content.decode()
    # Opening the pages wrote nothing: the row is made when the commune registers.
    assert not Registration.objects.filter(rollout=rollout).exists()
    with time_machine.travel(datetime(2024, 5, 12, 9, tzinfo=TZ), tick=False):
        bad = client.post(url, {"planned_date": "2024-09-02", "venue": "Nhà văn hóa"})
        assert (
            "Sự kiện phải được tổ chức trong khoảng từ 01/08/2024 đến 19/08/2024."
            in bad.content.decode()
        )
        assert not Registration.objects.filter(rollout=rollout).exists()
        ok = client.post(url, {"planned_date": "2024-08-10", "venue": "Nhà văn hóa tổ 1"})
        assert ok.status_code == 302
    own = Registration.objects.get(rollout=rollout, unit=tree.commune)
    assert own.host == tree.police
    page = client.get(reverse("events:rollout_detail", args=[rollout.pk]))
    edit_url = reverse("events:registration_edit", args=[rollout.pk, own.pk])
    assert edit_url in page.content.decode()
    assert client.get(url).url == edit_url  # registered: the new-registration URL redirects
    assert own.registered_at is not None and own.event is not None
    assert own.event.programme.count() == 12  # the Ngày hội template
    assert own.event.rollout == rollout
    report_url = reverse("events:registration_report", args=[rollout.pk, own.pk])
    with time_machine.travel(datetime(2024, 8, 12, 9, tzinfo=TZ), tick=False):
        r = client.post(
            report_url, {"held_on": "2024-08-10", "attendance": "300", "result_text": ""}
        )
        assert "Trường này là bắt buộc." in r.content.decode()
        client.post(
            report_url,
            {"held_on": "2024-08-10", "attendance": "300", "result_text": "Tổ chức thành công."},
        )
    own.refresh_from_db()
    assert own.reported_at is not None and own.held_on == date(2024, 8, 10)
    own.event.refresh_from_db()
    assert own.event.status == "reported"


def test_outsider_cannot_touch_another_communes_registration(
    tree, rollout, commune_officer, other_commune, client_for
):
    theirs = reg(rollout, tree.police)
    client = client_for(other_commune)
    for url in (
        reverse("events:registration_edit", args=[rollout.pk, theirs.pk]),
        reverse("events:registration_report", args=[rollout.pk, theirs.pk]),
        reverse("events:registration_file", args=[rollout.pk, theirs.pk]),
    ):
        assert client.post(url).status_code == 404
    far = RolloutPlan.objects.create(
        organiser=tree.far_org,
        unit=tree.other_province,
        title="Kế hoạch tỉnh khác",
        window_start=date(2024, 8, 1),
        window_end=date(2024, 8, 19),
        registration_deadline=date(2024, 5, 15),
        report_deadline=date(2024, 8, 20),
    )
    assert client.get(reverse("events:rollout_detail", args=[far.pk])).status_code == 404
    assert client.get(reverse("events:rollout_export", args=[far.pk])).status_code == 404


def test_report_before_registration_is_refused(tree, rollout, commune_officer):
    r = reg(rollout, tree.police)
    with pytest.raises(ValidationError) as exc:
        services.registration_report(
            r, user=commune_officer, held_on=date(2024, 8, 1), attendance=1, result_text="x"
        )
    assert exc.value.code == "order"


def test_coverage_page_and_export(tree, rollout, third, province_staff, client_for):
    reg(rollout, tree.police, registered_at=datetime(2024, 5, 14, 9, tzinfo=TZ))
    client = client_for(province_staff)
    with time_machine.travel(datetime(2024, 6, 1, 12, tzinfo=TZ), tick=False):
        page = client.get(reverse("events:rollout_detail", args=[rollout.pk])).content.decode()
        assert 'data-testid="cov-total">3<' in page
        assert 'data-testid="cov-registered">1<' in page
        assert 'data-testid="cov-late">2<' in page
        response = client.get(reverse("events:rollout_export", args=[rollout.pk]))
    ws = load_workbook(BytesIO(response.content)).active
    values = [list(row) for row in ws.iter_rows(values_only=True)]
    flat = [str(v) for row in values for v in row if v is not None]
    assert "Phường An Bình" in flat and "Xã Tân Mỹ" in flat
    assert any(row[0] == "Cộng Huyện Sông Lam" and row[5] == 1 and row[8] == 2 for row in values)


def test_coverage_page_query_count_is_constant(tree, rollout, province_staff, client_for):
    client = client_for(province_staff)
    url = reverse("events:rollout_detail", args=[rollout.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    few = len(small)  # now: the next request clears the log the context reads
    for i in range(5):
        c = make_unit(tree.district, f"T-CX{i}", f"Xã {i}", "xã", "commune")
        host = make_org(f"T-UBND-X{i}", f"UBND xã {i}", "ubnd", c)
        reg(rollout, host, registered_at=datetime(2024, 5, 14, 9, tzinfo=TZ))
    client.get(url)  # new units make the cached user stale: load it again before counting
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == few


def test_the_plan_file_is_checked_and_stored_under_a_random_name(
    tree, rollout, commune_officer, client_for
):
    client = client_for(commune_officer)
    url = reverse("events:registration_new", args=[rollout.pk])
    data = {"planned_date": "2024-08-10", "venue": "Nhà văn hóa tổ 1"}
    old_word = SimpleUploadedFile("ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 64)
    with time_machine.travel(datetime(2024, 5, 12, 9, tzinfo=TZ), tick=False):
        bad = client.post(url, {**data, "plan_file": old_word})
        assert "Kế hoạch phải là tệp PDF hoặc Word (.docx)." in bad.content.decode()
        assert not Registration.objects.filter(rollout=rollout).exists()
        pdf = SimpleUploadedFile("Kế hoạch tổ chức.pdf", b"%PDF-1.4\n%%EOF\n")
        assert client.post(url, {**data, "plan_file": pdf}).status_code == 302
    stored = Registration.objects.get(rollout=rollout).plan_file.name
    assert re.fullmatch(r"events/plans/[A-Za-z0-9_-]{32}\.pdf", stored), stored
