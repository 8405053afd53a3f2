"""Helpers for tests that fill in admin forms as a browser would."""

import datetime


def form_data(response):
    """What the browser would post back: every field of the change form and its inlines, as
    rendered."""
    data = {}

    def add(form):
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if value is None:
                value = ""
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
                continue
            if isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(v) for v in value]
            elif isinstance(value, (datetime.date, datetime.datetime)):
                data[bound.html_name] = value.isoformat()
            else:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data
