from django import template

from atout.accounts.validators import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """Show a stored phone number the Quebec way: 418 555-0142."""
    return format_phone(value or "")


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination, sort links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
