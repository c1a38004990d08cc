"""Award holds: a small staff UI in scope; outsiders get 404; bad input loses nothing."""

from datetime import date

import pytest
from django.urls import reverse

from people.models import HoldKind, PersonHold

pytestmark = pytest.mark.django_db


def hold_data(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "kind": HoldKind.DISCIPLINE,
        "started_on": "2024-03-01",
        "ended_on": "",
        "note": "Đang xem xét kỷ luật khiển trách",
    }
    data.update(overrides)
    return data


def test_staff_adds_and_ends_a_hold(tree, province_staff, client_for):
    client = client_for(province_staff)
    url = reverse("people:hold_create", args=[tree.person.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, hold_data())
    assert response.status_code == 302
    hold = PersonHold.objects.get(person=tree.person)
    assert hold.is_active(date(2024, 6, 1)) and hold.created_by == province_staff
    detail = client.get(reverse("people:person_detail", args=[tree.person.pk])).content.decode()
    assert "Đang bị xem xét kỷ luật" in detail and "đang hiệu lực" in detail
    client.post(reverse("people:hold_update", args=[hold.pk]), hold_data(ended_on="2024-05-01"))
    hold.refresh_from_db()
    assert hold.ended_on == date(2024, 5, 1) and not hold.is_active(date(2024, 6, 1))
    assert hold.history.count() == 2


def test_end_before_start_is_refused_in_vietnamese(tree, province_staff, client_for):
    client = client_for(province_staff)
    url = reverse("people:hold_create", args=[tree.person.pk])
    response = client.post(url, hold_data(ended_on="2024-01-01"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ngày kết thúc tạm hoãn không được trước ngày bắt đầu." in body
    assert "Đang xem xét kỷ luật khiển trách" in body  # the input is kept
    assert not PersonHold.objects.exists()


def test_outsider_gets_404_and_commune_officer_403(
    tree, province_staff, commune_officer, other_commune, client_for
):
    hold = PersonHold.objects.create(
        person=tree.person, kind=HoldKind.INVESTIGATION, started_on=date(2024, 1, 1)
    )
    # Another commune's user, even with the right role, does not find the person or the hold.
    from accounts.models import RoleCode
    from tests.conftest import make_user

    far_staff = make_user("far-staff", tree.other_police, RoleCode.PROVINCE_STAFF)
    for user in (other_commune, far_staff):
        client = client_for(user)
        assert client.get(reverse("people:hold_update", args=[hold.pk])).status_code == 404
        assert (
            client.post(
                reverse("people:hold_update", args=[hold.pk]), hold_data(ended_on="2024-02-01")
            ).status_code
            == 404
        )
        assert client.get(reverse("people:hold_create", args=[tree.person.pk])).status_code == 404
    far_list = client_for(far_staff).get(reverse("people:hold_list")).content.decode()
    assert "Nguyễn Văn An" not in far_list
    hold.refresh_from_db()
    assert hold.ended_on is None
    # A commune officer may nominate but does not manage holds, nor see them.
    client = client_for(commune_officer)
    assert client.get(reverse("people:hold_list")).status_code == 403
    assert client.get(reverse("people:hold_create", args=[tree.person.pk])).status_code == 403
    detail = client.get(reverse("people:person_detail", args=[tree.person.pk])).content.decode()
    assert "Đang bị điều tra" not in detail


def test_hold_list_shows_holds_in_force_in_constant_queries(
    tree, province_staff, client_for, django_assert_num_queries
):
    from people.models import Gender, Person

    PersonHold.objects.create(
        person=tree.person, kind=HoldKind.COMPLAINT, started_on=date(2020, 1, 1)
    )
    PersonHold.objects.create(
        person=tree.other_person,
        kind=HoldKind.DISCIPLINE,
        started_on=date(2020, 1, 1),
        ended_on=date(2020, 6, 1),
    )
    client = client_for(province_staff)
    url = reverse("people:hold_list")
    body = client.get(url).content.decode()
    assert "Nguyễn Văn An" in body and "Trần Thị Bích" not in body
    assert "Trần Thị Bích" in client.get(url + "?all=1").content.decode()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(20):
        p = Person.objects.create(
            full_name=f"Người Bị Hoãn {i}",
            gender=Gender.MALE,
            organisation=tree.police,
            unit=tree.commune,
        )
        PersonHold.objects.create(person=p, kind=HoldKind.DISCIPLINE, started_on=date(2021, 1, 1))
    with django_assert_num_queries(len(small.captured_queries)):
        assert "Người Bị Hoãn 19" in client.get(url).content.decode()
