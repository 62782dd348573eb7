"""The ways to fine-tune a workload could take, which are feasible, and which one is pinned.

Each option is a complete fine-tuning path the one cost model prices:

* ``provider:<model>``: the API provider's own fine-tuning of the API model or
  a smaller sibling (trained and served per token at the shipped prices).
  A provider that sells no per-token fine-tuned model is listed as not
  feasible, with the reason; it is never priced at the base model's price.
* ``serverless_lora:<open model>``: a LoRA adapter on an open model, trained
  per token and served per token by a host that sells it (the shipped host
  cheapest for the workload's tokens, or the user's prices).
* ``dedicated:<open model>@<gpu>``: the open model on rented GPUs, one
  variant per GPU type it fits on (the report keeps the cheapest) or the
  pinned type. On premise, every open model size prompting is offered on
  (:data:`OPEN_SIZES` and the prompted one) has its own, ``model_size``'s first,
  so that prompting and fine-tuning each size are compared like with like.
* ``flat``: the seed article's lump sums, only when pinned.

On premise only dedicated options are feasible: the others send data to an
external API. The training data is labelled by people, or distilled (the
model prompting would use writes the answers and people review them): by
default distilled when the fine-tuned model is another model than that one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tune_or_prompt.errors import UserError
from tune_or_prompt.pricing.capacity import Shape
from tune_or_prompt.pricing.hardware import Gpu, Hardware, OpenModel, Serving
from tune_or_prompt.pricing.model_price import ModelPrice
from tune_or_prompt.pricing.offers import LoraTraining, Offers, ProviderOffer
from tune_or_prompt.pricing.serverless import serverless
from tune_or_prompt.tco.assumptions import Assumptions, TrainingData, Workload

OptionKind = Literal["provider", "serverless_lora", "dedicated", "flat"]
KINDS: tuple[OptionKind, ...] = ("provider", "serverless_lora", "dedicated", "flat")
KIND_LABELS: dict[str, str] = {
    "provider": "provider fine-tuning",
    "serverless_lora": "serverless LoRA",
    "dedicated": "dedicated GPUs",
    "flat": "the article's lump sums",
}
ON_PREMISE_REASON = "privacy on_premise: it sends the data to an external API"
OPEN_SIZES = ("8b", "14b", "70b")


@dataclass(frozen=True)
class Option:
    """One way to fine-tune, and what prices it.

    Attributes:
        id: ``provider:<model>``, ``serverless_lora:<model>``, ``dedicated:<model>@<gpu>`` or ``flat``.
        kind: The option's kind.
        label: How the memo names it.
        feasible: Whether it can be bought for this workload.
        reason: Why not, when not.
        training_data: How its training data is made.
        student: The model that is fine-tuned.
        provider_offer: The provider's prices (``provider``).
        lora_training: The host's LoRA training price (``serverless_lora``).
        serving_input_usd_per_mtok: Per-token serving price of input tokens (``provider``, ``serverless_lora``).
        serving_output_usd_per_mtok: Likewise for output tokens.
        source: Where the option's prices come from.
        model: The open model (``serverless_lora``, ``dedicated``).
        gpu: The GPU type (``dedicated``).
        serving: The model's capacity on that GPU type (``dedicated``).

    """

    id: str
    kind: OptionKind
    label: str
    feasible: bool
    reason: str = ""
    training_data: TrainingData = "labelled"
    student: str = ""
    provider_offer: ProviderOffer | None = None
    lora_training: LoraTraining | None = None
    serving_input_usd_per_mtok: float = 0.0
    serving_output_usd_per_mtok: float = 0.0
    source: str = ""
    model: OpenModel | None = None
    gpu: Gpu | None = None
    serving: Serving | None = None


def serving_shape(workload: Workload, a: Assumptions, *, fine_tuned: bool) -> Shape:
    """Return what a self-hosted replica is asked for: the path's prompt and output, precision, latency target.

    The fine-tuned model's prompt drops the static part (``static_prompt_pct``).
    """
    tin = workload.input_tokens * (1 - a.static_prompt_pct / 100 if fine_tuned else 1.0)
    return Shape(tin, workload.output_tokens, a.serving_precision, a.min_user_output_tokens_per_s,
                 a.max_time_to_first_token_s)


def _tier(api_model: str, offers: Offers) -> int:
    """Return the size tier of an API model: its own offer's, else from its name (OpenAI's mini and nano)."""
    offer = offers.provider_offer(api_model)
    if offer is not None:
        return offer.tier
    name = api_model.lower()
    return 1 if "nano" in name else 2 if "mini" in name else 3


def teacher_of(workload: Workload, a: Assumptions, hw: Hardware) -> str:
    """Return the model that writes distilled examples: the API model, or on premise the prompted open model."""
    if workload.privacy == "on_premise":
        return hw.model(a.pe_open_model_size or a.model_size).id
    return workload.api_model.lower()


def teacher_name(privacy: str, api_model: str, pe_open_model_size: str, hw: Hardware) -> str:
    """Return the name the memo gives the model :func:`teacher_of` picks (on premise, no API model is used)."""
    if privacy == "on_premise":
        return hw.model(pe_open_model_size).name
    return api_model


def _data(student: str, teacher: str, a: Assumptions, hw: Hardware | None = None) -> TrainingData:
    """Return how the examples are made: the user's choice, else distilled from another model, never a smaller one.

    A smaller open model does not write the answers a bigger one learns from (on premise, where the teacher is
    the prompted open model): people label them, as for the teacher itself.
    """
    if a.training_data is not None:
        return a.training_data
    params = {m.id: m.params_b for m in hw.models.values()} if hw is not None else {}
    if student == teacher or params.get(student, 0.0) > params.get(teacher, float("inf")):
        return "labelled"
    return "distilled"


def _provider_options(workload: Workload, a: Assumptions, api: ModelPrice | None, offers: Offers,
                      teacher: str) -> list[Option]:
    if workload.privacy == "on_premise" or api is None:
        name = a.ft_model or workload.api_model
        return [Option(f"provider:{name}", "provider", f"Provider fine-tuning of {name}", False, ON_PREMISE_REASON)]
    if a.ft_model:
        offer = offers.provider_offer(a.ft_model)
        if offer is None:
            return [Option(f"provider:{a.ft_model}", "provider", f"Provider fine-tuning of {a.ft_model}", False,
                           f"no shipped per-token fine-tuning price for {a.ft_model}")]
        chosen = [offer]
    else:
        mine = [o for o in offers.provider if o.provider == api.provider]
        if not mine:
            why = offers.why_no_provider(api.provider)
            reason = why.reason if why else f"no per-token fine-tuning price is shipped for {api.provider}'s models"
            return [Option(f"provider:{workload.api_model}", "provider",
                           f"Provider fine-tuning of {workload.api_model}", False, reason)]
        tier = _tier(workload.api_model, offers)
        chosen = sorted((o for o in mine if o.tier <= tier), key=lambda o: (-o.tier, o.model))
    return [
        Option(f"provider:{o.model}", "provider", f"{_provider_name(o.provider)} fine-tuning of {o.model}",
               o.available, "" if o.available else o.unavailable_reason, training_data=_data(o.model, teacher, a),
               student=o.model, provider_offer=o, serving_input_usd_per_mtok=o.input_usd_per_mtok,
               serving_output_usd_per_mtok=o.output_usd_per_mtok,
               source=f"{o.source}, as of {o.as_of}" if o.available else f"{o.unavailable_source}")
        for o in chosen
    ]


def _provider_name(provider: str) -> str:
    return {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google"}.get(provider, provider)


def _serverless(model: OpenModel, a: Assumptions, offers: Offers, teacher: str, on_prem: bool,
                tokens: tuple[float, float]) -> Option:
    """Return the serverless LoRA option: at the user's host prices, else the shipped host cheapest for ``tokens``."""
    option_id, label = f"serverless_lora:{model.id}", f"Serverless LoRA on {model.name}"
    training = offers.lora(model.size)
    pin, pout = a.serverless_lora_input_usd_per_mtok, a.serverless_lora_output_usd_per_mtok
    if on_prem:
        return Option(option_id, "serverless_lora", label, False, ON_PREMISE_REASON)
    serving_source = "serving: set by the user"
    if pin is None or pout is None:
        shipped = serverless()
        host = shipped.cheapest_lora(model.size, *tokens)
        if host is None:
            unpriced = shipped.lora_hosts(model.size)
            sold = f" ({', '.join(h.host for h in unpriced)} serve adapters at no published rate)" if unpriced else ""
            return Option(option_id, "serverless_lora", label, False,
                          f"no shipped host price to serve a LoRA adapter on {model.name} per token{sold}; set "
                          "serverless_lora_input_usd_per_mtok and serverless_lora_output_usd_per_mtok to your "
                          "host's prices to price this option",
                          source="; ".join(f"{h.source}, as of {h.as_of}" for h in unpriced))
        pin = pin if pin is not None else host.input_usd_per_mtok
        pout = pout if pout is not None else host.output_usd_per_mtok
        assert pin is not None and pout is not None
        label = f"{label} at {host.host}"
        serving_source = f"serving: {host.source}, as of {host.as_of}"
    if training is None and a.ft_training_usd_per_mtok is None:
        return Option(option_id, "serverless_lora", label, False,
                      f"no shipped LoRA training price for {model.name}; set ft_training_usd_per_mtok")
    return Option(option_id, "serverless_lora", label, True, training_data=_data(model.id, teacher, a),
                  student=model.id, lora_training=training, model=model, serving_input_usd_per_mtok=pin,
                  serving_output_usd_per_mtok=pout,
                  source=f"{serving_source}; training: {offers.lora_training_source}")


def dedicated_sizes(workload: Workload, a: Assumptions) -> list[str]:
    """Return the open model sizes with a dedicated option: ``model_size``; on premise every size prompted too.

    On premise the prompting paths are the open models on own GPUs, so each gets its fine-tuned counterpart.
    """
    sizes: list[str] = [a.model_size]
    if workload.privacy == "on_premise":
        sizes += [s for s in dict.fromkeys((*OPEN_SIZES, a.pe_open_model_size or a.model_size)) if s not in sizes]
    return sizes


def enumerate_options(workload: Workload, a: Assumptions, api: ModelPrice | None, hw: Hardware,
                      offers: Offers) -> list[Option]:
    """Return every option for this workload, feasible or not, in display order.

    Raises:
        UserError: a pinned GPU type ``model_size``'s open model does not fit on.

    """
    teacher = teacher_of(workload, a, hw)
    on_prem = workload.privacy == "on_premise"
    options = _provider_options(workload, a, api, offers, teacher)
    model = hw.model(a.model_size)
    tin_ft = workload.input_tokens * (1 - a.static_prompt_pct / 100)
    options.append(_serverless(model, a, offers, teacher, on_prem, (tin_ft, workload.output_tokens)))
    shape = serving_shape(workload, a, fine_tuned=True)
    if a.gpu_type is not None:
        serving = hw.serving_of(model.size, a.gpu_type, shape)
        if not serving.fits:
            raise UserError(
                f"gpu_type: {model.name} does not fit on {hw.gpu(a.gpu_type).name} (at most "
                f"{hw.gpu(a.gpu_type).max_gpus_per_replica} per replica, {serving.precision}); choose another "
                f"--gpu-type (it fits on: {', '.join(hw.fitting_gpus(model.size, shape))}) or a smaller --model-size"
            )
    for size in dedicated_sizes(workload, a):
        options.extend(_dedicated(hw.model(size), a, hw, shape, teacher))
    if a.ft_option == "flat":
        options.append(Option("flat", "flat", "Fine-tuning at the article's lump sums", True, student="",
                              training_data=_data("flat", teacher, a)))
    return options


def _dedicated(model: OpenModel, a: Assumptions, hw: Hardware, shape: Shape, teacher: str) -> list[Option]:
    """Return the open model's dedicated options: one per GPU type it fits on, or the pinned type.

    The pinned type is listed as not feasible when the model does not fit on it.
    """
    gpus = [a.gpu_type] if a.gpu_type is not None else [g for g in hw.gpus if hw.serving_of(model.size, g, shape).fits]
    out: list[Option] = []
    for g in gpus:
        gpu, served = hw.gpu(g), hw.serving_of(model.size, g, shape)
        reason = served.reason if served.fits else f"{model.name} does not fit on the pinned {gpu.name}"
        out.append(Option(f"dedicated:{model.id}@{g}", "dedicated", f"{model.name} on {gpu.name}",
                          served.available, reason, training_data=_data(model.id, teacher, a, hw),
                          student=model.id, model=model, gpu=gpu, serving=served))
    return out


def pinned(options: list[Option], ft_option: str | None) -> list[Option]:
    """Return the feasible options the verdict may choose from (all, a kind, or one id).

    Raises:
        UserError: the pinned option does not exist or is not feasible (with the reason).

    """
    feasible = [o for o in options if o.feasible]
    if ft_option is None:
        if not feasible:
            raise UserError("no fine-tuning option is feasible: " + "; ".join(f"{o.id}: {o.reason}" for o in options))
        return feasible
    key = ft_option.strip().lower()
    if key in KINDS:
        chosen = [o for o in feasible if o.kind == key]
        if not chosen:
            why = "; ".join(f"{o.id}: {o.reason}" for o in options if o.kind == key) or "none for this workload"
            raise UserError(f"ft_option: no feasible {key} option ({why})")
        return chosen
    for o in options:
        if o.id == key:
            if not o.feasible:
                raise UserError(f"ft_option: {o.id} is not feasible: {o.reason}")
            return [o]
    known = ", ".join([*KINDS, *(o.id for o in options)])
    raise UserError(f"ft_option: unknown option {ft_option!r}; choose one of: {known}")
