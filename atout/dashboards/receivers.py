"""Invalidation of the home pages' cached reminders panel (see `selectors.panel_reminders`).

Any write of what the reminders count (a service request, a participation, its events, its
feedback report) starts a new generation, at once and again after the commit, so a request
that counted the old rows in between cannot keep them cached. Cascaded deletes send these
signals too (the models have receivers, so Django does not fast-delete them).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from atout.dashboards.selectors import forget_panel_reminders


def reminded_row_changed(sender: Any, **kwargs: Any) -> None:
    forget_panel_reminders()
    transaction.on_commit(forget_panel_reminders)


def connect() -> None:
    from atout.participations.models import FeedbackReport, Participation, ParticipationEvent
    from atout.referrals.models import ServiceRequest

    for model in (ServiceRequest, Participation, ParticipationEvent, FeedbackReport):
        for signal in (post_save, post_delete):
            signal.connect(
                reminded_row_changed,
                sender=model,
                dispatch_uid=f"reminders-panel-{model._meta.label}-{id(signal)}",
            )
