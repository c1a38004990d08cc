"""Public posting before the decision: period in working days, objections, no login page."""

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import BatchStatus, Objection, ObjectionStatus
from tests.awards.conftest import posted

pytestmark = pytest.mark.django_db
S = BatchStatus
ACHIEVEMENT = "Phá 3 chuyên án ma túy trong năm"


# The test client's REMOTE_ADDR, the proxy's, and the clients behind it in the tests below.
LIMITED_ADDRESSES = ("127.0.0.1", "10.0.0.2", "203.0.113.7", "198.51.100.23")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():  # type: ignore[no-untyped-def]
    keys = [f"awards:objection:{address}" for address in LIMITED_ADDRESSES]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


@pytest.fixture
def voted(tree, award, build, commune_officer, province_staff, leader, no_reports):  # type: ignore[no-untyped-def]
    """Council passed the individual; the collective was returned at appraisal."""
    batch = build([tree.police], [tree.person])
    batch.nominations.filter(person=tree.person).update(achievement=ACHIEVEMENT)
    services.batch_transition(batch, S.SUBMITTED, user=commune_officer)
    services.batch_transition(batch, S.UNDER_APPRAISAL, user=province_staff)
    collective, individual = batch.nominations.order_by("kind")
    services.nomination_appraise(collective, user=province_staff, accept=False, reason="Thiếu")
    services.nomination_appraise(individual, user=province_staff, accept=True)
    services.batch_transition(batch, S.COUNCIL_VOTE, user=province_staff)
    for member in award.members[:3]:
        services.council_vote_cast(individual, user=member, approve=True)
    services.batch_transition(batch, S.LEADER_APPROVAL, user=award.members[0])
    return services.batch_transition(batch, S.APPROVED, user=leader)


def issue(batch, user, on=None):  # type: ignore[no-untyped-def]
    return services.batch_transition(
        batch, S.DECISION_ISSUED, user=user, signer_name="Trần Tuệ Hiền", issued_on=on
    )


def test_working_days_skip_weekends():
    assert services.last_posting_day(date(2024, 12, 6), 5) == date(2024, 12, 12)  # Fri → Thu
    assert services.last_posting_day(date(2024, 12, 7), 5) == date(2024, 12, 13)  # Sat → Fri
    assert services.last_posting_day(date(2024, 12, 9), 1) == date(2024, 12, 9)


def test_decision_waits_for_the_posting_and_objections(voted, clerk, province_staff):
    with pytest.raises(ValidationError) as exc:
        issue(voted, clerk)
    assert exc.value.messages == ["Phải công khai danh sách trước khi ban hành quyết định."]
    first = posted(voted, province_staff)
    voted.refresh_from_db()
    assert voted.posted_on == timezone.localdate()
    end = voted.posting_ends_on.strftime("%d/%m/%Y")
    with pytest.raises(ValidationError) as exc:
        issue(voted, clerk)
    assert exc.value.messages == [
        f"Danh sách đang được công khai đến hết ngày {end}: chỉ được ban hành quyết định "
        f"từ ngày {first.strftime('%d/%m/%Y')}."
    ]
    objection = services.objection_submit(
        voted, name="Lê Thị Hồng", contact="0912345678", text="Ông An chưa gương mẫu."
    )
    with time_machine.travel(first, tick=False):
        with pytest.raises(ValidationError) as exc:
            issue(voted, clerk, on=voted.posting_ends_on)
        assert exc.value.messages == [
            "Ngày ban hành quyết định phải sau thời hạn công khai.",
            "Còn 1 ý kiến phản ánh về danh sách công khai chưa được giải quyết.",
        ]
        voted.refresh_from_db()
        assert voted.status == S.APPROVED
        with pytest.raises(ValidationError) as exc:
            services.objection_resolve(objection, user=province_staff, note="  ")
        assert exc.value.messages == ["Nhập kết quả giải quyết ý kiến phản ánh."]
        services.objection_resolve(
            objection, user=province_staff, note="Đã xác minh: phản ánh không có cơ sở."
        )
        batch = issue(voted, clerk)
    assert batch.status == S.DECISION_ISSUED
    assert batch.events.filter(action="objection_resolved").exists()


def test_posting_rules(tree, award, voted, province_staff, commune_officer):
    with pytest.raises(PermissionDenied):
        services.batch_post(voted, user=commune_officer, start_on=timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        services.batch_post(voted, user=province_staff, start_on=date(2020, 1, 1))
    assert exc.value.messages == ["Ngày bắt đầu công khai không được trước ngày hôm nay."]
    award.council.posting_days = 3
    award.council.save()
    services.batch_post(voted, user=province_staff, start_on=date(2030, 1, 7))  # a Monday
    voted.refresh_from_db()
    assert voted.posting_ends_on == date(2030, 1, 9)
    with pytest.raises(ValidationError) as exc:
        services.batch_post(voted, user=province_staff, start_on=date(2030, 1, 7))
    assert exc.value.messages == ["Danh sách đã được công khai."]
    # Not started yet: not on the public pages.
    assert not services.public_batch_qs().filter(pk=voted.pk).exists()


def test_form_may_waive_the_posting(award, voted, clerk):
    award.form.posting_days = 0
    award.form.save()
    assert issue(voted, clerk).status == S.DECISION_ISSUED


def test_public_pages_without_login(tree, voted, province_staff):
    services.batch_post(voted, user=province_staff, start_on=timezone.localdate())
    voted.refresh_from_db()
    anonymous = Client(enforce_csrf_checks=True)
    listing = anonymous.get(reverse("awards:public_list"))
    assert listing.status_code == 200
    url = reverse("awards:public_batch", args=[voted.public_token])
    assert url in listing.content.decode()
    page = anonymous.get(url)
    body = page.content.decode()
    assert "Nguyễn Văn An" in body and "Công an phường An Bình" in body
    assert voted.form.name in body
    # Only those the council passed; no achievements, reasons, votes or birth years.
    assert "Thiếu" not in body and ACHIEVEMENT not in body and "1980" not in body
    # CSRF is enforced on the objection form.
    data = {"name": "Lê Thị Hồng", "contact": "0912345678", "text": "Phản ánh", "nomination": ""}
    assert anonymous.post(url, data).status_code == 403
    token = anonymous.cookies["csrftoken"].value
    response = anonymous.post(url, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.batch, objection.status) == (voted, ObjectionStatus.OPEN)
    # The contact is never published.
    assert "0912345678" not in anonymous.get(url).content.decode()
    # Bad input: a Vietnamese error and what was typed is kept.
    bad = anonymous.post(url, {**data, "text": "", "csrfmiddlewaretoken": token})
    assert bad.status_code == 200
    assert "Trường này là bắt buộc." in bad.content.decode()
    assert "Lê Thị Hồng" in bad.content.decode()
    assert Objection.objects.count() == 1
    # An unknown token is a 404.
    unknown = reverse("awards:public_batch", args=["00000000-0000-0000-0000-000000000000"])
    assert anonymous.get(unknown).status_code == 404


def test_objections_are_rate_limited(voted, province_staff):
    services.batch_post(voted, user=province_staff, start_on=timezone.localdate())
    voted.refresh_from_db()
    client = Client()
    url = reverse("awards:public_batch", args=[voted.public_token])
    data = {"name": "A", "contact": "a@example.org", "text": "Phản ánh"}
    codes = [client.post(url, data).status_code for _ in range(6)]
    assert codes == [302] * 5 + [429]
    last = client.post(url, data)
    assert "Địa chỉ này đã gửi quá nhiều ý kiến phản ánh." in last.content.decode()
    assert Objection.objects.count() == 5


def test_behind_the_proxy_each_client_is_limited_on_its_own(voted, province_staff, settings):
    """Every request comes from nginx's address; X-Forwarded-For names the client."""
    settings.TRUSTED_PROXIES = 1
    services.batch_post(voted, user=province_staff, start_on=timezone.localdate())
    voted.refresh_from_db()
    url = reverse("awards:public_batch", args=[voted.public_token])
    data = {"name": "A", "contact": "a@example.org", "text": "Phản ánh"}
    proxy = Client(REMOTE_ADDR="10.0.0.2")

    def send(forwarded_for: str) -> int:
        return proxy.post(url, data, HTTP_X_FORWARDED_FOR=forwarded_for).status_code

    first = [send("203.0.113.7") for _ in range(6)]
    assert first == [302] * 5 + [429]
    # Another client behind the same proxy is not refused for the first one's objections.
    second = [send("198.51.100.23") for _ in range(6)]
    assert second == [302] * 5 + [429]
    assert Objection.objects.count() == 10
    # The proxy's own address was never the key.
    assert cache.get("awards:objection:10.0.0.2") is None


def test_a_client_cannot_dodge_the_limit_with_its_own_forwarded_for(
    voted, province_staff, settings
):
    """nginx appends the address it saw: what the client wrote stands to its left."""
    settings.TRUSTED_PROXIES = 1
    services.batch_post(voted, user=province_staff, start_on=timezone.localdate())
    voted.refresh_from_db()
    url = reverse("awards:public_batch", args=[voted.public_token])
    data = {"name": "A", "contact": "a@example.org", "text": "Phản ánh"}
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    codes = [
        proxy.post(url, data, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7").status_code
        for n in range(1, 8)
    ]
    assert codes == [302] * 5 + [429] * 2
    assert Objection.objects.count() == 5


def test_without_a_trusted_proxy_the_header_is_not_believed(voted, province_staff, settings):
    """Reachable without a proxy (TRUSTED_PROXIES=0), anyone can write X-Forwarded-For."""
    settings.TRUSTED_PROXIES = 0
    services.batch_post(voted, user=province_staff, start_on=timezone.localdate())
    voted.refresh_from_db()
    url = reverse("awards:public_batch", args=[voted.public_token])
    data = {"name": "A", "contact": "a@example.org", "text": "Phản ánh"}
    client = Client(REMOTE_ADDR="10.0.0.2")
    codes = [
        client.post(url, data, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(1, 8)
    ]
    assert codes == [302] * 5 + [429] * 2


def test_staff_pages_scope_and_resolve(tree, voted, province_staff, other_commune, client_for):
    outsider = client_for(other_commune)
    assert (
        outsider.post(
            reverse("awards:batch_post", args=[voted.pk]), {"start_on": "2030-01-07"}
        ).status_code
        == 404
    )
    client = client_for(province_staff)
    detail = reverse("awards:batch_detail", args=[voted.pk])
    assert "Công khai danh sách" in client.get(detail).content.decode()
    client.post(reverse("awards:batch_post", args=[voted.pk]), {"start_on": ""})
    voted.refresh_from_db()
    assert voted.posted_on is None
    assert "Nhập ngày bắt đầu công khai." in client.get(detail).content.decode()
    client.post(
        reverse("awards:batch_post", args=[voted.pk]),
        {"start_on": timezone.localdate().isoformat()},
    )
    voted.refresh_from_db()
    assert voted.posted_on == timezone.localdate()
    objection = services.objection_submit(
        voted, name="Lê Thị Hồng", contact="0912345678", text="Ông An chưa gương mẫu."
    )
    resolve = reverse("awards:objection_resolve", args=[objection.pk])
    client_for(other_commune)
    assert outsider.post(resolve, {"note": "x"}).status_code == 404
    client = client_for(province_staff)
    page = client.get(detail).content.decode()
    assert "Ông An chưa gương mẫu." in page and "0912345678" in page
    client.post(resolve, {"note": ""})
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN
    client.post(resolve, {"note": "Đã xác minh"})
    objection.refresh_from_db()
    assert (objection.status, objection.resolution) == (ObjectionStatus.RESOLVED, "Đã xác minh")


def test_public_list_queries_do_not_grow(
    tree, award, voted, build, province_staff, django_assert_num_queries
):
    services.batch_post(voted, user=province_staff, start_on=timezone.localdate())
    client = Client()
    url = reverse("awards:public_list")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(3):
        other = build([tree.police], [], user=province_staff)
        other.status = S.APPROVED
        other.posted_on = timezone.localdate()
        other.posting_ends_on = timezone.localdate()
        other.public_token = __import__("uuid").uuid4()
        other.save()
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).content.decode().count("/awards/public/") >= 4
