"""Settings of the send path shared by the sweep and the sending: how long a claim or a
queued row may wait, the retry hold, the SMTP time-out, the digest threshold and the
sweep batch, each overridable by a ``NOTIFICATIONS_<NAME>`` setting.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

# A claimed row still SENDING after this long belongs to a dead worker: it is released.
# Keep it well above SMTP_TIMEOUT x a few and the task time limit.
SENDING_TIMEOUT = timedelta(minutes=10)
# A queued row not yet claimed after this long (a lost task message) is queued again.
REQUEUE_AFTER = timedelta(minutes=15)
# Hold back the sweep while Celery's own retry with backoff is pending.
RETRY_HOLD = timedelta(minutes=15)
SMTP_TIMEOUT = 30
# A person with at least this many reminders due at once gets one digest email.
DIGEST_MIN = 3
SWEEP_BATCH = 500


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, f"NOTIFICATIONS_{name}", default)
