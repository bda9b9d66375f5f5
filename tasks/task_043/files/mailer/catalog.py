"""The transactional emails the shop sends, by name."""

from dataclasses import dataclass


@dataclass(frozen=True)
class EmailTemplate:
    subject: str
    text: str
    html: str


CATALOG = {
    "order_confirmed": EmailTemplate(
        subject="Your Larder & Co. order {{ order.number }} is confirmed",
        text="""\
Hi {{ customer.first_name }},

Thanks for your order {{ order.number }}. We are packing it now and will email you again when it
leaves the warehouse.

Total paid: {{ order.total_display }}
""",
        html="""\
<p>Hi {{ customer.first_name }},</p>
<p>Thanks for your order {{ order.number }}. We are packing it now and will email you again
when it leaves the warehouse.</p>
<p>Total paid: {{ order.total_display }}</p>
""",
    ),
    "order_shipped": EmailTemplate(
        subject="Order {{ order.number }} is on its way",
        text="""\
Hi {{ customer.first_name }},

Your order {{ order.number }} left our warehouse today with {{ shipment.carrier }}.
Your tracking number is {{ shipment.tracking_number }}.
""",
        html="""\
<p>Hi {{ customer.first_name }},</p>
<p>Your order {{ order.number }} left our warehouse today with {{ shipment.carrier }}.
Your tracking number is <b>{{ shipment.tracking_number }}</b>.</p>
""",
    ),
    "refund_issued": EmailTemplate(
        subject="We have refunded {{ refund.amount_pence|money }} for order {{ order.number }}",
        text="""\
Hi {{ customer.first_name }},

We have refunded {{ refund.amount_pence|money }} for your order {{ order.number }}. It should reach
your account within 5 working days.

A note from {{ refund.agent_name }}:

{{ refund.note }}
""",
        html="""\
<p>Hi {{ customer.first_name }},</p>
<p>We have refunded <b>{{ refund.amount_pence|money }}</b> for your order {{ order.number }}.
It should reach your account within 5 working days.</p>
<p>A note from {{ refund.agent_name }}:</p>
<blockquote>{{ refund.note|nl2br }}</blockquote>
""",
    ),
}
