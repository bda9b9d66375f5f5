"""Import uploaded order rows: parse, price and save them on a staged pipeline."""

from dataclasses import dataclass
from functools import partial
from itertools import islice

from app.imports.rows import parse_row, price_order
from app.pipeline.pipeline import Pipeline
from app.pipeline.stage import Stage

CHECKPOINT_EVERY = 5000


@dataclass(frozen=True)
class ImportReport:
    rows: int  # rows submitted by this run; rows skipped by resume_from are not counted
    saved: int
    failed: int
    resumed_from: int = 0


def import_orders(
    rows,
    store,
    catalog,
    *,
    pricing_workers=4,
    capacity=500,
    resume_from=0,
    checkpoint_every=CHECKPOINT_EVERY,
    on_checkpoint=None,
):
    """Import the rows of an upload into `store`; rows that fail to parse, price or save are counted.

    At most `capacity` rows wait before each stage, however large the upload. Every `checkpoint_every` rows,
    once every row before it has been saved or has failed, `on_checkpoint(offset)` is called with the number
    of rows of the upload dealt with so far; after a crash, `resume_from=offset` skips those rows. Recording
    that an upload is complete is up to the caller."""
    if resume_from < 0:
        raise ValueError("resume_from must not be negative")
    if checkpoint_every < 1:
        raise ValueError("checkpoint_every must be at least 1")
    pipeline = Pipeline(
        "orders-import",
        [
            Stage("parse", parse_row, capacity=capacity),
            Stage("price", partial(price_order, catalog), workers=pricing_workers, capacity=capacity),
            Stage("save", store.save, workers=2, capacity=capacity),
        ],
    )
    offset = resume_from
    try:
        for row in islice(rows, resume_from, None):
            pipeline.submit(row)
            offset += 1
            if on_checkpoint is not None and (offset - resume_from) % checkpoint_every == 0:
                pipeline.flush()
                on_checkpoint(offset)
    finally:
        pipeline.close()
    stats = pipeline.stats()
    return ImportReport(rows=offset - resume_from, saved=stats.completed, failed=stats.failed, resumed_from=resume_from)
