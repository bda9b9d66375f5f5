"""Plain-text invoices, as attached to the invoice e-mail."""

from billing.currency import format_amount
from billing.invoice import Invoice

WIDTH = 64


def _row(label: str, value: str) -> str:
    room = max(WIDTH - len(value) - 1, 12)
    if len(label) > room:
        label = label[: room - 1] + "…"
    return f"{label:<{room}} {value}"


def render_invoice(invoice: Invoice) -> str:
    currency = invoice.currency
    out = [
        _row(f"Invoice {invoice.number}", f"Issued {invoice.issued_on.isoformat()}"),
        f"Bill to: {invoice.customer}",
        "",
    ]
    for line in invoice.lines:
        label = f"{line.description} ({line.quantity} x {line.unit_price})"
        out.append(_row(label, format_amount(line.amount(currency), currency)))
    out.append("-" * WIDTH)
    out.append(_row("Total", format_amount(invoice.total(), currency)))
    if invoice.instalments == 1:
        out.append(f"Due {invoice.due_on.isoformat()}")
    else:
        out.append("")
        out.append(f"Payable in {invoice.instalments} monthly instalments:")
        for instalment in invoice.payment_schedule():
            label = f"  {instalment.number:>2}. due {instalment.due_on.isoformat()}"
            out.append(_row(label, format_amount(instalment.amount, currency)))
    return "\n".join(out) + "\n"
