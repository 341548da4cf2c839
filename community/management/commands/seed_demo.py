"""Demo content for `make run`: fictional members, the home and signposting pages, helplines.

Idempotent: running it again changes nothing that is already there. Every person here is
invented; the helplines are real public services, named on purpose.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from community.models import Helpline, HomePage, SafetySettings, SignpostingPage, User
from community.selectors import safety_settings

DEMO_PASSWORD = "demo-password-only-for-dev"  # noqa: S105 - printed for local use only

DEMO_MEMBERS = [
    # (e-mail, display name, groups, superuser)
    ("admin@example.org", "Site Steward", [], True),
    ("moderator@example.org", "Quiet Harbour", ["Moderators", "Safeguarding leads"], False),
    ("organiser@example.org", "Northern Lights", ["Campaign organisers"], False),
    ("parent@example.org", "Hopeful Heron", [], False),
    ("carer@example.org", "Kettle On", [], False),
]

HELPLINES = [
    {
        "name": "Emergency services",
        "description": "If anyone is in danger right now.",
        "phone": "999",
        "hours": "any time",
    },
    {
        "name": "NSPCC Helpline",
        "description": "For adults worried about a child.",
        "phone": "0808 800 5000",
        "url": "https://www.nspcc.org.uk/",
        "hours": "see website",
    },
    {
        "name": "Childline",
        "description": "For children and young people, about anything.",
        "phone": "0800 1111",
        "url": "https://www.childline.org.uk/",
        "hours": "any time",
    },
    {
        "name": "Missing People",
        "description": "If your child is missing, or has gone missing before.",
        "phone": "116 000",
        "url": "https://www.missingpeople.org.uk/",
        "hours": "any time",
    },
    {
        "name": "Crimestoppers",
        "description": "Tell them what you know about crime, without giving your name.",
        "phone": "0800 555 111",
        "url": "https://crimestoppers-uk.org/",
        "hours": "any time",
    },
    {
        "name": "Samaritans",
        "description": "If you are struggling to cope.",
        "phone": "116 123",
        "url": "https://www.samaritans.org/",
        "hours": "any time",
    },
]

HOME_INTRO = (
    "<p>A safe place for parents and carers whose children are being exploited. "
    "Read other parents' stories, talk to people who understand, and campaign for change, "
    "without anyone knowing who you are.</p>"
)
SIGNPOSTING_INTRO = (
    "<p>You don't have to cope with this alone. These services are free and confidential.</p>"
)


class Command(BaseCommand):
    help = "Load fictional demo content (idempotent)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options.get("force"):
            raise CommandError("seed_demo is for development; pass --force to run it anyway.")
        with transaction.atomic():
            home = self._home()
            self._signposting(home)
            self._helplines()
            self._members()
        # Each app's own demo content, by command name: community imports no other app.
        for command in settings.DEMO_SEED_COMMANDS:
            call_command(command, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        if not options["quiet_logins"]:
            self._print_logins()

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins.")

    def _home(self) -> HomePage:
        home = HomePage.objects.first()
        if home is None:
            raise CommandError("No home page: run `manage.py migrate` first.")
        if not home.intro:
            home.title = "Welcome"
            home.intro = HOME_INTRO
            home.save_revision().publish()
        return home

    def _signposting(self, home: HomePage) -> None:
        if SignpostingPage.objects.exists():
            return
        page = SignpostingPage(title="Need help now?", slug="help", intro=SIGNPOSTING_INTRO)
        home.add_child(instance=page)
        page.save_revision().publish()

    def _helplines(self) -> None:
        site_settings: SafetySettings = safety_settings()
        if Helpline.objects.filter(settings=site_settings).exists():
            return
        for order, helpline in enumerate(HELPLINES):
            Helpline.objects.create(settings=site_settings, sort_order=order, **helpline)

    def _members(self) -> None:
        for email, display_name, groups, superuser in DEMO_MEMBERS:
            if User.objects.filter(email=email).exists():
                continue
            user = User(email=email, display_name=display_name, is_superuser=superuser)
            user.is_staff = superuser
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set(Group.objects.filter(name__in=groups))
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)

    def _print_logins(self) -> None:
        self.stdout.write(f"\nDev-only logins (password for all: {DEMO_PASSWORD}):")
        for email, display_name, groups, superuser in DEMO_MEMBERS:
            role = "admin" if superuser else (", ".join(groups) or "member")
            self.stdout.write(f"  {email:<24} {display_name:<16} {role}")
        self.stdout.write(
            "Staff (admin, moderator) are asked to set up an authenticator app before the admin.\n"
        )
