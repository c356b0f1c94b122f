"""Loading the signed-in user of a request: one query for the account, the person behind it
and whether a confirmed authenticator exists.

Every page needs all three (the person for the cell and role, the authenticator for the
two-factor middleware); reading them in one query saves two round trips per request.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.models import Person, User


class AccountBackend(ModelBackend):
    """Django's password backend, with the person and the authenticator read with the user."""

    def get_user(self, user_id: int) -> User | None:
        user = (
            User._default_manager.select_related("person__cell__parent")
            .annotate(
                has_confirmed_totp=Exists(
                    TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                )
            )
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        try:
            person = user.person
        except Person.DoesNotExist:
            person = None
        # What members.models.user_person would load: the active person, or none.
        user._chibo_person = person if person is not None and person.is_active else None
        return user
