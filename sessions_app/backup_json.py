"""The JSON of backups: Django's own, with times to the microsecond.

Django's JSON encoder cuts times to the millisecond (the ECMAScript format), so a backup
restored would move every timestamp back by up to a millisecond — and the history's order
and "changed since" checks compare timestamps. This format writes them whole; Django's JSON
deserializer reads them back as they were (`loaddata` picks it from the `.json` name).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as DjangoJSONSerializer

__all__ = ["Deserializer", "ExactJSONEncoder", "Serializer"]


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, without cutting microseconds off times."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.tzinfo is None:
            return o.isoformat()
        return super().default(o)


class Serializer(DjangoJSONSerializer):
    def _init_options(self) -> None:
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
