"""Django's form templates for the common pieces, written in Python.

Every form on a page renders each field through several small templates
(the field group, its label, its errors, the widget and the widget's
attributes). On the pair page's seven forms that was half the page's time.
This renderer writes the same markup for those pieces in Python and hands
every other template (selects, radio lists, anything an app overrides) to
Django's own renderer unchanged.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

_INPUTS = {
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "time",
        "datetime",
        "search",
        "tel",
    )
}


def _attrs(attrs: Mapping[str, Any]) -> SafeString:
    """``django/forms/attrs.html``: ``False`` drops an attribute, ``True`` writes its bare name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(format_html(" {}", name))
        else:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html


def _input(context: Mapping[str, Any]) -> SafeString:
    widget = context["widget"]
    value = widget["value"]
    shown = format_html(' value="{}"', str(value)) if value is not None else ""
    return format_html(
        '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], shown, _attrs(widget["attrs"])
    )


def _option(option: Mapping[str, Any]) -> SafeString:
    """One choice of a select, a radio list or a checkbox list."""
    if option["template_name"].endswith("select_option.html"):
        return format_html(
            '<option value="{}"{}>{}</option>', str(option["value"]), _attrs(option["attrs"]), option["label"]
        )
    box = _input({"widget": option})
    if not option.get("wrap_label"):
        return box
    ident = option["attrs"].get("id")
    target = format_html(' for="{}"', ident) if ident else ""
    return format_html("<label{}>{} {}</label>", target, box, option["label"])


def _select(context: Mapping[str, Any]) -> SafeString:
    widget = context["widget"]
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        inner = format_html_join("", "{}", ((_option(o),) for o in options))
        groups.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, inner) if group_name else inner)
    body = format_html_join("", "{}", ((g,) for g in groups))
    return format_html('<select name="{}"{}>{}</select>', widget["name"], _attrs(widget["attrs"]), body)


def _choices(context: Mapping[str, Any]) -> SafeString:
    """``multiple_input.html``: radio and checkbox lists, each choice in its own ``div``."""
    widget = context["widget"]
    ident = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        inner = format_html_join("", "<div>{}</div>", ((_option(o),) for o in options))
        groups.append(format_html("<div><label>{}</label>{}</div>", group_name, inner) if group_name else inner)
    return format_html(
        "<div{}{}>{}</div>",
        format_html(' id="{}"', ident) if ident else "",
        format_html(' class="{}"', css) if css else "",
        format_html_join("", "{}", ((g,) for g in groups)),
    )


def _textarea(context: Mapping[str, Any]) -> SafeString:
    widget = context["widget"]
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>', widget["name"], _attrs(widget["attrs"]), widget["value"] or ""
    )


def _label(context: Mapping[str, Any]) -> SafeString:
    if not context["use_tag"]:
        return conditional_escape(context["label"])
    tag = context["tag"]
    return format_html("<{}{}>{}</{}>", tag, _attrs(context["attrs"] or {}), context["label"], tag)


def _errors(context: Mapping[str, Any]) -> SafeString:
    errors = context["errors"]
    if not errors:
        return SafeString("")
    field_id = getattr(errors, "field_id", None)
    ident = format_html(' id="{}_error"', field_id) if field_id else ""
    items = format_html_join("", "<li>{}</li>", ((error,) for error in errors))
    return format_html('<ul class="{}"{}>{}</ul>', context["error_class"], ident, items)


def _field(context: Mapping[str, Any]) -> SafeString:
    field = context["field"]
    help_text = ""
    if field.help_text:
        ident = format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else ""
        help_text = format_html('<div class="helptext"{}>{}</div>', ident, mark_safe(field.help_text))  # noqa: S308
    if field.use_fieldset:
        described = format_html(' aria-describedby="{}"', field.aria_describedby) if field.aria_describedby else ""
        legend = field.legend_tag() if field.label else ""
        return format_html(
            "<fieldset{}>{}{}{}{}</fieldset>", described, legend, help_text, field.errors, field.as_widget()
        )
    label = field.label_tag() if field.label else ""
    return format_html("{}{}{}{}", label, help_text, field.errors, field.as_widget())


_WRITERS: dict[str, Callable[[Mapping[str, Any]], SafeString]] = {
    **dict.fromkeys(_INPUTS, _input),
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/checkbox.html": _input,
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/radio.html": _choices,
    "django/forms/widgets/checkbox_select.html": _choices,
    "django/forms/label.html": _label,
    "django/forms/errors/list/ul.html": _errors,
    "django/forms/field.html": _field,
}


class FastFormRenderer(DjangoTemplates):
    """Settings' ``FORM_RENDERER``: the pieces above in Python, everything else as Django renders it."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        writer = _WRITERS.get(template_name)
        if writer is None:
            return super().render(template_name, context, request)
        return writer(context)
