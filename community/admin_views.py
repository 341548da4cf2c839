"""Wagtail's user admin, adapted to members who have a pseudonym and no real name."""

from __future__ import annotations

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from .names import DisplayNameError
from .services import display_name_check

_FIELDS = ["email", "display_name", "is_superuser", "groups"]


class _PseudonymMixin(forms.ModelForm):
    first_name = None
    last_name = None

    def clean_display_name(self) -> str:
        try:
            return display_name_check(self.cleaned_data["display_name"], member=self.instance).name
        except DisplayNameError as error:
            raise forms.ValidationError(str(error)) from error


class MemberCreationForm(_PseudonymMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = _FIELDS
        widgets = {"groups": forms.CheckboxSelectMultiple}


class MemberEditForm(_PseudonymMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = [*_FIELDS, "is_active"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


class MemberUserViewSet(UserViewSet):
    """The admin's list and forms of members, keyed by pseudonym."""

    create_template_name = "community/admin/member_create.html"
    edit_template_name = "community/admin/member_edit.html"

    def get_form_class(self, for_update: bool = False):
        return MemberEditForm if for_update else MemberCreationForm
