from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from members.access import cell_access
from members.models import TextSize, user_person


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The user's own cell and role for the menu, and their text size."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"text_size": TextSize.NORMAL}
    person = user_person(user)
    return {
        "text_size": user.text_size,
        "text_sizes": TextSize.choices,
        "nav_access": cell_access(user, person.cell) if person else None,
    }
