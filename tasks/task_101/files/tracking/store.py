"""Shipments by id. In production this sits on the orders database; the interface is the same."""

from __future__ import annotations

from tracking.models import Shipment, TrackingEvent


class UnknownShipment(KeyError):
    """No shipment has this id."""


class ShipmentStore:
    def __init__(self) -> None:
        self._shipments: dict[str, Shipment] = {}

    def add(self, shipment: Shipment) -> None:
        self._shipments[shipment.shipment_id] = shipment

    def get(self, shipment_id: str) -> Shipment:
        try:
            return self._shipments[shipment_id]
        except KeyError:
            raise UnknownShipment(shipment_id) from None

    def apply(self, event: TrackingEvent) -> None:
        shipment = self.get(event.shipment_id)
        shipment.history.append(event)
        shipment.status = event.status
