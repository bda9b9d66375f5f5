# Counts the SQL statements one export runs (via sqlite3's trace callback) instead of timing it:
# the number of queries must not grow with the number of order lines.
import io
from datetime import date

from shop import reports, schema

conn = schema.connect()
conn.executemany(
    "INSERT INTO products (id, sku, name, price_cents) VALUES (?, ?, ?, ?)",
    [(pid, f"SKU-{pid:03d}", f"Product {pid}", 100 + pid) for pid in range(1, 41)],
)
line_id = 0
for order_id in range(1, 201):
    status = "paid" if order_id % 5 else "cancelled"
    conn.execute(
        "INSERT INTO orders (id, customer_id, placed_on, status) VALUES (?, ?, ?, ?)",
        (order_id, order_id % 17, f"2024-03-{order_id % 28 + 1:02d}", status),
    )
    for n in range(3):
        line_id += 1
        product_id = (order_id * 7 + n) % 40 + 1
        conn.execute(
            "INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?)",
            (line_id, order_id, product_id, n + 1, 100 + product_id),
        )
conn.commit()

statements = []
conn.set_trace_callback(statements.append)
out = io.StringIO()
written = reports.export_order_lines_csv(conn, date(2024, 3, 1), date(2024, 4, 1), out)
conn.set_trace_callback(None)

assert written == 480, f"expected the 480 lines of the 160 paid orders, got {written}"
rows = out.getvalue().splitlines()
assert rows[0] == ",".join(reports.CSV_HEADER)
assert len(rows) == 481
selects = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
assert len(selects) <= 5, f"exporting 480 lines ran {len(selects)} SELECT statements (one per line?)"
