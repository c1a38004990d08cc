"""Every URL pattern of the project, classified.

- ``OBJECT_URLS``: patterns whose kwargs name an object; each maps to the kwargs of one of
  commune A's objects in :mod:`tests.security.world`. Commune B's users must get 404.
- ``PAGE_URLS``: pages without an object in the URL (lists, dashboards, forms to create,
  filters by a fixed slug); commune B's users may open them but must see nothing of A's.
- ``UNSCOPED``: patterns that are intentionally not scoped to an org unit, each with the
  reason. The Django admin (``admin/…``) is one entry: it is for staff accounts only.

Static files have no pattern: WhiteNoise serves them from STATIC_ROOT in its middleware,
before the resolver, and uploads are never under a static or media URL (they live in
PRIVATE_MEDIA_ROOT and leave only through scoped download views).

A pattern in none of them fails ``test_every_pattern_is_classified``: a new URL must be
added here, with objects in the world, before it can land.
"""

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

Kwargs = Callable[[SimpleNamespace], dict[str, Any]]


def _pk(attr: str) -> Kwargs:
    return lambda w: {"pk": getattr(w, attr).pk}


def _event(**extra: str) -> Kwargs:
    return lambda w: {"pk": w.event.pk, **{k: getattr(w, v).pk for k, v in extra.items()}}


def _registration(w: SimpleNamespace) -> dict[str, Any]:
    return {"pk": w.rollout.pk, "reg_pk": w.registration.pk}


OBJECT_URLS: dict[str, Kwargs] = {
    # awards
    "awards:batch_counters": _pk("batch"),
    "awards:batch_detail": _pk("batch"),
    "awards:batch_post": _pk("batch"),
    "awards:batch_print": lambda w: {"pk": w.batch.pk, "kind": "proposal"},
    "awards:batch_transition": _pk("batch"),
    "awards:batch_vote": _pk("batch"),
    "awards:campaign_rules": _pk("campaign"),
    "awards:council_edit": _pk("council"),
    "awards:document_delete": _pk("document"),
    "awards:document_download": _pk("document"),
    "awards:document_upload": _pk("batch"),
    "awards:nomination_edit": _pk("nomination"),
    "awards:nomination_remove": _pk("nomination"),
    "awards:nomination_report": lambda w: {"pk": w.nomination.pk, "fmt": "pdf"},
    "awards:nomination_strike": _pk("nomination"),
    "awards:nominations_appraise": _pk("batch"),
    "awards:nominee_add": _pk("batch"),
    "awards:nominee_search": _pk("batch"),
    "awards:objection_resolve": _pk("objection"),
    "awards:organisation_history": lambda w: {"pk": w.tree.police.pk},
    "awards:person_history": _pk("person"),
    "awards:quota_create": _pk("campaign"),
    "awards:quota_detail": _pk("quota"),
    "awards:quota_edit": lambda w: {"pk": w.campaign.pk, "quota_pk": w.quota.pk},
    # campaigns
    "campaigns:campaign_child_row": lambda w: {"pk": w.campaign.pk, "relation": "phases"},
    "campaigns:campaign_children": lambda w: {"pk": w.campaign.pk, "relation": "phases"},
    "campaigns:campaign_create_child": _pk("campaign"),
    "campaigns:campaign_detail": _pk("campaign"),
    "campaigns:campaign_export": _pk("campaign"),
    "campaigns:campaign_revise": _pk("campaign"),
    "campaigns:campaign_transition": _pk("campaign"),
    "campaigns:campaign_update": _pk("campaign"),
    # documents
    "documents:batch_detail": _pk("doc_batch"),
    "documents:batch_download": lambda w: {"pk": w.doc_batch.pk, "what": "pdf"},
    "documents:campaign_document": lambda w: {"pk": w.campaign.pk, "kind": "plan", "fmt": "docx"},
    "documents:campaign_letters": _pk("campaign"),
    # events
    "events:checkin": _event(),
    "events:event_counts": _event(),
    "events:event_detail": _event(),
    "events:event_document": lambda w: {"pk": w.event.pk, "kind": "event-plan", "fmt": "docx"},
    "events:event_transition": _event(),
    "events:event_update": _event(),
    "events:group_create": _event(),
    "events:group_delete": _event(group_pk="group"),
    "events:group_detail": _event(group_pk="group"),
    "events:group_expand": _event(group_pk="group"),
    "events:group_import": _event(group_pk="group"),
    "events:invitation_add": _event(group_pk="group"),
    "events:invitation_card": _event(inv_pk="invitation"),
    "events:invitation_delete": _event(inv_pk="invitation"),
    "events:invitation_list": _event(),
    "events:invitations_print": _event(),
    "events:programme_edit": _event(),
    "events:programme_item_edit": _event(item_pk="item"),
    "events:programme_move": lambda w: {
        "pk": w.event.pk,
        "item_pk": w.item.pk,
        "direction": "down",
    },
    "events:programme_reorder": _event(),
    "events:registration_edit": _registration,
    "events:registration_file": _registration,
    "events:registration_new": _pk("rollout"),
    "events:registration_report": _registration,
    "events:rollout_detail": _pk("rollout"),
    "events:rollout_export": _pk("rollout"),
    "events:rollout_publish": _pk("rollout"),
    "events:task_edit": _event(),
    # notifications
    "notifications:notification_open": _pk("notification"),
    "notifications:notification_read": _pk("notification"),
    "notifications:reminder_resend": _pk("reminder"),
    # orgunits
    "orgunits:organisation_detail": lambda w: {"pk": w.tree.police.pk},
    "orgunits:unit_detail": lambda w: {"pk": w.tree.commune.pk},
    # people
    "people:hold_create": _pk("person"),
    "people:hold_update": _pk("hold"),
    "people:person_detail": _pk("person"),
    "people:person_update": _pk("person"),
    # reports
    "reports:assessment_edit": _pk("assessment"),
    "reports:evidence_download": _pk("evidence"),
    "reports:evidence_remove": _pk("evidence"),
    "reports:report_detail": _pk("report"),
    "reports:report_edit": _pk("expected"),
    "reports:report_review": _pk("report"),
}

_none: Kwargs = lambda w: {}  # noqa: E731

PAGE_URLS: dict[str, Kwargs] = {
    "accounts:profile": _none,
    "awards:batch_create": _none,
    "awards:batch_list": _none,
    "awards:council_create": _none,
    "awards:council_list": _none,
    "awards:form_create": _none,
    "awards:form_list": _none,
    "awards:history": _none,
    "awards:queue": lambda w: {"stage": "appraisal"},
    "awards:queue_appraise": _none,
    "campaigns:campaign_create": _none,
    "campaigns:campaign_list": _none,
    "core:home": _none,
    "events:event_create": _none,
    "events:event_list": _none,
    "notifications:badge": _none,
    "notifications:mark_all_read": _none,
    "notifications:notification_list": _none,
    "notifications:preferences": _none,
    "notifications:reminder_admin": _none,
    # The rule edited is always the requester's own province's: the slug names a kind.
    "notifications:rule_edit": lambda w: {"kind": "expected_report"},
    "notifications:rule_list": _none,
    "orgunits:organisation_list": _none,
    "orgunits:unit_export": _none,
    "orgunits:unit_import": _none,
    "orgunits:unit_import_confirm": _none,
    "orgunits:unit_import_template": _none,
    "orgunits:unit_list": _none,
    "people:hold_list": _none,
    "people:person_create": _none,
    "people:person_list": _none,
    "reports:assessments": _none,
    "reports:dashboard": _none,
    "reports:missing": _none,
    # POST only; the rows come from the requester's own scoped missing list.
    "reports:missing_nudge": _none,
    "reports:my_reports": _none,
    "reports:ranking": _none,
    # POST only; ids outside the requester's own review queue are ignored.
    "reports:review_accept_many": _none,
    "reports:review_queue": _none,
}

ADMIN = "admin/"

UNSCOPED: dict[str, str] = {
    ADMIN: "Django admin: only is_staff accounts (national administrators) get in; "
    "others are sent to the admin login (test_admin_is_staff_only).",
    "accounts:login": "Anonymous by nature; lockout is tested in tests/accounts/test_lockout.py.",
    "accounts:logout": "Ends the requester's own session; POST only, CSRF-protected.",
    "accounts:password_change": "The requester's own password.",
    "accounts:password_change_done": "Static confirmation page.",
    "accounts:password_reset": "Anonymous: asks for a mail to an address; says nothing "
    "about whether it exists.",
    "accounts:password_reset_done": "Static confirmation page.",
    "accounts:password_reset_confirm": "Anonymous by design: the signed uid+token is the "
    "credential; a wrong token shows nothing (test_unscoped_token_urls_show_nothing).",
    "accounts:password_reset_complete": "Static confirmation page.",
    "awards:form_edit": "National catalogue of award forms (Luật Thi đua, khen thưởng): "
    "one list for every province, edited by national administrators only; a province's own "
    "forms are scoped to it (tests/awards/test_catalogue.py).",
    "awards:public_batch": "Public posting before the decision (no login): the random UUID "
    "is the address; only name, unit and form are shown; a wrong token is a 404.",
    "awards:public_list": "Public posting before the decision (no login): the lists on "
    "posting now, with name, unit and form only (tests/awards/test_posting.py).",
    "core:healthz": "Load-balancer probe: answers ok/fail, no data.",
    "events:rsvp": "Invitees answer without an account: the 256-bit token is the credential; "
    "a wrong token is a 404 (test_unscoped_token_urls_show_nothing).",
    "set_language": "Django's i18n view: sets the requester's language cookie.",
}
