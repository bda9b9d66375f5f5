"""Plain-text tables for the report e-mail."""

COLUMNS = [
    ("queue", "Queue", "<"),
    ("tickets", "Tickets", ">"),
    ("open", "Open", ">"),
    ("urgent_open", "Urgent open", ">"),
    ("p50_reply_min", "P50 reply (min)", ">"),
    ("p90_reply_min", "P90 reply (min)", ">"),
    ("sla_pct", "SLA %", ">"),
    ("oldest_open_h", "Oldest open (h)", ">"),
]


def _cell(value) -> str:
    """Numbers as they read in the e-mail: floats to one decimal, and a dash for 'nothing to show'."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def render_table(rows: list[dict]) -> str:
    header = [title for _, title, _ in COLUMNS]
    body = [[_cell(row[key]) for key, _, _ in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(COLUMNS))]
    lines = []
    for line in [header, *body]:
        cells = [f"{text:{align}{width}}" for text, (_, _, align), width in zip(line, COLUMNS, widths)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
