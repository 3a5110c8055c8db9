"""`{% reminders_panel %}`: the staff user's reminders, on the home pages they land on."""

from django import template

from atout.dashboards.selectors import panel_reminders

register = template.Library()


@register.inclusion_tag("dashboards/_reminders.html", takes_context=True)
def reminders_panel(context) -> dict:
    request = context["request"]
    # From the shared cache, recounted after any change to what it counts (see the selector);
    # a view may have read it already, with its own cache keys (`home_reminders`).
    found = context.get("home_reminders") or panel_reminders(
        request.user, getattr(request, "organisation", None)
    )
    # On a home page the panel shows only when something waits.
    return {"reminders": found, "compact": True}
