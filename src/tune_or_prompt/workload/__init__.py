"""The workload stage: usage logs in, the measured workload out (answers and a traffic profile).

It sits in front of the answers: ``measure_logs(paths)`` reads request logs,
bucketed usage (OpenAI usage pages), LiteLLM spend logs, Amazon Bedrock
invocation logs or Langfuse observations with DuckDB and returns a
:class:`MeasuredWorkload`, whose ``answers()`` feed the questionnaire like an
answers file and whose ``assumption_values()`` (the 24-hour traffic profile)
feed the cost model's assumptions.
"""

from tune_or_prompt.workload.measure import LogOptions, measure_logs
from tune_or_prompt.workload.model import ANSWER_KEYS, ASSUMPTION_KEYS, MeasuredWorkload

__all__ = ["ANSWER_KEYS", "ASSUMPTION_KEYS", "LogOptions", "MeasuredWorkload", "measure_logs"]
