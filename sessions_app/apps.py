from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sessions_app"
    verbose_name = _("Thematic sessions")

    def ready(self):
        # meetings part: the meetings section of a person's data export and erasure, and
        # the meetings in the calendar feed (registered when the module is imported).
        from sessions_app import meeting_calendar  # noqa: F401

        # documents: the ZIP of a year's minutes, a background job kind.
        from sessions_app.documents import minutes_zip  # noqa: F401
        from sessions_app.services.meetings import register_personal_data

        register_personal_data()
