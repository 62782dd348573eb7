"""A generated request log whose volume, growth, daily shape and token distribution are known.

Used by the accuracy test (about 100,000 requests) and by
``benchmarks/bench_logs.py`` (1 and 10 million), written by DuckDB so that
10 million rows take seconds.

The log, day ``d`` (0 = ``start``) and hour ``h``:

* Day ``d`` has ``N_d = round(first_day * r**d)`` requests, with
  ``r = (1 + growth_pct/100) ** (1 / 30.44)``: volume grows ``growth_pct`` a month.
* They are spread over the hours by ``SHAPE`` (cumulative weights, floored, so a
  day's hours add up to ``N_d`` exactly), evenly within each hour.
* Request ``k`` (a number unique in the log) has ``1000 + (k * 2654435761 mod 2**32) mod 2001``
  input tokens (uniform over 1,000-3,000: mean 2,000, P50 2,000, P95 2,900) and
  ``100 + (k * 2246822519 mod 2**32) mod 801`` output tokens (uniform over
  100-900: mean 500, P50 500, P95 860); multiplicative hashing spreads
  consecutive ``k`` evenly over the range.
* Every fifth request uses ``gpt-4o``, the others ``gpt-4o-mini``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

# LiteLLM_SpendLogs' 32 columns (LiteLLM's schema.prisma), filled as a proxy fills them.
WIDE = """
SELECT 'chatcmpl-' || md5(CAST(k AS VARCHAR)) AS request_id, 'acompletion' AS call_type,
       md5(CAST(k % 50 AS VARCHAR)) || md5(CAST(k % 51 AS VARCHAR)) AS api_key,
       round((input_tokens * 0.15 + output_tokens * 0.6) / 1e6, 8) AS spend,
       input_tokens + output_tokens AS total_tokens, input_tokens AS prompt_tokens,
       output_tokens AS completion_tokens, timestamp || '.000' AS "startTime", timestamp || '.850' AS "endTime",
       timestamp || '.420' AS "completionStartTime", model, 'model-' || (k % 7) AS model_id, model AS model_group,
       'openai' AS custom_llm_provider, 'https://api.openai.com/v1' AS api_base,
       'user-' || (k % 997) AS "user",
       '{"user_api_key_alias": "svc-' || (k % 13) || '", "user_api_key_team_id": "team-' || (k % 5)
           || '", "user_api_key_user_id": "u-' || (k % 997) || '", "requester_ip_address": "10.0.'
           || (k % 255) || '.' || (k % 253) || '", "hidden_params": {"model_id": "' || md5(CAST(k % 7 AS VARCHAR))
           || '", "cache_key": null, "api_base": "https://api.openai.com/v1", "response_cost": '
           || round((input_tokens * 0.15 + output_tokens * 0.6) / 1e6, 8)
           || ', "additional_headers": {"llm_provider-x-ratelimit-remaining-requests": "' || (9000 + k % 999)
           || '", "llm_provider-x-ratelimit-remaining-tokens": "' || (1999000 + k % 999) || '"}}}' AS metadata,
       'False' AS cache_hit, '' AS cache_key, '["prod", "team-' || (k % 5) || '"]' AS request_tags,
       'team-' || (k % 5) AS team_id, 'org-1' AS organization_id, '' AS end_user,
       '10.0.' || (k % 255) || '.' || (k % 253) AS requester_ip_address, '{}' AS messages, '{}' AS response,
       'sess-' || md5(CAST(k // 8 AS VARCHAR)) AS session_id, 'success' AS status, '{}' AS proxy_server_request,
       '' AS mcp_namespaced_tool_name, '' AS agent_id,
       '1.74.3' AS litellm_version
FROM base"""

# Relative traffic in each hour of the day, midnight first: peak at 14:00.
SHAPE = (2, 1, 1, 1, 1, 2, 4, 7, 10, 12, 13, 13, 12, 13, 14, 13, 12, 10, 8, 6, 5, 4, 3, 2)
DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class SyntheticLog:
    """The known figures of a generated log."""

    first_day: int = 1_000
    growth_pct: float = 10.0
    days: int = 90
    start: str = "2024-01-01"

    @property
    def ratio(self) -> float:
        """Day-on-day growth factor."""
        return (1 + self.growth_pct / 100) ** (1 / DAYS_PER_MONTH)

    def day_counts(self) -> list[int]:
        """Requests on each day."""
        return [round(self.first_day * self.ratio**d) for d in range(self.days)]

    def hour_counts(self, n: int) -> list[int]:
        """A day's ``n`` requests over its 24 hours (floored cumulative weights)."""
        total = sum(SHAPE)
        cumulative = [sum(SHAPE[:h]) for h in range(25)]
        return [n * cumulative[h + 1] // total - n * cumulative[h] // total for h in range(24)]

    @property
    def requests(self) -> int:
        """Requests in the log."""
        return sum(self.day_counts())

    def window_days(self) -> float:
        """Days from the first request to the last (each placed mid-slot in its hour)."""
        first_hours = self.hour_counts(self.day_counts()[0])
        last_hours = self.hour_counts(self.day_counts()[-1])
        h0 = next(h for h in range(24) if first_hours[h])
        h1 = max(h for h in range(24) if last_hours[h])
        c0, c1 = first_hours[h0], last_hours[h1]
        t0 = h0 * 3600 + math.floor(0.5 * 3600 / c0)
        t1 = (self.days - 1) * 86_400 + h1 * 3600 + math.floor((c1 - 0.5) * 3600 / c1)
        return (t1 - t0) / 86_400

    def write(self, path: Path, fmt: str = "csv", *, wide: bool = False) -> Path:
        """Write the log to ``path`` as ``csv``, ``csv.gz``, ``jsonl`` or ``parquet``.

        ``wide`` writes it as LiteLLM's spend log exports it: the 32 columns of
        ``LiteLLM_SpendLogs`` (LiteLLM's ``schema.prisma``), about 1 KB a row, of
        which the figures read four (startTime, prompt_tokens, completion_tokens,
        model) and the status.
        """
        import duckdb

        options = {"csv": "FORMAT csv, HEADER", "csv.gz": "FORMAT csv, HEADER, COMPRESSION gzip",
                   "jsonl": "FORMAT json", "parquet": "FORMAT parquet"}[fmt]
        counts = ", ".join(str(n) for n in self.day_counts())
        cumulative = ", ".join(str(sum(SHAPE[:h])) for h in range(25))
        total = sum(SHAPE)
        sql = f"""
            COPY (
                WITH days AS (SELECT d, ([{counts}])[d + 1] AS n FROM range({self.days}) t(d)),
                cells AS (
                    SELECT d, h, n * ([{cumulative}])[h + 2] // {total} - n * ([{cumulative}])[h + 1] // {total} AS c
                    FROM days, range(24) u(h)),
                reqs AS (SELECT d, h, c, unnest(range(c)) AS j FROM cells WHERE c > 0),
                keyed AS (SELECT *, (d * 24 + h) * 100000 + j AS k FROM reqs),
                base AS (
                SELECT strftime(DATE '{self.start}' + to_days(CAST(d AS INTEGER)) + to_hours(CAST(h AS INTEGER))
                                + to_microseconds(CAST(floor((j + 0.5) * 3600 / c) AS BIGINT) * 1000000),
                                '%Y-%m-%d %H:%M:%S') AS timestamp, k,
                       1000 + ((k * 2654435761) % 4294967296) % 2001 AS input_tokens,
                       100 + ((k * 2246822519) % 4294967296) % 801 AS output_tokens,
                       CASE WHEN k % 5 = 0 THEN 'gpt-4o' ELSE 'gpt-4o-mini' END AS model
                FROM keyed)
                {WIDE if wide else "SELECT timestamp, input_tokens, output_tokens, model FROM base"} ORDER BY k
            ) TO '{str(path).replace("'", "''")}' ({options})
        """
        con = duckdb.connect()
        try:
            con.execute("SET enable_progress_bar = false")
            con.execute("SET threads = 2")
            con.execute(sql)
        finally:
            con.close()
        return path
