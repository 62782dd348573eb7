"""Which kind of usage log a file is, and which of its columns plays each role.

A log is recognised from its column names, compared after lower-casing and
dropping everything but letters and digits (``Prompt Tokens``, ``promptTokens``
and ``prompt_tokens`` are one name):

* ``litellm``: LiteLLM's ``SpendLogs`` table (``startTime``, ``model``,
  ``prompt_tokens``, ``completion_tokens``), one row a request.
* ``buckets``: time-bucketed usage, a bucket start, a request count and the
  bucket's input and output tokens (the OpenAI usage API's ``start_time``,
  ``num_model_requests``, ``input_tokens``, ``output_tokens``; the legacy usage
  export's ``n_requests``, ``n_context_tokens_total``, ``n_generated_tokens_total``).
* ``bedrock``: Amazon Bedrock's model invocation logs (``timestamp``,
  ``modelId``, ``input.inputTokenCount``, ``output.outputTokenCount``), as the
  JSON Lines written to S3 or a CloudWatch Logs Insights CSV export.
* ``langfuse``: Langfuse observations (``traceId``, ``type``, ``startTime``,
  ``promptTokens``/``completionTokens`` or ``usageDetails``); only
  ``GENERATION`` rows are model calls, and ``startTime`` (not the ingestion
  time ``createdAt``) is when the call was made.
* ``requests``: one row a request, a timestamp and its input and output (or
  prompt and completion) token counts.

Nested fields are named by their path (``input.inputTokenCount``), whether
the file holds them as a struct or as JSON text in a cell (a CSV export): a
Langfuse export without token columns has its counts found in the
``usageDetails`` cell (``{"input": ..., "output": ..., "total": ...}``). Besides the
roles the figures need, a log may have a ``status`` (rows whose status says
the request failed are skipped and counted) and, for buckets, a
``bucket_end``.

``--format`` forces a kind and ``--column role=name`` names the column of a
role the names here do not cover. A file that fits no kind gets an error
listing the roles missing, the columns found and the closest names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tune_or_prompt.errors import UserError
from tune_or_prompt.workload.model import LogFormat

# Role -> names it is known by (normalised: lower case, letters and digits only).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "timestamp": (
        "timestamp", "time", "ts", "datetime", "createdat", "created", "createdtime", "requesttime",
        "requestedat", "eventtime", "loggedat", "starttime", "startedat", "date",
    ),
    "bucket_start": (
        "starttime", "bucketstart", "starttimeiso", "startingat", "periodstart", "intervalstart",
        "bucket", "date", "day", "hour", "usagedate", "timestamp", "time",
    ),
    "input_tokens": (
        "inputtokens", "prompttokens", "tokensin", "ncontexttokenstotal", "contexttokens",
        "contexttokenstotal", "inputtokencount", "prompttokencount", "usageprompttokens",
        "usageinputtokens", "inputinputtokencount", "inputusage", "usagedetailsinput",
    ),
    "output_tokens": (
        "outputtokens", "completiontokens", "tokensout", "ngeneratedtokenstotal", "generatedtokens",
        "generatedtokenstotal", "outputtokencount", "completiontokencount", "candidatestokencount",
        "usagecompletiontokens", "usageoutputtokens", "outputoutputtokencount", "outputusage",
        "usagedetailsoutput",
    ),
    "requests": (
        "nummodelrequests", "requests", "requestcount", "numrequests", "nrequests", "requeststotal",
        "apirequests", "calls", "numcalls",
    ),
    "model": ("model", "modelname", "snapshotid", "modelid", "deployment", "engine"),
    "bucket_end": ("endtime", "bucketend", "endtimeiso", "endingat", "periodend", "intervalend"),
    "status": ("status", "requeststatus", "callstatus", "outcome"),
}
# What each kind needs and may use; the first time role found is the timestamp.
REQUIRED: dict[LogFormat, tuple[str, ...]] = {
    "requests": ("timestamp", "input_tokens", "output_tokens"),
    "buckets": ("timestamp", "requests", "input_tokens", "output_tokens"),
    "litellm": ("timestamp", "input_tokens", "output_tokens"),
    "bedrock": ("timestamp", "input_tokens", "output_tokens"),
    "langfuse": ("timestamp", "input_tokens", "output_tokens"),
}
OPTIONAL: dict[LogFormat, tuple[str, ...]] = {
    "requests": ("model", "status"),
    "buckets": ("model", "bucket_end"),
    "litellm": ("model", "status"),
    "bedrock": ("model",),
    "langfuse": ("model", "status", "kind"),
}
# Roles --column and --only may name ("kind" is Langfuse's observation type, read by the format).
ROLES = ("timestamp", "input_tokens", "output_tokens", "requests", "model", "bucket_end", "status")
ONLY_ROLES = ("status", "model")
# The formats known by their exact names: the columns that tell them, then each role's column
# (the first the file has). Sources: LiteLLM's schema.prisma (model LiteLLM_SpendLogs); AWS,
# "Monitor model invocation using CloudWatch Logs and Amazon S3" (Amazon Bedrock user guide);
# Langfuse's observation export (the observations table of its public API and UI export).
KNOWN: dict[LogFormat, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = {
    "litellm": (("startTime", "prompt_tokens", "completion_tokens"), {
        "timestamp": ("startTime",), "input_tokens": ("prompt_tokens",),
        "output_tokens": ("completion_tokens",), "model": ("model",), "status": ("status",)}),
    "langfuse": (("traceId", "type", "startTime"), {
        "timestamp": ("startTime",),
        "input_tokens": ("promptTokens", "inputUsage", "usageDetails.input", "usage.input"),
        "output_tokens": ("completionTokens", "outputUsage", "usageDetails.output", "usage.output"),
        "model": ("model", "providedModelName"), "status": ("level",), "kind": ("type",)}),
    "bedrock": (("modelId", "input.inputTokenCount", "output.outputTokenCount"), {
        "timestamp": ("timestamp", "@timestamp"), "input_tokens": ("input.inputTokenCount",),
        "output_tokens": ("output.outputTokenCount",), "model": ("modelId",)}),
}
# Anthropic's usage report (GET /v1/organizations/usage_report/messages, Claude API reference):
# token totals per bucket and no request count.
ANTHROPIC_REPORT = ("uncachedinputtokens", "cachereadinputtokens")
# Types a role's column may hold: times and counts are scalars, never lists or structs.
_NESTED = ("STRUCT", "MAP", "UNION")
# Beyond this many columns a file is not a usage log we could explain in one error.
MAX_COLUMNS = 1_000


def normalise(name: str) -> str:
    """Return a column name as compared: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


@dataclass(frozen=True)
class Layout:
    """A file's kind and the column of each role it has."""

    log_format: LogFormat
    columns: dict[str, str]


def parse_column_options(items: Sequence[str]) -> dict[str, str]:
    """Parse ``--column role=name`` options into a role -> column mapping.

    Raises:
        UserError: no ``=``, an empty side, or an unknown role (with a "did you mean").

    """
    mapping: dict[str, str] = {}
    for item in items:
        role, sep, column = item.partition("=")
        role, column = role.strip(), column.strip()
        if not sep or not role or not column:
            raise UserError(f"--column {item!r}: expected ROLE=COLUMN, e.g. --column input_tokens=tokens_in")
        if role not in ROLES:
            close = difflib.get_close_matches(role, ROLES, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise UserError(f"--column {item!r}: unknown role {role!r}; {hint}(roles: {', '.join(ROLES)})")
        mapping[role] = column
    return mapping


def parse_only_options(items: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Parse ``--only role=value`` options into role -> the values kept (several for one role: any of them).

    Raises:
        UserError: no ``=``, an empty side, or a role that cannot filter.

    """
    only: dict[str, tuple[str, ...]] = {}
    for item in items:
        role, sep, value = item.partition("=")
        role, value = role.strip(), value.strip()
        if not sep or not role or not value:
            raise UserError(f"--only {item!r}: expected ROLE=VALUE, e.g. --only status=success")
        if role not in ONLY_ROLES:
            raise UserError(f"--only {item!r}: rows can be kept by {' or '.join(ONLY_ROLES)}, not {role!r}")
        only[role] = (*only.get(role, ()), value)
    return only


def _match(fmt: LogFormat, columns: Mapping[str, str], given: Mapping[str, str]) -> dict[str, str]:
    """Map each role of ``fmt`` to a column (given ones first); roles not found are left out."""
    found = dict(given)
    if fmt in KNOWN:
        for role, names in KNOWN[fmt][1].items():
            if role not in found:
                col = next((n for n in names if n in columns or _in_text(n, columns)), None)
                if col is not None:
                    found[role] = col
    taken = set(found.values())
    order = [*REQUIRED[fmt], *OPTIONAL[fmt]]
    # Counts first: "requests" must not be taken as a time, nor a time as a count.
    for role in sorted(order, key=lambda r: r == "timestamp"):
        if role in found or role == "kind":
            continue
        synonyms_role = "bucket_start" if (role == "timestamp" and fmt == "buckets") else role
        match = _find_by(synonyms_role, columns, taken)
        if match is not None:
            found[role] = match
            taken.add(match)
    return {r: found[r] for r in order if r in found}


def _find_by(synonym_role: str, columns: Mapping[str, str], taken: set[str]) -> str | None:
    by_norm: dict[str, str] = {}
    for name, kind in columns.items():
        if not kind.startswith(_NESTED) and not kind.endswith("]"):
            by_norm.setdefault(normalise(name), name)
    for synonym in SYNONYMS[synonym_role]:
        col = by_norm.get(synonym)
        if col is not None and col not in taken:
            return col
    return None


def detect(path: str, columns: Mapping[str, str] | Sequence[str], *, forced: LogFormat | None = None,
           given: Mapping[str, str] | None = None) -> Layout:
    """Return the kind of log ``columns`` make and the column of each role.

    Args:
        path: The file, for messages.
        columns: Its columns and nested fields by path, in file order, with their
            types (names alone are taken as text columns).
        forced: ``--format``: take this kind, only map its columns.
        given: ``--column`` mappings, which win over the names recognised.

    Raises:
        UserError: a mapped column the file lacks, Anthropic's usage report (no
            request count), or no kind whose required roles are all found
            (listing the missing roles, the columns found and the closest names).

    """
    given = dict(given or {})
    if not isinstance(columns, Mapping):
        columns = dict.fromkeys(columns, "VARCHAR")
    names = list(columns)
    for role, col in given.items():
        if col not in columns and not _in_text(col, columns):
            close = difflib.get_close_matches(col, names, n=3, cutoff=0.5)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise UserError(f"{path}: --column {role}={col}: no column {col!r} in the file{hint} "
                            f"(columns: {_listing(names)})")
    candidates: list[LogFormat]
    if forced is not None:
        candidates = [forced]
    else:
        known = [fmt for fmt, (tells, _) in KNOWN.items() if all(c in columns for c in tells)]
        candidates = known[:1] or ["buckets", "requests"]
    best: tuple[LogFormat, dict[str, str]] | None = None
    for fmt in candidates:
        found = _match(fmt, columns, given)
        if all(role in found for role in REQUIRED[fmt]):
            return Layout(fmt, found)
        if best is None or _missing(fmt, found) < _missing(best[0], best[1]):
            best = (fmt, found)
    assert best is not None
    normalised = {normalise(c) for c in columns}
    if "requests" not in given and all(n in normalised for n in ANTHROPIC_REPORT):
        raise UserError(f"{path}: Anthropic's usage report holds token totals per time bucket but no count "
                        "of requests, so the volume cannot be measured from it; measure a log with one "
                        "row a request instead (your gateway's, e.g. LiteLLM's spend log, or your "
                        "application's own), or name a request count with --column requests=COLUMN")
    raise _unrecognised(path, columns, *best)


def _in_text(path: str, columns: Mapping[str, str]) -> bool:
    """Tell whether ``path`` names a field inside a column of JSON text (a CSV export's JSON cell)."""
    parts = path.split(".")
    return any(".".join(parts[:k]) in columns and columns[".".join(parts[:k])] in ("VARCHAR", "JSON")
               for k in range(1, len(parts)))


def _missing(fmt: LogFormat, found: Mapping[str, str]) -> int:
    return sum(role not in found for role in REQUIRED[fmt])


def _listing(columns: Sequence[str], limit: int = 20) -> str:
    shown = ", ".join(columns[:limit])
    return shown + (f", ... ({len(columns)} in all)" if len(columns) > limit else "") if columns else "none"


def _unrecognised(path: str, columns: Mapping[str, str], fmt: LogFormat, found: Mapping[str, str]) -> UserError:
    """Build the error for a file whose columns fit no kind: missing roles, columns found, closest names.

    A hint names only a column that could hold the role's values (a scalar, not a list or a struct).
    """
    missing = [r for r in REQUIRED[fmt] if r not in found]
    names = list(columns)
    scalars = [c for c, k in columns.items()
               if c not in found.values() and not k.startswith(_NESTED) and not k.endswith("]")]
    hints = []
    for role in missing:
        synonyms_role = "bucket_start" if (role == "timestamp" and fmt == "buckets") else role
        close = _closest(SYNONYMS[synonyms_role], scalars)
        if close is not None:
            hints.append(f"did you mean --column {role}={close}?")
    kind = {"requests": "a request log", "buckets": "bucketed usage", "litellm": "a LiteLLM spend log",
            "bedrock": "a Bedrock invocation log", "langfuse": "a Langfuse observation export"}[fmt]
    what = (f"{path}: not a usage log we recognise: as {kind} it lacks "
            f"{', '.join(_role_words(r, fmt) for r in missing)}; columns found: {_listing(names)}")
    if hints:
        what += "; " + " ".join(hints)
    else:
        what += "; name them with --column ROLE=COLUMN (roles: " + ", ".join(ROLES) + ")"
    return UserError(what)


def _role_words(role: str, fmt: LogFormat) -> str:
    """Say a role in words for the error: ``timestamp (e.g. timestamp, created_at)``."""
    examples = {
        "timestamp": "bucket start (e.g. start_time, date)" if fmt == "buckets"
        else "timestamp (e.g. timestamp, created_at)",
        "input_tokens": "input_tokens (e.g. input_tokens, prompt_tokens)",
        "output_tokens": "output_tokens (e.g. output_tokens, completion_tokens)",
        "requests": "requests (e.g. num_model_requests, requests)",
    }
    return examples.get(role, role)


def _closest(synonyms: Sequence[str], columns: Sequence[str]) -> str | None:
    """Return the column whose normalised name is closest to one of ``synonyms``, if any is close."""
    best: tuple[float, str] | None = None
    for col in columns:
        norm = normalise(col)
        if not norm:
            continue
        score = max(difflib.SequenceMatcher(None, norm, s).ratio() for s in synonyms)
        if score >= 0.75 and (best is None or score > best[0]):
            best = (score, col)
    return best[1] if best else None
