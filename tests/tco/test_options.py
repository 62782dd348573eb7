"""The fine-tuning options: which exist, which are feasible and why not, and pinning one."""

from __future__ import annotations

import pytest

from tests.tco.helpers import workload
from tune_or_prompt.errors import UserError
from tune_or_prompt.pricing import load_catalogue
from tune_or_prompt.tco import Assumptions, compute_tco
from tune_or_prompt.tco.resolve import context, point_values


def _ids(report: object) -> dict[str, object]:
    return {o.id: o for o in report.fine_tuning_options}  # type: ignore[attr-defined]


def test_on_premise_leaves_only_dedicated_options() -> None:
    r = compute_tco(workload(privacy="on_premise"), Assumptions())
    feasible = [o for o in r.fine_tuning_options if o.feasible]
    assert feasible and all(o.kind == "dedicated" for o in feasible)
    for o in r.fine_tuning_options:
        if not o.feasible:  # an external API, or (owned GPUs) a GPU type with no public purchase price
            assert "on_premise" in o.reason or (o.kind == "dedicated" and "purchase price" in o.reason)
    # Prompting runs an open model (Llama-3.3-70B by default) on own GPUs: no API bill.
    assert "api_usage" not in r.prompt_engineering.breakdown
    assert r.prompt_engineering.breakdown["hardware_depreciation"] > 0
    assert r.prompt_engineering.gpus_per_month is not None


def test_a_claude_api_model_has_no_per_token_provider_option() -> None:
    r = compute_tco(workload(api_model="claude-haiku-4-5"), Assumptions())
    provider = [o for o in r.fine_tuning_options if o.kind == "provider"]
    assert len(provider) == 1 and not provider[0].feasible
    assert "provisioned throughput" in provider[0].reason
    assert r.fine_tuning.option is not None and not r.fine_tuning.option.startswith("provider:")


def test_provider_siblings_are_the_api_model_and_smaller() -> None:
    small = {o.id for o in compute_tco(workload(api_model="gpt-4o-mini"), Assumptions()).fine_tuning_options
             if o.kind == "provider"}
    big = {o.id for o in compute_tco(workload(api_model="gpt-4o"), Assumptions()).fine_tuning_options
           if o.kind == "provider"}
    assert small == {"provider:gpt-4o-mini", "provider:gpt-4.1-mini", "provider:gpt-4.1-nano"}
    assert big == small | {"provider:gpt-4o", "provider:gpt-4.1"}


def test_pinning_an_option() -> None:
    a = Assumptions(ft_option="dedicated:llama-3.1-8b@h100-80gb")
    r = compute_tco(workload(), a)
    assert r.fine_tuning.option == "dedicated:llama-3.1-8b@h100-80gb"
    assert r.ft_mode == "dedicated"
    with pytest.raises(UserError, match="ft_option: provider:gpt-4o-mini is not feasible: OpenAI"):
        compute_tco(workload(), Assumptions(ft_option="provider:gpt-4o-mini"))
    with pytest.raises(UserError, match="unknown option 'dedicated:nope'; choose one of: provider"):
        compute_tco(workload(), Assumptions(ft_option="dedicated:nope"))
    with pytest.raises(UserError, match="no feasible serverless_lora option"):
        compute_tco(workload(), Assumptions(ft_option="serverless_lora", model_size="3b"))


def test_a_gpu_type_the_model_does_not_fit_on_is_an_error() -> None:
    # Llama-3.3-70B in BF16 (141 GB) does not fit on four 24 GB L4s.
    with pytest.raises(UserError, match=r"gpu_type: Llama-3\.3-70B-Instruct does not fit on NVIDIA L4 24GB"):
        compute_tco(workload(), Assumptions(gpu_type="l4", model_size="70b"))
    with pytest.raises(UserError, match="set gpu_type too"):
        compute_tco(workload(), Assumptions(gpu_usd_per_hour=2.0))


def test_the_chosen_option_is_the_cheapest_feasible() -> None:
    r = compute_tco(workload(queries_per_month=10_000_000),
                    Assumptions(serverless_lora_input_usd_per_mtok=0.2, serverless_lora_output_usd_per_mtok=0.2))
    feasible = [o for o in r.fine_tuning_options if o.feasible]
    assert len(feasible) == 2
    cheapest = min(feasible, key=lambda o: o.total_usd or 0)
    assert r.fine_tuning.option == cheapest.id
    assert r.fine_tuning.total_usd == cheapest.total_usd


def test_training_data_is_distilled_for_another_model_and_labelled_on_request() -> None:
    r = compute_tco(workload(), Assumptions())
    assert _ids(r)["dedicated:llama-3.1-8b@l4"].training_data == "distilled"  # type: ignore[attr-defined]
    labelled = compute_tco(workload(), Assumptions(training_data="labelled"))
    # Labelling 2,000 examples x 0.05 h x $60 = 6,000 (no teacher API cost).
    assert labelled.fine_tuning.breakdown["training_data"] == 6000.0


ON_PREM = {"privacy": "on_premise", "queries_per_month": 3e6, "input_tokens": 1500, "output_tokens": 20}


def _dedicated_models(report: object) -> list[str]:
    out: list[str] = []
    for o in report.fine_tuning_options:  # type: ignore[attr-defined]
        model = o.id.split(":", 1)[1].split("@", 1)[0]
        if o.kind == "dedicated" and o.feasible and model not in out:
            out.append(model)
    return out


def test_on_premise_every_open_size_has_a_dedicated_option_model_size_first() -> None:
    assert _dedicated_models(compute_tco(workload(**ON_PREM), Assumptions(ft_option="dedicated"))) == [
        "llama-3.1-8b", "qwen2.5-14b", "llama-3.3-70b"]
    assert _dedicated_models(compute_tco(workload(**ON_PREM), Assumptions(model_size="3b", ft_option="dedicated"))) \
        == ["llama-3.2-3b", "llama-3.1-8b", "qwen2.5-14b", "llama-3.3-70b"]


def test_in_the_cloud_only_model_size_has_a_dedicated_option() -> None:
    r = compute_tco(workload(), Assumptions(ft_option="dedicated"))
    assert _dedicated_models(r) == ["llama-3.1-8b"]
    with pytest.raises(UserError, match="unknown option"):
        compute_tco(workload(), Assumptions(ft_option="dedicated:llama-3.3-70b@h200"))


def test_on_premise_another_size_can_be_pinned_and_the_gpu_type_pin_holds_for_every_size() -> None:
    r = compute_tco(workload(**ON_PREM), Assumptions(ft_option="dedicated:llama-3.3-70b@h200"))
    assert r.fine_tuning.option == "dedicated:llama-3.3-70b@h200"
    # The 8B, pinned away, is not shown as unavailable for want of a purchase price on the GPU types it left.
    assert not [p for p in r.paths if p.id == "fine_tune:llama-3.1-8b@owned"]
    pinned = compute_tco(workload(**ON_PREM), Assumptions(gpu_type="h100-80gb"))
    assert {o.id for o in pinned.fine_tuning_options if o.feasible} == {
        "dedicated:llama-3.1-8b@h100-80gb", "dedicated:qwen2.5-14b@h100-80gb", "dedicated:llama-3.3-70b@h100-80gb"}


def test_a_smaller_open_model_does_not_write_a_bigger_ones_training_data() -> None:
    # On premise the prompted open model writes distilled examples: the 8B (model_size) labels its own, and
    # people label the 14B's and the 70B's; prompting the 70B, it distils them for the 8B and the 14B.
    def data(**kw: object) -> dict[str, str]:
        r = compute_tco(workload(**ON_PREM), Assumptions(ft_option="dedicated", **kw))  # type: ignore[arg-type]
        return {o.id.split("@")[0]: o.training_data for o in r.fine_tuning_options if o.feasible}

    assert data() == {"dedicated:llama-3.1-8b": "labelled", "dedicated:qwen2.5-14b": "labelled",
                      "dedicated:llama-3.3-70b": "labelled"}
    assert data(pe_open_model_size="70b") == {"dedicated:llama-3.1-8b": "distilled",
                                              "dedicated:qwen2.5-14b": "distilled",
                                              "dedicated:llama-3.3-70b": "labelled"}


def test_the_users_fleet_speeds_belong_to_model_size_on_the_pinned_gpu() -> None:
    ctx = context(workload(**ON_PREM), Assumptions(gpu_type="h100-80gb", prefill_tokens_per_s=50_000,
                                                   decode_tokens_per_s=900), load_catalogue())
    by_id = {o.id: o for o in ctx.candidates}
    own = point_values(ctx, by_id["dedicated:llama-3.1-8b@h100-80gb"])
    assert (own["prefill_tokens_per_s"], own["decode_tokens_per_s"]) == (50_000, 900)
    other = by_id["dedicated:llama-3.3-70b@h100-80gb"]
    assert other.serving is not None and other.serving.prefill_tokens_per_s and other.serving.decode_tokens_per_s
    values = point_values(ctx, other)
    assert values["prefill_tokens_per_s"] == other.serving.prefill_tokens_per_s.value != 50_000
    assert values["decode_tokens_per_s"] == other.serving.decode_tokens_per_s.value
