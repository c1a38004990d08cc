"""Deadlines and reminders: the API other apps call, and the send path.

How an owning app registers a deadline
--------------------------------------
Call :func:`deadline_upsert` from your service, inside its transaction, whenever the
object's due time, responsible organisation or state changes::

    from notifications.models import DeadlineKind
    from notifications.services import deadline_upsert, deadline_close

    deadline_upsert(
        report,                         # any saved model instance (content type + pk)
        DeadlineKind.EXPECTED_REPORT,   # or a plain string of DeadlineKind
        due_at=report.due_date,         # aware datetime, or a date (= 23:59 local that day)
        organisation=report.organisation,   # the responsible organisation
        title="Báo cáo kết quả tháng 5/2025",  # shown in the app, never in emails
        url=reverse("reports:report_detail", args=[report.pk]),  # a path on this site
        active=True,                    # False once done (submitted, cancelled…)
    )
    deadline_close(report, DeadlineKind.EXPECTED_REPORT)  # same as active=False

Kinds: ``campaign_assignment``, ``expected_report``, ``event_task``, ``event_rsvp``,
``event_registration``, ``event_report``, ``award_dossier`` (add a new one to
:class:`~notifications.models.DeadlineKind` with a migration of this app). An owner that
creates rows in bulk (thousands of communes) calls :func:`deadlines_bulk_upsert` with
one :class:`DeadlineSpec` per row instead: same contract, a fixed number of queries.
The call is idempotent: the same values change nothing and
write no history row. Moving ``due_at`` (or the organisation) deletes the reminders
still pending and creates them again from the new date; reminders already sent are
never touched, and a stage already sent is not sent again. Nothing is computed from
"today" later on: the sweep only reads the stored ``send_at`` of each reminder.

Who is reminded (:class:`~notifications.models.ReminderRule`, per kind, editable by
province staff): before and on the day, users of the responsible organisation with the
rule's roles; overdue stage *k* climbs the escalation ladder (responsible officers,
head of the unit, staff of the parent organisation, the province's leaders). Every
recipient must see the responsible organisation's unit (their unit is the same or an
ancestor), so a reminder never leaves the unit's hierarchy.

Sending
-------
The beat task calls :func:`reminders_sweep`; each reminder is sent by
:func:`reminder_send` (or :func:`digest_send` for a person with several reminders due
at once), which claims rows with a conditional update and writes the outbox row and the
in-app notification in the claim's transaction. The email's ``Message-ID`` comes from
the outbox key, so a message sent again after a crash between the SMTP reply and the
``sent`` mark carries the same id.

A package: ``deadlines`` (the API above), ``schedule`` (rules, recipients and the
reminders of a deadline), ``sweep`` (the beat's queueing), ``sending`` (claim, outbox,
email), ``inbox`` (in-app notifications of events without a deadline: :func:`notify`),
``preferences`` (read marks, email choices, rules) and ``common`` (settings of
the send path).
"""

from .common import (
    DIGEST_MIN,
    REQUEUE_AFTER,
    RETRY_HOLD,
    SENDING_TIMEOUT,
    SMTP_TIMEOUT,
    SWEEP_BATCH,
)
from .deadlines import (
    DeadlineSpec,
    deadline_close,
    deadline_upsert,
    deadlines_bulk_upsert,
    deadlines_orphans_close,
    due_at_for_date,
)
from .inbox import notify, notify_each
from .preferences import notifications_mark_read, preferences_save, rule_save
from .schedule import (
    reminders_schedule,
    reminders_schedule_bulk,
    rule_for,
    stage_recipients,
    stage_send_at,
    stage_steps,
)
from .sending import DeliveryError, digest_send, reminder_resend, reminder_send
from .sweep import SweepResult, reminders_sweep

__all__ = [
    "DIGEST_MIN",
    "REQUEUE_AFTER",
    "RETRY_HOLD",
    "SENDING_TIMEOUT",
    "SMTP_TIMEOUT",
    "SWEEP_BATCH",
    "DeadlineSpec",
    "DeliveryError",
    "SweepResult",
    "deadline_close",
    "deadline_upsert",
    "deadlines_bulk_upsert",
    "deadlines_orphans_close",
    "digest_send",
    "due_at_for_date",
    "notifications_mark_read",
    "notify",
    "notify_each",
    "preferences_save",
    "reminder_resend",
    "reminder_send",
    "reminders_schedule",
    "reminders_schedule_bulk",
    "reminders_sweep",
    "rule_for",
    "rule_save",
    "stage_recipients",
    "stage_send_at",
    "stage_steps",
]
