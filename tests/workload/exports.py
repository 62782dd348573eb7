"""Usage exports built as the real tools write them, with figures known by construction.

Each builder writes a file (or a few) in the shape its source documents, and
the tests read them back:

* OpenAI usage API pages: ``GET /v1/organization/usage/completions`` (OpenAI
  API reference, "Usage: completions"; the OpenAI Cookbook notebook "How to use
  the Usage API and Cost API to monitor your OpenAI usage", 2025-01-14, which
  starts the range at "now minus N days", so the first bucket is short).
  A page is ``{object: "page", data: [bucket], has_more, next_page}``; a
  bucket ``{object: "bucket", start_time, end_time, results: [result]}``; a
  result ``{object: "organization.usage.completions.result", input_tokens,
  output_tokens, input_cached_tokens, num_model_requests, model, ...}``.
* LiteLLM ``GET /spend/logs/v2`` pages ``{data, total, page, page_size,
  total_pages}`` whose rows are ``LiteLLM_SpendLogs`` rows (LiteLLM's
  ``schema.prisma``, model ``LiteLLM_SpendLogs``: request_id, call_type,
  api_key, spend, total_tokens, prompt_tokens, completion_tokens, startTime,
  endTime, completionStartTime, model, model_id, model_group, api_base, user,
  metadata, cache_hit, cache_key, request_tags, team_id, end_user, status, ...).
* Amazon Bedrock model invocation logs (AWS, "Monitor model invocation using
  CloudWatch Logs and Amazon S3", Amazon Bedrock user guide): one JSON object a
  line in S3 ``{schemaType: "ModelInvocationLog", schemaVersion, timestamp,
  accountId, identity: {arn}, region, requestId, operation, modelId, input:
  {inputContentType, inputBodyJson, inputTokenCount}, output:
  {outputContentType, outputBodyJson, outputTokenCount}}``; a CloudWatch Logs
  Insights query (``fields @timestamp, modelId, input.inputTokenCount,
  output.outputTokenCount``) exported as CSV names its columns by those paths.
* Langfuse observations (Langfuse public API ``GET /api/public/observations``
  and the UI's export): ``id, traceId, type (GENERATION, SPAN, EVENT), name,
  startTime, endTime, completionStartTime, model, level (DEBUG, DEFAULT,
  WARNING, ERROR), statusMessage, promptTokens, completionTokens, totalTokens,
  usageDetails {input, output, total}, createdAt, updatedAt, ...``.
* Anthropic's usage report (Claude API reference, "Get Messages Usage Report",
  ``GET /v1/organizations/usage_report/messages``): ``{data: [{starting_at,
  ending_at, results: [{uncached_input_tokens, cache_read_input_tokens,
  cache_creation: {...}, output_tokens, model, ...}]}], has_more, next_page}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

UTC = timezone.utc


def epoch(t: datetime) -> int:
    return int(t.replace(tzinfo=UTC).timestamp())


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def openai_buckets(start: datetime, end: datetime, width: timedelta,
                   requests_per_hour: Callable[[int], float]) -> list[dict[str, Any]]:
    """Buckets from ``start`` to ``end`` snapped to ``width`` (the first and last may be short).

    A bucket's requests are ``requests_per_hour(hour of its start)`` times its
    length in hours (for daily buckets: the sum over its hours); each request
    has 1,000 input and 200 output tokens. A bucket without requests has empty results.
    """
    buckets = []
    t = start
    while t < end:
        midnight = datetime(t.year, t.month, t.day)
        stop = min(midnight + ((t - midnight) // width + 1) * width, end)
        n = 0.0
        cursor = t
        while cursor < stop:
            step = min(stop, cursor.replace(minute=0, second=0) + timedelta(hours=1))
            n += requests_per_hour(cursor.hour) * (step - cursor) / timedelta(hours=1)
            cursor = step
        n = round(n)
        results = [] if n == 0 else [{
            "object": "organization.usage.completions.result", "input_tokens": 1_000 * n,
            "output_tokens": 200 * n, "input_cached_tokens": 0, "input_audio_tokens": 0,
            "output_audio_tokens": 0, "num_model_requests": n, "project_id": None, "user_id": None,
            "api_key_id": None, "model": "gpt-4o-mini-2024-07-18", "batch": None}]
        buckets.append({"object": "bucket", "start_time": epoch(t), "end_time": epoch(stop), "results": results})
        t = stop
    return buckets


def openai_page(buckets: list[dict[str, Any]], has_more: bool) -> dict[str, Any]:
    return {"object": "page", "data": buckets, "has_more": has_more,
            "next_page": "page_AAAAAGdGxdEiJdKOAAAAAGcqsYA=" if has_more else None}


def litellm_row(k: int, start: datetime, *, status: str = "success", prompt: int = 1_000,
                completion: int = 200, model: str = "gpt-4o-mini") -> dict[str, Any]:
    end = start + timedelta(seconds=3)
    return {
        "request_id": f"chatcmpl-{k:06d}", "call_type": "acompletion", "api_key": "88dc28d0f030c55ed4ab77ed8faf0981",
        "spend": 0.00024 if status == "success" else 0.0, "total_tokens": prompt + completion,
        "prompt_tokens": prompt, "completion_tokens": completion, "startTime": iso(start), "endTime": iso(end),
        "completionStartTime": iso(end), "model": model, "model_id": "model-1", "model_group": model,
        "custom_llm_provider": "openai", "api_base": "https://api.openai.com/v1", "user": "",
        "metadata": {"user_api_key_alias": None, "user_api_key_team_id": None, "spend_logs_metadata": None},
        "cache_hit": "False", "cache_key": "", "request_tags": ["prod"], "team_id": "", "end_user": "",
        "requester_ip_address": "", "messages": {}, "response": {}, "session_id": f"s-{k}",
        "status": status, "proxy_server_request": {},
    }


def bedrock_record(k: int, t: datetime, tokens_in: int, tokens_out: int, model: str) -> dict[str, Any]:
    return {
        "schemaType": "ModelInvocationLog", "schemaVersion": "1.0", "timestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "accountId": "123456789012", "identity": {"arn": "arn:aws:sts::123456789012:assumed-role/app/app"},
        "region": "us-east-1", "requestId": f"b7c8e1d2-{k:04d}", "operation": "Converse", "modelId": model,
        "input": {"inputContentType": "application/json",
                  "inputBodyJson": {"messages": [{"role": "user", "content": [{"text": "Summarise this."}]}],
                                    "inferenceConfig": {"maxTokens": 512}},
                  "inputTokenCount": tokens_in},
        "output": {"outputContentType": "application/json",
                   "outputBodyJson": {"output": {"message": {"role": "assistant",
                                                             "content": [{"text": "A summary."}]}},
                                      "stopReason": "end_turn",
                                      "usage": {"inputTokens": tokens_in, "outputTokens": tokens_out}},
                   "outputTokenCount": tokens_out},
    }


def langfuse_observation(k: int, kind: str, start: datetime, *, level: str = "DEFAULT", prompt: int = 0,
                         completion: int = 0) -> dict[str, Any]:
    generation = kind == "GENERATION"
    return {
        "id": f"obs-{k:05d}", "traceId": f"trace-{k // 2:05d}", "projectId": "proj-1", "type": kind,
        "name": "llm-call" if generation else "retrieve", "startTime": iso(start),
        "endTime": iso(start + timedelta(seconds=2)),
        "completionStartTime": iso(start + timedelta(seconds=1)) if generation else None,
        "model": "gpt-4o" if generation else None, "modelParameters": {"temperature": 0} if generation else None,
        "input": {"query": "..."}, "output": {"answer": "..."}, "metadata": {}, "level": level,
        "statusMessage": "rate limited" if level == "ERROR" else None, "parentObservationId": None,
        "version": None, "promptTokens": prompt, "completionTokens": completion,
        "totalTokens": prompt + completion,
        "usageDetails": {"input": prompt, "output": completion, "total": prompt + completion} if generation else {},
        "costDetails": {}, "promptId": None,
        # Ingestion time: the SDK flushes in batches, here three hours after the call.
        "createdAt": iso(start + timedelta(hours=3)), "updatedAt": iso(start + timedelta(hours=3)),
    }


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value))
    return path


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path
