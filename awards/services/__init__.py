"""Writes and rules of the awards path (DOMAIN.md section 5, seed 003 section III).

A package: ``building`` (a proposal and its dossier), ``rules`` (dossier, criteria,
duplicates, leader cap, quota locks), ``workflow`` (the TRANSITIONS table and each step).
"""

from .building import (
    batch_create,
    dossier_delete,
    dossier_upload,
    leader_threshold,
    nomination_add,
    nomination_remove,
    nomination_update,
)
from .common import IN_PLAY
from .rules import (
    CriterionCheck,
    allocation_set,
    criteria_for,
    criteria_status,
    dossier_checklist,
    dossier_missing,
    leader_cap_problem,
    live_counters,
    quota_usage,
    submission_problems,
)
from .workflow import (
    NOMINEE_ACTIONS,
    REASON_REQUIRED,
    TRANSITION_LABELS,
    TRANSITIONS,
    allowed_transitions,
    batch_transition,
    batches_transition,
    can_act_on_nominee,
    can_transition,
    council_vote_cast,
    nomination_appraise,
    nomination_strike,
    nominations_appraise,
)

__all__ = [
    "IN_PLAY",
    "NOMINEE_ACTIONS",
    "REASON_REQUIRED",
    "TRANSITIONS",
    "TRANSITION_LABELS",
    "CriterionCheck",
    "allocation_set",
    "allowed_transitions",
    "batch_create",
    "batch_transition",
    "batches_transition",
    "can_act_on_nominee",
    "can_transition",
    "council_vote_cast",
    "criteria_for",
    "criteria_status",
    "dossier_checklist",
    "dossier_delete",
    "dossier_missing",
    "dossier_upload",
    "leader_cap_problem",
    "leader_threshold",
    "live_counters",
    "nomination_add",
    "nomination_appraise",
    "nomination_remove",
    "nomination_strike",
    "nomination_update",
    "nominations_appraise",
    "quota_usage",
    "submission_problems",
]
