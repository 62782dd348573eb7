"""The pipeline, wired once: answers -> TCO -> facts -> rules -> decision -> advice.

The commands (``decide``, ``advise``, ``batch``) and library users call these
functions instead of chaining the stages themselves, so every entry point runs
the same sequence with the same inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tune_or_prompt.advice import Advice
from tune_or_prompt.answers import Answers
from tune_or_prompt.decision import Decision
from tune_or_prompt.facts import build_facts
from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.rules import RuleSet, evaluate
from tune_or_prompt.tco import Assumptions, TcoReport
from tune_or_prompt.tco.report import priced_tco
from tune_or_prompt.workload.model import MeasuredWorkload
from tune_or_prompt.workload_inputs import WORKLOAD_KEYS as WORKLOAD_KEYS  # re-exported
from tune_or_prompt.workload_inputs import workload_of

if TYPE_CHECKING:
    from tune_or_prompt.confidence import VerdictTally
    from tune_or_prompt.tco.pricing_run import Priced

def decide(
    answers: Answers, tco: TcoReport, ruleset: RuleSet, house: Mapping[str, Any] | None = None
) -> Decision:
    """Build the facts from the answers and the TCO, then run the rules (:func:`~tune_or_prompt.rules.evaluate`)."""
    return evaluate(build_facts(answers, tco, house), ruleset)


def evaluate_workload(
    answers: Answers,
    house: Mapping[str, Any],
    *,
    assumptions: Assumptions,
    catalogue: Catalogue,
    ruleset: RuleSet,
    uncertainty_draws: int = 0,
    random_seed: int = 0,
    sensitivity: bool = False,
) -> tuple[TcoReport, Decision]:
    """Price both paths and run the rules for one workload.

    ``uncertainty_draws`` > 0 adds the Monte Carlo spread (and with it the
    ``p_fine_tuning_cheaper`` fact the rules may read); ``sensitivity`` adds
    the one-at-a-time swings and cost flip points.
    """
    report, _, decision = priced_and_decided(
        answers, house, assumptions=assumptions, catalogue=catalogue, ruleset=ruleset,
        uncertainty_draws=uncertainty_draws, random_seed=random_seed, sensitivity=sensitivity,
    )
    return report, decision


def priced_and_decided(
    answers: Answers,
    house: Mapping[str, Any],
    *,
    assumptions: Assumptions,
    catalogue: Catalogue,
    ruleset: RuleSet,
    uncertainty_draws: int = 0,
    random_seed: int = 0,
    sensitivity: bool = False,
    measured: MeasuredWorkload | None = None,
) -> tuple[TcoReport, Priced, Decision]:
    """Price the workload, decide it, and with draws decide every draw too (the confidence).

    The draws are priced once: their spread goes into the report (and with it
    the ``p_fine_tuning_cheaper`` fact), their verdicts into the decision's
    confidence (:mod:`~tune_or_prompt.confidence`).
    """
    report, priced = priced_tco(workload_of(answers), assumptions, catalogue, sensitivity=sensitivity)
    if measured is not None:
        report = with_measured_sources(report, answers, measured)
    tally = (_price_draws(report, priced, answers, ruleset, uncertainty_draws, random_seed)
             if uncertainty_draws > 0 else None)
    decision = decide(answers, report, ruleset, dict(house))
    if tally is not None and report.uncertainty is not None:
        from tune_or_prompt.confidence import with_draw_confidence

        counts = tally.counts(house, report.uncertainty.p_fine_tuning_cheaper)
        decision = with_draw_confidence(decision, counts)
    return report, priced, decision


def _price_draws(report: TcoReport, priced: Priced, answers: Answers, ruleset: RuleSet, draws: int,
                 seed: int) -> VerdictTally:
    """Price ``draws`` uncertainty draws, set the report's spread from them, and return their verdict tally.

    A draw's break-even volume is searched only when a rule reads it, and only
    until the rules could not tell it from the exact one. Each chunk's figures
    go to the tally as soon as they are priced and are not kept, so memory
    stays bounded whatever ``draws`` is.
    """
    from tune_or_prompt.confidence import BREAK_EVEN_VOLUME_FACTS, VerdictTally, facts_read, volume_settled
    from tune_or_prompt.tco.draws import break_even_options, price_draws
    from tune_or_prompt.tco.ranges import baseline_from_priced
    from tune_or_prompt.tco.uncertainty import summarise

    base = baseline_from_priced(priced, report.assumptions)
    volumes = None
    if facts_read(ruleset) & BREAK_EVEN_VOLUME_FACTS:  # a search per draw only when a rule reads its result
        volumes = break_even_options(base, report.fine_tuning_options)
    tally = VerdictTally(answers, ruleset)
    drawn = price_draws(base, draws, seed, volumes, volume_settled(answers, ruleset) if volumes else None,
                        consume=tally.add)
    report.uncertainty = summarise(drawn.comparison, seed=seed, varied=drawn.varied, prompting=drawn.prompting)
    return tally


def build_advice(
    answers: Answers,
    house: Mapping[str, Any],
    *,
    assumptions: Assumptions,
    catalogue: Catalogue,
    ruleset: RuleSet,
    command: str,
    whatif_grid: bool = False,
    uncertainty_draws: int = 0,
    random_seed: int = 0,
    sensitivity: bool = False,
    measured: MeasuredWorkload | None = None,
    answered: Mapping[str, str] | None = None,
) -> Advice:
    """Run the whole pipeline for one workload and return the memo's one object.

    ``whatif_grid`` adds the volume x price grid the HTML memo's sliders read
    (about 120 KB of figures, so only HTML runs ask for it); ``measured`` is
    the workload read from usage logs, which the memo reports and whose
    answers it cites as their source; ``answered`` says where each answer the
    user gave came from (see :attr:`Advice.answered`); the other keywords are
    those of :func:`evaluate_workload`.
    """
    from tune_or_prompt.tco.grid import whatif_grid as whatif
    from tune_or_prompt.whatif import what_would_change

    report, priced, decision = priced_and_decided(
        answers, house, assumptions=assumptions, catalogue=catalogue, ruleset=ruleset,
        uncertainty_draws=uncertainty_draws, random_seed=random_seed, sensitivity=sensitivity, measured=measured,
    )
    flips = what_would_change(
        answers, house, report, decision,
        assumptions=assumptions, catalogue=catalogue, ruleset=ruleset, priced=priced,
    )
    return Advice(
        answers=answers,
        house_answers=dict(house),
        tco=report,
        decision=decision,
        what_would_change=flips,
        engine=decision.engine,
        command=command,
        packs=decision.packs,
        whatif_grid=whatif(priced) if whatif_grid else None,
        workload=measured,
        answered=dict(answered or {}),
    )


def with_measured_sources(report: TcoReport, answers: Answers, measured: MeasuredWorkload) -> TcoReport:
    """Return ``report`` with each workload figure that came from the logs citing the log and its window.

    A figure counts as measured when the answer used equals the measured one
    (a ``--set`` that overrode it keeps the plain workload source).
    """
    values = measured.answers()
    rows = [row.model_copy(update={"source": measured.source(row.name)})
            if row.name in values and getattr(answers, row.name) == values[row.name] else row
            for row in report.assumptions]
    return report.model_copy(update={"assumptions": rows})


def assumption_values(file_values: Mapping[str, Any], measured: MeasuredWorkload | None) -> dict[str, Any]:
    """Return the cost assumptions to build: the measured figures the cost model has parameters for, then the file's.

    The logs measure the 24-hour traffic profile; it reaches the cost model
    only through a parameter of the same name in
    :class:`~tune_or_prompt.tco.Assumptions`, and an assumptions file that
    sets one wins over the measurement.
    """
    found = measured.assumption_values() if measured is not None else {}
    return {**{k: v for k, v in found.items() if k in Assumptions.model_fields}, **file_values}
