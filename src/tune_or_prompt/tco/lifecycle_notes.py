"""What the report says about the API model's shutdown: when, how sure, and what the pricing did with it."""

from __future__ import annotations

from tune_or_prompt.pricing.lifecycle import TRUST_WORDS
from tune_or_prompt.tco.resolve import Context

OPEN_KINDS = ("serverless_lora", "dedicated")


def lifecycle_notes(ctx: Context, ft_kind: str | None = None) -> list[str]:
    """Return the sentences on the API model's listed shutdown (none when it has none or runs on premise).

    ``ft_kind`` is the kind of the fine-tuning option the headline describes: an
    open model's fine-tune never retires, which the note says when it matters.
    """
    placed = ctx.shutdown
    if placed is None or ctx.api is None:
        return []
    r, months = placed.retirement, ctx.workload.horizon_months
    model, when = ctx.workload.api_model, r.shutdown.isoformat()
    sure = f"{TRUST_WORDS[r.trust]} ({r.source}; read {r.read.isoformat()})"
    month = placed.month_index + 1
    successor = f", with {r.successor} named as its successor" if r.successor else ""
    if placed.month_index >= months:
        return [f"{model} is announced to shut down on {when}, month {month}, after this {months}-month horizon"
                f"{successor}: {sure}."]
    open_weights = " A fine-tuned open model never retires: its weights stay with the team." if ft_kind in OPEN_KINDS \
        else ""
    if not placed.priced:
        return [f"{model} is announced to shut down on {when}, month {month} of this horizon{successor}: {sure}. "
                "It is priced as if it stayed on sale; --retirement-dates reported prices the move to the "
                f"successor instead.{open_weights}"]
    first = max(month, 1)
    return [f"{model} shuts down on {when}{successor}: {sure}. From month {first} prompting runs on "
            f"{r.successor} at its prices and pays a migration (re-prompting and re-evaluation) that month."
            f"{open_weights}"]
