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


@register.filter
def get_item(mapping, key):
    """`{{ answers|get_item:indicator.pk }}`: look a key up in a dict."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def get_field(form, name: str):
    """`{{ form|get_field:name }}`: a bound field by name (dynamic fields)."""
    return form[name]


@register.simple_tag
def select_options(bound_field) -> str:
    """The <option>s of a choice field, rendered in Python.

    Django's widget templates render one sub-template per option; on the caseload's
    filters that is most of the page's rendering time (measured by `make bench`).
    """
    from django.utils.html import format_html, format_html_join

    current = bound_field.value()
    current = "" if current is None else str(current)
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(
                    '<option value="{}"{}>{}</option>',
                    value,
                    " selected" if str(value) == current else "",
                    label,
                ),
            )
            for value, label in bound_field.field.choices
        ),
    )


@register.simple_tag
def static_logo(name: str) -> str:
    """A built-in passport logo as a data: URI (the same SVG file the PDF uses)."""
    import base64
    from pathlib import Path

    if not name or not name.isalpha():
        return ""
    path = Path(__file__).resolve().parents[2] / "documents" / "logos" / f"{name}.svg"
    try:
        return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode()
    except OSError:
        return ""
