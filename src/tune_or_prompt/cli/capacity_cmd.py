"""``tune-or-prompt capacity``: what one replica of an open model on a GPU type delivers for a workload."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import typer

# The precisions of pricing.capacity, spelled here so that --help need not import the catalogue.
Precision = Literal["bf16", "fp8", "int4"]


def capacity(
    model: Annotated[str, typer.Option(help="Open model: llama-3.2-3b, llama-3.1-8b, qwen2.5-14b, llama-3.3-70b "
                                            "(or its size: 3b, 8b, 14b, 70b).")],
    gpu: Annotated[str, typer.Option(help="GPU type: l4, a10g, l40s, a100-80gb, h100-80gb, h200 (h100 and a100 "
                                          "are enough).")],
    input_tokens: Annotated[float, typer.Option(help="Input tokens per query.")] = 2000,
    output_tokens: Annotated[float, typer.Option(help="Output tokens per query.")] = 500,
    precision: Annotated[Precision | None, typer.Option(
        help="bf16, fp8 or int4 (AWQ weights). Default: fp8 where the GPU has FP8 tensor cores, else bf16.",
        show_default=False)] = None,
    min_user_output_tokens_per_s: Annotated[float | None, typer.Option(
        help="Slowest output speed a user may see; the batch is capped to meet it (0: no limit). Default 20.",
        show_default=False)] = None,
    max_time_to_first_token_s: Annotated[float | None, typer.Option(
        help="Longest wait for the first token, in seconds. Default: no limit.", show_default=False)] = None,
    queries_per_month: Annotated[float | None, typer.Option(
        help="Monthly volume: adds the replicas at the peak hour and the monthly cost per price tier.",
        show_default=False)] = None,
    output_format: Annotated[Literal["table", "json"], typer.Option(
        "--format", help="table for people, json for scripts.")] = "table",
) -> None:
    """Show what one replica delivers: prefill and output rates, sequences in flight, each user's speed."""
    from tune_or_prompt.tco.capacity_report import capacity_report

    report = capacity_report(model=model, gpu=gpu, input_tokens=input_tokens, output_tokens=output_tokens,
                             precision=precision, min_user_output_tokens_per_s=min_user_output_tokens_per_s,
                             max_time_to_first_token_s=max_time_to_first_token_s,
                             queries_per_month=queries_per_month)
    if output_format == "json":
        from tune_or_prompt.cli.tables import to_json

        typer.echo(to_json(report))
    else:
        _print(report)


def _print(r: dict[str, Any]) -> None:
    from rich.table import Table

    from tune_or_prompt.cli.tables import console, show, usd

    con = console()
    table = Table(title=f"One replica of {r['model']} on {r['gpu']}: {r['input_tokens']:,.0f} input and "
                        f"{r['output_tokens']:,.0f} output tokens per query")
    table.add_column("figure", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    rows = [
        ("GPUs per replica", f"{r['gpus_per_replica']}"),
        ("precision", f"{r['precision']} ({r['precision_label']})"),
        ("prefill tokens/s", f"{r['prefill_tokens_per_s']:,.0f}"),
        ("output tokens/s", f"{r['output_tokens_per_s']:,.0f}"),
        ("sequences in flight", f"{r['max_concurrent_sequences']:,}"),
        ("each user's output tokens/s", f"{r['user_output_tokens_per_s']:,.1f}"),
        ("time to first token (floor)", f"{r['time_to_first_token_s']:.3f} s"),
        ("latency target", f"{r['min_user_output_tokens_per_s']:g} tokens/s a user"
         + (f", first token within {r['max_time_to_first_token_s']:g} s" if r["max_time_to_first_token_s"] else "")),
        ("meets it", "yes" if r["meets_latency_target"] else f"no: {r['reason']}"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    show(con, table)
    fleet = r.get("fleet")
    if "queries_per_month" in r:
        if fleet is None:
            con.print(f"No fleet at {r['queries_per_month']:,.0f} queries/month: this replica is unavailable.")
        else:
            con.print(f"At {r['queries_per_month']:,.0f} queries/month: {fleet['peak_replicas']} replica(s) at the "
                      f"peak hour, {fleet['gpu_hours_per_month']:,.0f} GPU-hours a month ({fleet['assumptions']}).")
            costs = Table(title="Monthly GPU cost by price tier")
            for col in ("tier", "USD per GPU-hour", "USD per month"):
                costs.add_column(col, no_wrap=True, justify="left" if col == "tier" else "right")
            for tier, cost in fleet["monthly_cost_usd"].items():
                costs.add_row(fleet["tiers"][tier], usd(fleet["price_usd_per_gpu_hour"][tier]), usd(cost))
            show(con, costs)
    con.print(f"Source: {r['source']}")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("capacity")(capacity)
