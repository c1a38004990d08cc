"""Notification centre, badge, email settings, reminder administration and rules."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import services
from .forms import PreferencesForm, ReminderRuleForm
from .models import DeadlineKind, NotificationPreference, ReminderRule, ReminderStatus
from .permissions import can_edit_rule, can_manage_reminders
from .selectors import (
    notification_qs_for,
    reminder_qs_for,
    rules_for,
    unread_count,
    user_province_id,
)

PAGE_SIZE = 30
ADMIN_PAGE_SIZE = 50

# Tabs of the administration page: which statuses each shows.
ADMIN_TABS = {
    "scheduled": (ReminderStatus.PENDING, ReminderStatus.SENDING),
    "sent": (ReminderStatus.SENT,),
    "failed": (ReminderStatus.FAILED,),
}


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    qs = notification_qs_for(request.user).order_by("-created_at", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_GET
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The unread count, polled by htmx from the navigation bar.

    Signed out (an expired session), 204: htmx swaps nothing, rather than a login page.
    """
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(
        request, "notifications/partials/_badge.html", {"unread": unread_count(request.user)}
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read and follow the link (a POST: reading changes state)."""
    notification = get_object_or_404(notification_qs_for(request.user), pk=pk)
    services.notifications_mark_read(request.user, [notification.pk])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:notification_list")


@login_required
@require_POST
def notification_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(notification_qs_for(request.user), pk=pk)
    services.notifications_mark_read(request.user, [notification.pk])
    if request.headers.get("HX-Request"):
        notification.refresh_from_db()
        response = render(
            request, "notifications/partials/_notification_row.html", {"n": notification}
        )
        response["HX-Trigger"] = "notifications-changed"
        return response
    return redirect("notifications:notification_list")


@login_required
@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_read(request.user)
    messages.success(request, _("%(n)d notifications marked as read.") % {"n": count})
    return redirect("notifications:notification_list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("kind", "by_email")
    )
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(request.user, form.by_email())
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )


def _require_manager(user: Any) -> None:
    if not can_manage_reminders(user):
        raise PermissionDenied


@login_required
@require_GET
def reminder_admin(request: HttpRequest) -> HttpResponse:
    """What is scheduled, sent and failed in the user's subtree, newest problems first."""
    _require_manager(request.user)
    tab = request.GET.get("tab", "scheduled")
    if tab not in ADMIN_TABS:
        tab = "scheduled"
    base = reminder_qs_for(request.user)
    counts = dict(base.values_list("status").annotate(n=Count("pk")).order_by())
    tabs = [(key, sum(counts.get(s, 0) for s in statuses)) for key, statuses in ADMIN_TABS.items()]
    qs = base.filter(status__in=ADMIN_TABS[tab])
    qs = qs.order_by("send_at", "pk") if tab == "scheduled" else qs.order_by("-send_at", "-pk")
    try:
        page_no = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        page_no = 1
    # No COUNT(*) over the big table: fetch one row more to know if a next page exists.
    start = (page_no - 1) * ADMIN_PAGE_SIZE
    rows = list(qs[start : start + ADMIN_PAGE_SIZE + 1])
    return render(
        request,
        "notifications/reminder_admin.html",
        {
            "tab": tab,
            "tabs": tabs,
            "rows": rows[:ADMIN_PAGE_SIZE],
            "page_no": page_no,
            "has_next": len(rows) > ADMIN_PAGE_SIZE,
        },
    )


@login_required
@require_POST
def reminder_resend(request: HttpRequest, pk: int) -> HttpResponse:
    # Scope first (another commune's reminder is a 404), then the role (403).
    reminder = get_object_or_404(reminder_qs_for(request.user), pk=pk)
    _require_manager(request.user)
    try:
        services.reminder_resend(reminder)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The reminder was queued to be sent again."))
    return redirect(f"{reverse('notifications:reminder_admin')}?tab=failed")


@login_required
@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    rules = rules_for(request.user)
    rows = [
        (kind, label, rules.get(kind) or ReminderRule(kind=kind))
        for kind, label in DeadlineKind.choices
    ]
    return render(request, "notifications/rule_list.html", {"rows": rows})


def _rule_for_edit(user: Any, kind: str) -> ReminderRule:
    """The row a save writes to: the province's own rule, created from the default."""
    if kind not in DeadlineKind.values:
        raise Http404
    province_id = None if user.is_national else user_province_id(user)
    rule = ReminderRule.objects.filter(kind=kind, province_id=province_id).first()
    if rule is not None:
        return rule
    base = ReminderRule.objects.filter(kind=kind, province__isnull=True).first()
    rule = ReminderRule(kind=kind, province_id=province_id)
    if base is not None:
        for name in [*ReminderRuleForm.Meta.fields, "head_min_rank"]:
            setattr(rule, name, getattr(base, name))
    return rule


@login_required
def rule_edit(request: HttpRequest, kind: str) -> HttpResponse:
    _require_manager(request.user)
    rule = _rule_for_edit(request.user, kind)
    if not can_edit_rule(request.user, rule):
        raise PermissionDenied
    form = ReminderRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_save(form.instance, user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The reminder rule was saved."))
            return redirect("notifications:rule_list")
    return render(request, "notifications/rule_form.html", {"form": form, "rule": rule})
