"""How the tool names the public documents its defaults and claims come from.

A source names a document a reader can find: the article the tool started
from (by its title), a vendor page or a benchmark (by URL, with the date it
was read), or says that a figure is the tool's own estimate and why. These
helpers keep that wording the same everywhere: the answers' defaults, the
memo's fixed figures and the cost assumptions.
"""

from __future__ import annotations

ARTICLE_TITLE = "Fine-Tuning vs Prompt Engineering: 3-Year Total Cost of Ownership Analysis"
# The article gives no publication date; this is the date it states its API prices were checked.
ARTICLE_DATE = "2024-11-15"
ESTIMATE = "tune-or-prompt estimate"


def article(claim: str) -> str:
    """Cite the article for ``claim``: '"Fine-Tuning vs ..." (article, prices as of 2024-11-15): claim'."""
    return f'"{ARTICLE_TITLE}" (article, prices as of {ARTICLE_DATE}): {claim}'


def estimate(reason: str) -> str:
    """Label a figure as the tool's own estimate, with its reasoning in one clause."""
    return f"{ESTIMATE}: {reason}"


def web(name: str, url: str, read_on: str, claim: str = "") -> str:
    """Cite a public web page (vendor pricing page, benchmark) by name, URL and the date it was read."""
    tail = f": {claim}" if claim else ""
    return f"{name}, {url} (read {read_on}){tail}"


USER = "set by the user"
CATALOGUE = "API price catalogue (genai-prices) unless set"
