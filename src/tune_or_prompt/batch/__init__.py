"""Batch portfolios: decide many workloads from a CSV or JSONL file, streaming.

:func:`run_batch` reads one workload per row (columns are question ids; empty
cells take the defaults), runs the ``decide`` pipeline for each and writes one
result row per workload, in order, with an ``error`` column for rows that
could not run. Memory stays flat in the number of rows; ``jobs`` spreads
chunks over processes.
"""

from tune_or_prompt.batch.evaluate import COLUMNS, ENGINES, BatchConfig, EngineName, Evaluator
from tune_or_prompt.batch.progress import Summary
from tune_or_prompt.batch.run import run_batch

__all__ = ["COLUMNS", "ENGINES", "BatchConfig", "EngineName", "Evaluator", "Summary", "run_batch"]
