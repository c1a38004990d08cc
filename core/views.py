from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from orgunits.models import LEVEL_DEPTH_ORDER, AdminLevel
from reports.permissions import sees_own_rows_only
from reports.selectors import home_panels

from .pagecache import cached_page
from .selectors import dashboard_for, todo_for


@cached_page(apps=("people", "campaigns", "reports", "awards"))
@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    # A unit dissolved by the 2025 reorganisation keeps its history: its dashboard shows the
    # territory as it was on its last day, with a notice, rather than empty counts.
    unit = request.user.scope_unit
    as_of = unit.valid_to if unit is not None and unit.valid_to and unit.valid_to < today else today
    context: dict[str, Any] = {"today": today, "as_of": as_of, "unit": unit}
    # A school's or a security team's reporting officer sees its own reports, not the
    # area's counts of communes and people (none of which are theirs).
    context["own_only"] = sees_own_rows_only(request.user)
    if not context["own_only"]:
        context.update(dashboard_for(request.user, as_of))
        context["level_cards"] = _level_cards(request.user)
    # Reporting obligations outlive a dissolved unit (its last reports are still chased),
    # so these panels count up to today, not to the unit's last day.
    context["report_panels"] = home_panels(request.user, today)
    context["todo"] = todo_for(request.user)
    return render(request, "core/home.html", context)


def _level_cards(user: Any) -> list[tuple[str, str]]:
    """Levels strictly below the user's own unit (a commune sees only its villages)."""
    own = user.scope_unit.level if user.scope_unit else AdminLevel.NATION
    below = LEVEL_DEPTH_ORDER[LEVEL_DEPTH_ORDER.index(own) + 1 :]
    return [(level.value, level.label) for level in below]


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for the reverse proxy, and the bare one-query view of the benchmarks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok"})


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)
