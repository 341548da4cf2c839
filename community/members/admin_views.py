"""Wagtail's user admin, adapted to members who have a pseudonym and no real name."""

from __future__ import annotations

from django import forms
from django.utils.functional import cached_property
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import IndexView, UserViewSet

from community.members.names import DisplayNameError
from community.services import display_name_check

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
    # No e-mail field: editing a member must not show their address. An admin who needs it
    # reveals it with a reason, which is audited (moderation's "Reveal e-mail").
    email = None

    class Meta(UserEditForm.Meta):
        fields = ["display_name", "is_superuser", "groups", "is_active"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


class MemberIndexView(IndexView):
    """The list of members by pseudonym, with no e-mail column and no search by address."""

    @cached_property
    def columns(self):
        return [column for column in super().columns if column.name != "email"]

    @cached_property
    def search_fields(self):
        return ["display_name"]


class MemberUserViewSet(UserViewSet):
    """The admin's list and forms of members, keyed by pseudonym."""

    index_view_class = MemberIndexView
    create_template_name = "community/admin/member_create.html"
    edit_template_name = "community/admin/member_edit.html"

    def get_form_class(self, for_update: bool = False):
        return MemberEditForm if for_update else MemberCreationForm
