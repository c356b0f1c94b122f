"""Models of the thematic-session workflow, one module per part of it."""

from sessions_app.models.documents import *  # noqa: F403
from sessions_app.models.jobs import *  # noqa: F403
from sessions_app.models.meetings import *  # noqa: F403
from sessions_app.models.plans import *  # noqa: F403
from sessions_app.models.pledges import *  # noqa: F403
