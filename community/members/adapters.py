"""allauth adapter: keeps the pseudonym on the member and the e-mail neutral."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from community.infra.ratelimit import address_digest


class AccountAdapter(DefaultAccountAdapter):
    """Saves the chosen display name; the sender and subjects of account e-mails stay neutral."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data["display_name"]
        if commit:
            user.save()
        return user

    def get_client_ip(self, request) -> str:
        # allauth keys its rate limits by address: give it a keyed hash, so the cache never
        # holds an address.
        return address_digest(super().get_client_ip(request))

    def format_email_subject(self, subject: str) -> str:
        # No site name: a subject seen in a shared inbox must not say what the site is about.
        return str(subject)
