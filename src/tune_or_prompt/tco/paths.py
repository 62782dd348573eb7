"""The prompting paths of a workload: which models could be prompted, where, and with what accuracy.

A path is a model, an adaptation (``prompt``, ``fine_tune``,
``prompt_then_fine_tune``) and a hosting (``api``, ``serverless``,
``dedicated``, ``owned``). The fine-tuning paths are the fine-tuning options
(:mod:`~.options`); this module lists the prompting ones, each as the
resolved context the one cost model prices it under:

* ``prompt:<api model>@api``: the model the user named (the current setup),
  and the catalogue's models of the same quality tier or one below that cost
  less per query, from any provider;
* ``prompt:<open model>@serverless``: an open model (8B, 14B, 70B) prompted
  with the full prompt at a serverless host's shipped per-token price;
* ``prompt:<open model>@dedicated``: the same on rented GPUs (on premise:
  on own GPUs, where the current setup is the open model prompting runs on).

``candidates`` (an assumption) limits the list or, with a leading ``+``,
adds models to it; the current setup always stays, since every saving is
measured against it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from tune_or_prompt.errors import UserError
from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.pricing.serverless import serverless
from tune_or_prompt.tco.assumptions import Assumptions, field_meta
from tune_or_prompt.tco.options import ON_PREMISE_REASON, OPEN_SIZES, serving_shape
from tune_or_prompt.tco.owned import can_own
from tune_or_prompt.tco.quality import TIERS, Accuracy, default_accuracy, measured, measured_accuracy, path_id, tier_of
from tune_or_prompt.tco.resolve import ApiPrices, Context, ServedModel, catalogue_prices, lifecycle_of

Hosting = Literal["api", "serverless", "dedicated", "owned"]
BY_PATH = "measured (accuracy_by_path)"


@dataclass(frozen=True)
class PromptPath:
    """One way to prompt: the model, where it runs, and the context that prices it.

    Attributes:
        id: ``prompt:<model>@<hosting>``.
        model: The API model's catalogue name or the open model's id.
        hosting: ``api``, ``serverless`` or ``dedicated``.
        label: How the memo names it.
        current: Whether this is the current setup (the model the user named; on premise the open model).
        accuracy: Its expected accuracy.
        ctx: The context that prices it (None when it is not available).
        reason: Why it is not available, when not.
        source: Where its prices come from.

    """

    id: str
    model: str
    hosting: Hosting
    label: str
    current: bool
    accuracy: Accuracy
    ctx: Context | None
    reason: str = ""
    source: str = ""

    @property
    def available(self) -> bool:
        """Whether it can be priced for this workload."""
        return self.ctx is not None


def _range(a: Assumptions, name: str) -> tuple[float, float, float]:
    meta = field_meta(name)
    typical = float(getattr(a, name))
    return float(meta.get("low", typical)), typical, float(meta.get("high", typical))


def accuracy_of(base: Context, adaptation: str, model: str, hosting: str, *, current: str,
                current_measured: float | None) -> Accuracy:
    """Return a path's accuracy: measured (``accuracy_by_path`` or the workload's figure), else the default."""
    a, w = base.assumptions, base.workload
    keys = [path_id(adaptation, model, hosting), f"{adaptation}:{model}"]  # type: ignore[arg-type]
    if adaptation == "prompt_then_fine_tune":  # it ends on the fine-tuned model: that path's measurement holds
        keys += [path_id("fine_tune", model, hosting), f"fine_tune:{model}"]
    found = measured_accuracy(a.accuracy_by_path, keys)
    if found is not None:
        return measured(found, BY_PATH)
    if adaptation == "prompt" and model == current and current_measured is not None:
        return measured(current_measured, "measured (accuracy_prompting_pct)")
    if adaptation != "prompt" and w.accuracy_fine_tuned_pct is not None:
        return measured(w.accuracy_fine_tuned_pct, "measured (accuracy_fine_tuned_pct)")
    return default_accuracy(adaptation, model, current,  # type: ignore[arg-type]
                            prompting=_range(a, "typical_accuracy_prompting_pct"),
                            fine_tuned=_range(a, "typical_accuracy_fine_tuned_pct"))


def _by_path(accuracy: Accuracy) -> float | None:
    """Return the current setup's accuracy its context carries: only a per-path measurement.

    The workload's own measurements are read from the workload, and the typical figure stays the one the draws vary.
    """
    return accuracy.pct if accuracy.source == BY_PATH else None


def current_model(base: Context) -> str:
    """Return the model the current setup prompts: the named API model, or on premise the open model."""
    if base.pe_served is not None:
        return base.pe_served.model.id
    return base.workload.api_model.lower()


def _candidate_tokens(a: Assumptions) -> tuple[list[str], bool]:
    """Return the candidate tokens and whether they extend (``+``) rather than replace the built-in list."""
    if not a.candidates or not a.candidates.strip():
        return [], False
    text = a.candidates.strip()
    extend = text.startswith("+")
    tokens = [t.strip().lower() for t in text.lstrip("+").split(",") if t.strip()]
    return tokens, extend


def _api_context(base: Context, price_model: str, catalogue: Catalogue, accuracy: Accuracy) -> Context:
    """Return the context of prompting another API model: its prices, cache rules and its own shutdown.

    Raises:
        UserError: the model is shut down before the horizon starts.

    """
    api = catalogue_prices(catalogue.lookup(price_model))
    workload = base.workload.model_copy(update={"api_model": price_model})
    shutdown, successor = lifecycle_of(workload, base.assumptions, api, catalogue, base.start)
    return dataclasses.replace(base, api=api, pe_served=None, pe_gpu_candidates=[], points={},
                               pe_accuracy_pct=accuracy.pct, shutdown=shutdown, successor=successor)


def prompt_paths(base: Context, catalogue: Catalogue) -> list[PromptPath]:
    """Return every prompting path of the workload, the current setup first, available or not.

    Raises:
        UserError: a candidate that names no known model.

    """
    a, w = base.assumptions, base.workload
    current = current_model(base)
    tokens, extend = _candidate_tokens(a)
    out: list[PromptPath] = []
    on_prem = base.on_premise

    def acc(model: str, hosting: str) -> Accuracy:
        return accuracy_of(base, "prompt", model, hosting, current=current, current_measured=w.accuracy_prompting_pct)

    matched: set[str] = set()

    def keep(path: str, model: str, built_in: bool) -> bool:
        if not tokens:
            return built_in
        hits = {t for t in tokens if t in (path, f"prompt:{model}", model)}
        matched.update(hits)
        return (built_in or bool(hits)) if extend else bool(hits)

    if not on_prem:
        assert base.api is not None
        accuracy = acc(current, "api")
        ctx = dataclasses.replace(base, pe_accuracy_pct=_by_path(accuracy))
        out.append(PromptPath(path_id("prompt", current, "api"), current, "api", f"Prompting {w.api_model}", True,
                              accuracy, ctx, source=base.api.source))
        named_tier = tier_of(current).tier
        # Prices the user set (or a model of their price file, or one with no known tier) have nothing to be
        # compared with: catalogue models are then listed only when asked for.
        user_prices = (a.input_price_usd_per_mtok is not None or a.output_price_usd_per_mtok is not None
                       or current not in TIERS)
        listed = {current}
        extra = [t.split(":", 1)[-1].split("@", 1)[0] for t in tokens] if extend else []
        for model in [*TIERS, *extra]:
            if model in listed or model in _OPEN_IDS:
                continue
            listed.add(model)
            pid = path_id("prompt", model, "api")
            try:
                price = catalogue.lookup(model)
            except UserError:
                if model in extra:
                    raise UserError(f"candidates: {model!r} is not a model `tune-or-prompt prices` lists") from None
                continue
            # Cheaper whatever the tokens: no dearer per input or output token, and cheaper on one of them.
            cheaper = (price.input_usd_per_mtok <= base.api.input and price.output_usd_per_mtok <= base.api.output
                       and price.input_usd_per_mtok + price.output_usd_per_mtok < base.api.input + base.api.output)
            built_in = tier_of(model).tier >= named_tier - 1 and cheaper and not user_prices
            if not keep(pid, model, built_in):
                continue
            accuracy = acc(model, "api")
            try:
                ctx = _api_context(base, model, catalogue, accuracy)
            except UserError as retired:  # shut down before the horizon starts: listed, not priced
                out.append(PromptPath(pid, model, "api", f"Prompting {model}", False, accuracy, None, retired.message))
                continue
            out.append(PromptPath(pid, model, "api", f"Prompting {model}", False, accuracy, ctx,
                                  source=f"{price.source}"))
    hw = base.hw
    gpu_hosting: Hosting = "owned" if base.owned else "dedicated"
    prices = serverless()
    sizes: list[str] = list(OPEN_SIZES)
    if base.pe_served is not None and base.pe_served.model.size not in sizes:
        sizes.insert(0, base.pe_served.model.size)
    for size in sizes:
        om = hw.model(size)
        if on_prem and om.id == current:
            accuracy = acc(om.id, gpu_hosting)
            ctx = dataclasses.replace(base, pe_accuracy_pct=_by_path(accuracy))
            out.insert(0, PromptPath(path_id("prompt", om.id, gpu_hosting), om.id, gpu_hosting,
                                     f"Prompting {om.name} on own GPUs", True, accuracy, ctx))
            continue
        sid = path_id("prompt", om.id, "serverless")
        if keep(sid, om.id, True):
            accuracy = acc(om.id, "serverless")
            # The host cheapest for this workload's tokens.
            offer = prices.cheapest_base(size, base.workload.input_tokens, base.workload.output_tokens)
            label = f"Prompting {om.name} (serverless)"
            if on_prem:
                out.append(PromptPath(sid, om.id, "serverless", label, False, accuracy, None, ON_PREMISE_REASON))
            elif offer is None:
                out.append(PromptPath(sid, om.id, "serverless", label, False, accuracy, None,
                                      f"no serverless per-token price is shipped for {om.name}"))
            else:
                assert offer.input_usd_per_mtok is not None and offer.output_usd_per_mtok is not None
                api = ApiPrices(None, offer.input_usd_per_mtok, offer.output_usd_per_mtok, None, None, None,
                                f"{offer.source} (read {offer.as_of})")
                ctx = dataclasses.replace(base, api=api, pe_served=None, pe_gpu_candidates=[], points={},
                                          pe_accuracy_pct=accuracy.pct)
                out.append(PromptPath(sid, om.id, "serverless", f"Prompting {om.name} at {offer.host}", False,
                                      accuracy, ctx, source=f"{offer.source} (read {offer.as_of})"))
        did = path_id("prompt", om.id, gpu_hosting)
        if keep(did, om.id, True):
            accuracy = acc(om.id, gpu_hosting)
            shape = serving_shape(base.workload, a, fine_tuned=False)
            gpus = hw.fitting_gpus(om.size, shape)
            if base.owned:
                gpus = [g for g in gpus if can_own(g, a)]
            if a.gpu_type is not None:
                gpus = [a.gpu_type] if a.gpu_type in gpus else []
            label = f"Prompting {om.name} on {'own' if on_prem else 'rented'} GPUs"
            if not gpus:
                out.append(PromptPath(did, om.id, gpu_hosting, label, False, accuracy, None,
                                      f"{om.name} cannot serve this workload on "
                                      f"{'the pinned GPU type' if a.gpu_type else 'any GPU type'}"
                                      f"{' with a purchase price' if base.owned else ''}"))
                continue
            served = ServedModel(om, hw.gpu(gpus[0]), hw.serving_of(om.size, gpus[0], shape))
            ctx = dataclasses.replace(base, api=None, pe_served=served, pe_gpu_candidates=gpus, points={},
                                      pe_accuracy_pct=accuracy.pct)
            out.append(PromptPath(did, om.id, gpu_hosting, label, False, accuracy, ctx))
    missing = [t for t in tokens if t not in matched and not t.startswith(("fine_tune", "prompt_then"))
               and t != current and t not in (f"prompt:{current}",) and not t.startswith(f"prompt:{current}@")]
    if missing and not extend:
        known = ", ".join(p.id for p in out)
        raise UserError(f"candidates: {', '.join(missing)} names no prompting path of this workload (paths: {known})")
    return out


_OPEN_IDS = ("llama-3.1-8b", "qwen2.5-14b", "llama-3.3-70b", "llama-3.2-3b")
