"""The memo stage: an Advice rendered as Markdown, HTML or JSON.

``render(advice, "html")`` returns the text; ``write_memo`` writes it
atomically (with the Markdown memo's chart beside it). Templates are Jinja2,
searched in a house directory first, then among the built-ins.
"""

from tune_or_prompt.memo.environment import make_environment
from tune_or_prompt.memo.render import FORMATS, Format, chart_path, render, write_memo

__all__ = ["FORMATS", "Format", "chart_path", "make_environment", "render", "write_memo"]
