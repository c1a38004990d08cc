"""Effective-dated units: a day decides which units exist; successions carry history on."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from orgunits.models import AdminLevel, AdminUnit, Succession, SuccessionKind
from orgunits.selectors import successors_by_unit, successors_of, unit_counts_for
from tests.conftest import make_unit

REFORM = date(2025, 7, 1)
EVE = date(2025, 6, 30)


@pytest.fixture
def reorganised(tree):  # type: ignore[no-untyped-def]
    """Both communes end on 30/6/2025 and merge into a new one from 1/7/2025."""
    for old in (tree.commune, tree.other_commune):
        old.valid_to = EVE
        old.save()
    merged = make_unit(
        tree.province, "T-C9", "Hợp Nhất", "phường", AdminLevel.COMMUNE, valid_from=REFORM
    )
    for old in (tree.commune, tree.other_commune):
        Succession.objects.create(
            kind=SuccessionKind.MERGE,
            from_unit=old,
            to_unit=merged,
            effective_date=REFORM,
            legal_basis="Nghị quyết thử nghiệm",
        )
    return merged


def test_active_on_includes_both_boundary_days(tree, reorganised):
    communes = AdminUnit.objects.filter(level=AdminLevel.COMMUNE)
    assert set(communes.active_on(EVE)) == {tree.commune, tree.other_commune}
    assert set(communes.active_on(REFORM)) == {reorganised}
    assert tree.commune.is_active_on(EVE) and not tree.commune.is_active_on(REFORM)
    assert not reorganised.is_active_on(EVE) and reorganised.is_active_on(date(2030, 1, 1))


def test_counts_by_level_follow_the_day(tree, reorganised, province_staff):
    assert unit_counts_for(province_staff, EVE)["commune"] == 2
    assert unit_counts_for(province_staff, REFORM)["commune"] == 1
    assert unit_counts_for(province_staff, REFORM)["village"] == 2  # villages not ended


def test_successors_follow_the_date_and_history_is_kept(tree, reorganised):
    assert successors_of(tree.commune, EVE) == [tree.commune]
    assert successors_of(tree.commune, REFORM) == [reorganised]
    assert successors_of(tree.other_commune, REFORM) == [reorganised]
    tree.commune.refresh_from_db()
    assert tree.commune.name == "An Bình"  # the old unit is never rewritten


def test_successors_are_followed_transitively(tree, reorganised):
    later = make_unit(
        tree.province, "T-C10", "Sau Nữa", "phường", AdminLevel.COMMUNE, valid_from=date(2027, 1, 1)
    )
    Succession.objects.create(
        kind=SuccessionKind.RENAME,
        from_unit=reorganised,
        to_unit=later,
        effective_date=date(2027, 1, 1),
        legal_basis="Nghị quyết sau",
    )
    assert successors_of(tree.commune, date(2026, 12, 31)) == [reorganised]
    assert successors_of(tree.commune, date(2027, 1, 1)) == [later]


def test_a_unit_cannot_end_before_it_starts(tree):
    tree.commune.valid_from = REFORM
    tree.commune.valid_to = EVE
    with pytest.raises(ValidationError) as exc:
        tree.commune.full_clean()
    assert exc.value.message_dict["valid_to"] == ["Ngày kết thúc không được trước ngày bắt đầu."]


def test_successors_of_many_units_in_one_query_per_step(
    tree, reorganised, django_assert_num_queries
):
    units = [tree.commune, tree.other_commune, tree.village]
    # One step of successions, then one query that finds no further step.
    with django_assert_num_queries(2):
        got = successors_by_unit(units, REFORM)
    assert got == {
        tree.commune.pk: [reorganised],
        tree.other_commune.pk: [reorganised],
        tree.village.pk: [tree.village],  # not succeeded: carries itself
    }


def test_chains_of_different_lengths_meeting_in_one_unit_both_end_there(tree, reorganised):
    """An Bình → X in one step; Hòa Lạc → Y → X in two: both are carried by X (the
    second chain reaches X after the first already had)."""
    Succession.objects.all().delete()
    x = make_unit(tree.province, "T-X", "Ích", "phường", AdminLevel.COMMUNE)
    y = make_unit(tree.province, "T-Y", "Ý", "phường", AdminLevel.COMMUNE)
    for old, new in ((tree.commune, x), (tree.other_commune, y), (y, x)):
        Succession.objects.create(
            kind=SuccessionKind.MERGE,
            from_unit=old,
            to_unit=new,
            effective_date=REFORM,
            legal_basis="NQ",
        )
    got = successors_by_unit([tree.commune, tree.other_commune], REFORM)
    assert got == {tree.commune.pk: [x], tree.other_commune.pk: [x]}
    # A cycle in bad data ends instead of looping.
    Succession.objects.create(
        kind=SuccessionKind.MERGE, from_unit=x, to_unit=y, effective_date=REFORM, legal_basis="NQ"
    )
    assert successors_by_unit([tree.commune], REFORM) == {tree.commune.pk: [tree.commune]}
