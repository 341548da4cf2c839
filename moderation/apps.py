from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """One queue for everything members submit, screening, flags, decisions and the audit trail.

    Imports nothing of ours but `community`; content joins by registering an adapter.
    """

    name = "moderation"
    verbose_name = "Moderation"
