"""Forms for members: signup with a pseudonym, and the choices about erasing an account."""

from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from community.input.fields import CleanCharField
from community.members.names import MAX_LENGTH, DisplayNameError
from community.services import display_name_check


class SignupForm(AllauthSignupForm):
    """allauth's signup, plus the display name other members will know you by."""

    display_name = CleanCharField(
        label="Display name",
        max_length=MAX_LENGTH * 2,  # checked properly after normalising
        help_text=(
            "The only name other members see. Don't use your real name, your child's name, "
            "where you live, or anything that could lead someone to you."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    field_order = ["display_name", "email", "password1", "password2"]

    def clean_display_name(self) -> str:
        try:
            checked = display_name_check(
                self.cleaned_data["display_name"], request=getattr(self, "request", None)
            )
        except DisplayNameError as error:
            raise forms.ValidationError(str(error), code="display_name") from error
        return checked.name


class ErasureForm(forms.Form):
    """A member's choice of what happens to what they wrote when their account is erased."""

    contributions = forms.ChoiceField(
        label="What should happen to what you wrote?",
        choices=[
            ("delete", "Delete my posts and everything I wrote"),
            ("keep", 'Keep my posts, shown as written by "a former member"'),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what should happen to what you wrote."},
    )
    keep_published = forms.BooleanField(
        required=False,
        label=(
            "Leave my published stories and testimony in place under the consent I gave "
            "(otherwise they are withdrawn)"
        ),
    )
    confirm = forms.BooleanField(
        label="I understand my account will be erased after 14 days unless I undo it",
        error_messages={"required": "Please tick the box to confirm."},
    )


class ErasureNowForm(forms.Form):
    """The member confirms they want their account erased now, not after the undo period."""

    confirm = forms.ChoiceField(choices=[("yes", "Yes")])
