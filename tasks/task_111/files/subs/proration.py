"""Credit for the unused part of a period, when a customer changes plan."""

from subs.renewals import current_period


def unused_credit(sub, today):
    """What is left of the current period's payment, in cents, if the plan changes today.

    Periods are calendar months now, so a day is worth price / (days in this period): the same
    day is worth a little more in February than in March. Rounded to the nearest cent, half up.
    """
    start, end = current_period(sub, today)
    remaining = (end - today).days
    length = (end - start).days
    return (2 * sub.plan.price_cents * remaining + length) // (2 * length)


def plan_change_quote(sub, new_plan, today):
    """What changing to `new_plan` today costs: its price less the unused credit (negative: a refund).

    The new plan's first period starts today.
    """
    return new_plan.price_cents - unused_credit(sub, today)
