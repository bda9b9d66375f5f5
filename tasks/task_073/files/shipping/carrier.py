"""Client for the parcel carrier's REST API."""

import base64
import json
import urllib.parse
import urllib.request
from dataclasses import dataclass

API_URL = "https://api.parcelcarrier.example/v2"
TIMEOUT_S = 10

#: Label formats the carrier renders: PDF for the office printers, ZPL for the
#: thermal printers at the packing stations.
LABEL_FORMATS = ("pdf", "zpl")


class CarrierError(Exception):
    """The carrier refused the request or could not be reached."""


@dataclass(frozen=True)
class Shipment:
    tracking_number: str
    cost_cents: int
    label_pdf: bytes


def http_transport(method, path, payload, *, api_key):
    body = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(
        API_URL + path,
        data=body,
        method=method,
        headers={"Authorization": "Bearer " + api_key, "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return json.load(response)
    except (OSError, ValueError) as exc:
        raise CarrierError(f"{method} {path} failed: {exc}") from exc


class CarrierClient:
    def __init__(self, api_key, transport=http_transport):
        self._api_key = api_key
        self._transport = transport

    def _call(self, method, path, payload=None):
        return self._transport(method, path, payload, api_key=self._api_key)

    def buy_label(self, order_id, address, weight_grams):
        """Buy a shipment for the parcel; the carrier charges our account for it."""
        data = self._call("POST", "/shipments", {
            "reference": str(order_id),
            "to": address,
            "parcel": {"weight_g": weight_grams},
        })
        return Shipment(
            tracking_number=data["tracking_number"],
            cost_cents=int(data["cost_cents"]),
            label_pdf=base64.b64decode(data["label_pdf"]),
        )

    def label_document(self, tracking_number, fmt):
        """Download the label of a shipment we bought, rendered as `fmt`.

        Downloading a label again is free; only buy_label is charged.
        """
        if fmt not in LABEL_FORMATS:
            raise ValueError(f"unsupported label format {fmt!r}")
        path = "/shipments/{}/label?format={}".format(
            urllib.parse.quote(tracking_number, safe=""), fmt
        )
        data = self._call("GET", path)
        try:
            return base64.b64decode(data["document"], validate=True)
        except (KeyError, TypeError, ValueError) as exc:
            raise CarrierError(f"malformed label for {tracking_number}: {exc}") from exc
