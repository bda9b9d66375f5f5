"""Shipping labels for the packing station.

An order's shipment is bought from the carrier once; printing the label again
(a jammed printer, a torn label, a second parcel sticker) downloads the same
label instead of paying for a new shipment. Downloaded label documents are kept
in a small in-process cache, since a station asks for the same few labels over
and over while a packer works through a tote.
"""

import threading
from operator import attrgetter

from cachetools import LRUCache, cachedmethod

from .carrier import LABEL_FORMATS

#: Bytes of label documents kept in memory (a ZPL label is 2-10 KB, a PDF 40-80 KB).
CACHE_BYTES = 16 * 1024 * 1024

#: Order statuses for which a new shipment may be bought.
SHIPPABLE = frozenset({"paid"})


class NotShippable(Exception):
    """No label may be bought for the order in its current status."""

    def __init__(self, order_id, status):
        super().__init__(f"order {order_id} is {status}, not ready to ship")
        self.order_id = order_id
        self.status = status


class UnknownFormat(ValueError):
    """The printer asked for a label format the carrier does not render."""


def _document_key(service, order_id, fmt):
    return (order_id, fmt)


class LabelService:
    """Hands out the label of an order, buying its shipment the first time.

    One instance is shared by all request threads of the packing-station server.
    """

    def __init__(self, store, carrier, *, cache_bytes=CACHE_BYTES):
        self._store = store
        self._carrier = carrier
        self._documents = LRUCache(maxsize=cache_bytes, getsizeof=len)
        self._lock = threading.Lock()

    def label(self, order_id, fmt="pdf"):
        """The label document of `order_id` rendered as `fmt` (bytes).

        Raises UnknownOrder, NotShippable, UnknownFormat or CarrierError.
        """
        if fmt not in LABEL_FORMATS:
            raise UnknownFormat(fmt)
        return self._document(order_id, fmt)

    def cached_documents(self):
        """How many label documents are held in memory, for the station's status page."""
        with self._lock:
            return len(self._documents)

    @cachedmethod(attrgetter("_documents"), key=_document_key, lock=attrgetter("_lock"))
    def _document(self, order_id, fmt):
        record = self._store.shipment_for(order_id)
        if record is None:
            record = self._buy(order_id)
        return self._carrier.label_document(record.tracking_number, fmt)

    def _buy(self, order_id):
        order = self._store.get_order(order_id)
        if order.status not in SHIPPABLE:
            raise NotShippable(order_id, order.status)
        shipment = self._carrier.buy_label(order.id, order.address, order.weight_grams)
        return self._store.record_shipment(order.id, shipment)
