"""Where the cost model's defaults come from: public documents, or our estimate and its reasoning.

Every default's source names a public document (the seed article by its
title, a vendor page with its URL, a benchmark) with the date it was read,
or says "tune-or-prompt estimate" with the reasoning in one clause. Shipped
price and hardware figures carry their own sources in the data files under
``pricing/``.
"""

from __future__ import annotations

ARTICLE_TITLE = "Fine-Tuning vs Prompt Engineering: 3-Year Total Cost of Ownership Analysis"


def article(claim: str) -> str:
    """Cite the seed article for a figure it gives."""
    return f'the article "{ARTICLE_TITLE}": {claim}'


def estimate(reason: str) -> str:
    """Label our own estimate with its reasoning."""
    return f"tune-or-prompt estimate: {reason}"


USER = "set by the user"
CATALOGUE = "API price catalogue (genai-prices) unless set"
