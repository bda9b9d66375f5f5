"""HTTP handlers for the packing station."""

import logging
from dataclasses import dataclass, field

from .carrier import CarrierError
from .labels import NotShippable, UnknownFormat
from .store import UnknownOrder

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "zpl": "application/vnd.zebra.zpl; charset=ascii",
}


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict = field(default_factory=dict)


def text(status, message):
    return Response(status, message.encode(), {"Content-Type": "text/plain; charset=utf-8"})


class PackingHandlers:
    def __init__(self, labels):
        self._labels = labels

    def print_label(self, order_id, query):
        """GET /orders/<order_id>/label[?format=pdf|zpl]

        The first request for an order buys its shipment; later ones reprint it.
        """
        fmt = query.get("format", "pdf")
        try:
            document = self._labels.label(order_id, fmt)
        except UnknownFormat:
            return text(400, "format must be one of: " + ", ".join(CONTENT_TYPES))
        except UnknownOrder:
            return text(404, "unknown order")
        except NotShippable as exc:
            return text(409, str(exc))
        except CarrierError:
            log.exception("getting the label of order %s failed", order_id)
            return text(502, "the carrier could not be reached, try again")
        return Response(
            200,
            document,
            {
                "Content-Type": CONTENT_TYPES[fmt],
                "Content-Disposition": f'inline; filename="label-{order_id}.{fmt}"',
                "Cache-Control": "no-store",
            },
        )
