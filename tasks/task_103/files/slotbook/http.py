from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import Tenant


@dataclass
class Request:
    tenant: Tenant  # set by the session middleware: the signed-in user's business
    json: dict[str, Any] = field(default_factory=dict)


@dataclass
class Response:
    status: int
    body: dict[str, Any]
