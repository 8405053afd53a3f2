"""Edit conflicts: a form saved after someone else saved the same object is refused.

Each change form carries, in a hidden field, the ``updated_at`` of the object as it was when the
form was loaded. If the object was saved since (by another editor, by a publish or an import),
the save is refused with a message naming who changed what, from what to what (read from the
object's revisions), and nothing is lost: the fields this editor did not touch take the newly
saved values, the fields they did change keep their own, and the form carries the new version,
so saving again keeps both editors' work once they have looked.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import Truncator
from reversion.models import Version

TOKEN_FIELD = "loaded_version"
SKIPPED = {"created_at", "updated_at"}


class VersionTokenField(forms.CharField):
    """The hidden version stamp: never reported as a change of its own."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


def version_token(instance):
    return instance.updated_at.isoformat() if instance.pk and instance.updated_at else ""


class ConflictCheckedForm(forms.ModelForm):
    loaded_version = VersionTokenField(required=False)
    # Turned off while a revision is being restored (the revert form is about an old version).
    check_conflicts = True
    # Inline rows are only saved when edited, so they are only checked when edited.
    only_when_changed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD].initial = version_token(self.instance)

    def clean(self):
        cleaned = super().clean()
        if not self.check_conflicts or not self.instance.pk:
            return cleaned
        loaded = (self.data.get(self.add_prefix(TOKEN_FIELD)) or "").strip()
        if not loaded:
            return cleaned
        if self.only_when_changed and not self.has_changed():
            return cleaned  # the row matches what is saved: it will not be written
        model = type(self.instance)
        current = model._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        if current is None or version_token(current) == loaded:
            return cleaned
        before, version = _values_as_loaded(current, loaded)
        if self.only_when_changed and version is not None and not self._edited_since(before):
            self._keep_saved = True  # a stale row this editor did not touch: not written
            return cleaned
        raise ValidationError(self._conflict_messages(current, before, version))

    def has_changed(self):
        return not getattr(self, "_keep_saved", False) and super().has_changed()

    def _edited_since(self, before):
        return any(_edited(self[name], before.get(name)) for name in self.fields if name in before)

    def _conflict_messages(self, current, before, version):
        now = _field_values(current)
        who = ""
        latest = Version.objects.get_for_object(current).select_related("revision__user").first()
        if latest is not None and latest.revision.user is not None:
            who = f" by {latest.revision.user.get_username()}"
        when = current.updated_at.strftime("%d %B %Y %H:%M:%S UTC")
        opts = current._meta
        messages = [
            f"Not saved: this {opts.verbose_name} was changed{who} at {when}, after you opened "
            "it. Nothing is lost: the fields you did not change now show the newly saved "
            "values, the fields you changed keep yours. Check them and save again."
        ]
        data = self.data.copy()
        if version is None:
            messages[0] = (
                f"Not saved: this {opts.verbose_name} was changed{who} at {when}, after you "
                "opened it, and the history does not hold the version you opened. Your form "
                "is kept as you filled it in; where it differs from what is saved now:"
            )
            for name in self.fields:
                if name in now and _edited(self[name], now[name]):
                    field = opts.get_field(name)
                    messages.append(
                        f"{field.verbose_name}: saved “{_display(field, now[name])}”, your "
                        f"form has “{_display(field, self[name].data)}”."
                    )
        else:
            for name in now:
                if name in SKIPPED or _same(before.get(name), now[name]):
                    continue
                field = opts.get_field(name)
                message = (
                    f"{field.verbose_name}: “{_display(field, before.get(name))}” → "
                    f"“{_display(field, now[name])}”"
                )
                if name in self.fields:
                    if _edited(self[name], before.get(name)):
                        message += " — you changed it too: your text is kept in the form"
                    else:
                        _set_data(data, self[name].html_name, now[name])
                messages.append(message + ".")
        data[self.add_prefix(TOKEN_FIELD)] = version_token(current)
        self.data = data
        return messages


def _field_values(instance):
    """The instance's field values as stored (foreign keys as ids, many-to-many as id sets)."""
    values = {}
    for field in instance._meta.concrete_fields:
        values[field.name] = getattr(instance, field.attname)
    for field in instance._meta.many_to_many:
        if field.remote_field.through._meta.auto_created:
            values[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return values


def _values_as_loaded(current, loaded):
    """The object's values in the revision saved when the form was loaded, or (None) if the
    history does not hold it."""
    for version in Version.objects.get_for_object(current)[:50]:
        try:
            fields = version.field_dict
        except Exception:  # a version the current schema cannot read
            continue
        stamp = fields.get("updated_at")
        # Revisions keep timestamps to the millisecond (Django's JSON encoder).
        if stamp is not None and _ms(stamp) == _ms(loaded):
            values = {}
            for field in current._meta.concrete_fields:
                values[field.name] = fields.get(field.attname)
            for field in current._meta.many_to_many:
                if field.attname in fields:
                    values[field.name] = sorted(int(pk) for pk in fields[field.attname])
            return values, version
    return {}, None


def _ms(value):
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value.isoformat(timespec="milliseconds")


def _same(stored, now):
    """Equal as a revision stores them: its times are kept to the millisecond, so a time
    saved since differs from its own revision in the microseconds ("published at
    12:00:00.123 → 12:00:00.123456" in a conflict message)."""
    if isinstance(now, datetime.datetime) and stored is not None:
        return _ms(stored) == _ms(now)
    return stored == now


def _edited(bound, before):
    """Did this editor change the field? (Browsers send a textarea's line ends as CRLF.)"""
    data = bound.data
    if isinstance(data, str):
        data = data.replace("\r\n", "\n")
    return bound.field.has_changed(before, data)


def _display(field, value):
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(field, models.ForeignKey) and not isinstance(value, models.Model):
        value = field.related_model._default_manager.filter(pk=value).first() or value
    elif isinstance(field, models.ManyToManyField):
        pks = [getattr(v, "pk", v) for v in value]
        value = ", ".join(str(o) for o in field.related_model._default_manager.filter(pk__in=pks))
    elif field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif isinstance(value, (datetime.date, datetime.datetime)):
        value = value.isoformat()
    return Truncator(str(value)).chars(300)


def _set_data(data, name, value):
    """Put a stored value into posted form data, as the browser would have sent it."""
    if isinstance(value, bool):
        if value:
            data[name] = "on"
        else:
            data.pop(name, None)
    elif isinstance(value, list):
        data.setlist(name, [str(v) for v in value])
    elif isinstance(value, (datetime.date, datetime.datetime)):
        data[name] = value.isoformat()
    else:
        data[name] = "" if value is None else str(value)


class ConflictGuardMixin:
    """For a ModelAdmin (and its inlines): refuse stale saves (see the module docstring)."""

    form = ConflictCheckedForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.check_conflicts = not getattr(request, "_restoring_revision", False)
        return form

    def __init_subclass__(cls, **kwargs):
        """An admin that builds its own fieldsets still gets the hidden version field."""
        super().__init_subclass__(**kwargs)
        if "get_fieldsets" in cls.__dict__:
            cls.get_fieldsets = _with_token(cls.__dict__["get_fieldsets"])

    def get_fieldsets(self, request, obj=None):
        return _add_token(super().get_fieldsets(request, obj))


def _with_token(get_fieldsets):
    def wrapper(self, request, obj=None):
        return _add_token(get_fieldsets(self, request, obj))

    return wrapper


def _add_token(fieldsets):
    names = {name for _title, options in fieldsets for name in _flatten(options["fields"])}
    if TOKEN_FIELD in names:
        return fieldsets
    (title, options), *rest = fieldsets
    return [(title, {**options, "fields": [*options["fields"], TOKEN_FIELD]}), *rest]


class ConflictCheckedInlineForm(ConflictCheckedForm):
    only_when_changed = True


class RowsGoneInlineFormSet(forms.BaseInlineFormSet):
    """An inline whose rows were deleted since the page was loaded (by another editor, an
    import, a rejected tag) says so above its rows. The missing row's error sits on its hidden
    id field, which the admin does not show: the save failed with "Please correct the error
    below" and nothing below to correct."""

    def clean(self):
        super().clean()
        pk = self.model._meta.pk.name
        # (a row this editor meant to delete anyway is no loss)
        gone = sum(
            1
            for form in self.initial_forms
            if pk in form.errors and not form.data.get(form.add_prefix("DELETE"))
        )
        if gone:
            rows = "A row of this list was" if gone == 1 else f"{gone} rows of this list were"
            raise ValidationError(
                f"{rows} deleted since you opened the page (by another editor or an import). "
                "Your other changes are still in the form: copy what you typed, then reload the "
                "page and make them again."
            )


class ConflictGuardInlineMixin:
    form = ConflictCheckedInlineForm
    formset = RowsGoneInlineFormSet

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.check_conflicts = not getattr(request, "_restoring_revision", False)
        return formset

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if TOKEN_FIELD in fields else [*fields, TOKEN_FIELD]


def _flatten(fields):
    for name in fields:
        if isinstance(name, (list, tuple)):
            yield from name
        else:
            yield name
