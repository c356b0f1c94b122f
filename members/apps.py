from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = _("Organisations and people")

    def ready(self):
        # people part: the sections of "download my data" held by this app.
        from members import personal_data, security  # noqa: F401  (signal receivers)

        personal_data.register_member_sections()
