"""The rule-pack file format, as pydantic models: the one schema of a pack.

These models check a pack's shape (keys, types, ranges); ``rules schema``
prints their JSON Schema so editors can autocomplete packs. What needs the
whole rule set (fact names and types across packs, duplicate ids, override
targets, engine limits) is checked afterwards by :mod:`.loader`, still with
file:line:column positions.

A condition is a mapping. ``all``/``any`` take lists of conditions, ``not``
takes one, and every other key is a fact name mapped to its comparisons::

    when:
      all:
        - monthly_tokens: {gt: 10000000}
        - not: {privacy: {eq: on_premise}}

Several keys in one mapping are joined with "and".
"""

from __future__ import annotations

import math
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field, model_validator

from tune_or_prompt.checks import MAX_HOUSE_NUMBER, Checked, check_text
from tune_or_prompt.errors import clip
from tune_or_prompt.verdicts import Path, Strength, Verdict

Scalar = bool | int | float | str
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
ID_HELP = "lower-case letters, digits, '-' and '_'"


class PackModel(Checked):
    """A part of a rule pack: numbers finite and not booleans, texts without control characters.

    A pack's texts (reasons, details, checklist lines) may span lines.
    """

    text_lines: ClassVar[bool] = True


class Comparison(PackModel):
    """The comparisons of one fact; several are joined with "and".

    A comparison on an absent fact is false, except ``exists: false``.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    key_word: ClassVar[str] = "operator"  # what an unknown key here is called in errors

    eq: Scalar | None = Field(None, description="Equal to.")
    ne: Scalar | None = Field(None, description="Present and not equal to.")
    lt: int | float | None = Field(None, description="Less than (numbers).")
    lte: int | float | None = Field(None, description="Less than or equal to (numbers).")
    gt: int | float | None = Field(None, description="Greater than (numbers).")
    gte: int | float | None = Field(None, description="Greater than or equal to (numbers).")
    in_: list[Scalar] | None = Field(
        None, alias="in", min_length=1, max_length=64, description="Equal to one of these."
    )
    not_in: list[Scalar] | None = Field(
        None, min_length=1, max_length=64, description="Present and equal to none of these."
    )
    exists: bool | None = Field(None, description="true: the fact is known; false: it is absent.")


class Condition(PackModel):
    """A condition: ``all`` / ``any`` / ``not`` and fact comparisons, joined with "and"."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    __pydantic_extra__: dict[str, Comparison] = Field(init=False)

    all: list[Condition] | None = Field(None, min_length=1, description="Every one holds.")
    any: list[Condition] | None = Field(None, min_length=1, description="At least one holds.")
    not_: Condition | None = Field(None, alias="not", description="This does not hold.")


class StrengthScale(PackModel):
    """A strength that grows with a numeric fact, e.g. the cost ratio.

    The strength is ``start``, raised to each strength of ``at_least`` whose
    threshold the fact reaches; the highest one reached wins.
    """

    model_config = ConfigDict(extra="forbid")

    grows_with: str = Field(description="A numeric fact, e.g. tco_cost_ratio.")
    start: Strength = Field("weak", description="The strength below every threshold.")
    at_least: dict[Strength, float] = Field(
        min_length=1, description="strength: the fact's value from which it applies."
    )


class RuleBody(PackModel):
    """A rule without its id: what ``overrides[].replace`` takes."""

    model_config = ConfigDict(extra="forbid")

    when: Condition = Field(description="The condition over the facts.")
    verdict: Path = Field(description="The path the rule argues for.")
    strength: Strength | StrengthScale = Field(
        description="required decides; strong, moderate and weak weigh 3, 2 and 1."
    )
    priority: int = Field(
        100,
        ge=0,
        le=100_000,
        description="Lower fires first (trace order only; no effect on the verdict).",
    )
    because: str = Field(
        min_length=1,
        description=(
            "The reason in plain words; {fact} inserts a fact's value, {fact:.1f} formats it."
        ),
    )


class Rule(RuleBody):
    """A rule: an id, a condition, the path it argues for, a strength and a reason."""

    id: str = Field(pattern=ID_PATTERN, description=f"Unique across packs ({ID_HELP}).")


class Step(PackModel):
    """A validation step of one path; with ``met_when`` it is a gate checked against the facts.

    A blocking gate that is not met turns a fine-tuning verdict into
    ``prompt_engineering_first``.
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN, description=f"Unique across packs ({ID_HELP}).")
    path: Path = Field(description="The path this step prepares.")
    title: str = Field(min_length=1, description="What to do, in a few words.")
    detail: str = Field(
        "", description="What must be true, or how to do it; {fact} placeholders allowed."
    )
    items: list[str] = Field(default_factory=list, description="Checklist lines.")
    met_when: Condition | None = Field(
        None, description="Makes the step a gate: met when this holds."
    )
    blocking: bool = Field(
        False, description="An unmet or unknown blocking gate holds back fine-tuning."
    )
    deployment: Literal["any", "cloud_ok", "on_premise"] = Field(
        "any",
        description="List the step only for this answer to the privacy question (advice-only steps; "
                    "a gate tests privacy in met_when instead).",
    )

    @model_validator(mode="after")
    def _blocking_needs_gate(self) -> Step:
        if self.blocking and self.met_when is None:
            raise ValueError("a blocking step needs met_when (only gates can block)")
        if self.deployment != "any" and self.met_when is not None:
            raise ValueError("only an advice-only step (no met_when) can be limited to a deployment")
        return self


class Override(PackModel):
    """Replace or disable a rule (or disable a step) of a pack loaded earlier."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="The id of the rule or step to override.")
    disable: bool = Field(False, description="true: remove the rule or step.")
    replace: RuleBody | None = Field(None, description="The rule's new definition (rules only).")

    @model_validator(mode="after")
    def _one_action(self) -> Override:
        if self.disable == (self.replace is not None):
            raise ValueError("give exactly one of disable: true or replace")
        return self


class HouseQuestion(PackModel):
    """A question a house pack adds; its answer becomes a fact named after ``id``.

    The questionnaire asks it after the built-in questions; an answers file
    may set it by id. Without an answer the ``default`` is used, and with no
    default the fact stays absent (gates reading it are ``unknown``).

    Attributes:
        id: The fact name (must not clash with a built-in fact).
        prompt: The question as asked.
        type: ``bool``, ``int``, ``float``, ``str`` or ``choice``.
        default: The value when unanswered (``None``: stays absent).
        choices: The allowed values of a ``choice`` question.
        help: One line shown under the prompt.
        min: Lowest allowed value of an ``int``/``float`` question.
        max: Highest allowed value of an ``int``/``float`` question.

    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Fact name (snake_case).")
    prompt: str = Field(min_length=1, description="The question as asked.")
    type: Literal["bool", "int", "float", "str", "choice"] = Field(description="The answer's type.")
    default: Scalar | None = Field(
        None, description="Value when unanswered; none: the fact stays absent."
    )
    choices: list[str] | None = Field(
        None, min_length=1, description="Allowed values (choice only)."
    )
    help: str = Field("", description="One line shown under the prompt.")
    min: float | None = Field(
        None, ge=-MAX_HOUSE_NUMBER, le=MAX_HOUSE_NUMBER, description="Lowest allowed value (int, float)."
    )
    max: float | None = Field(
        None, ge=-MAX_HOUSE_NUMBER, le=MAX_HOUSE_NUMBER, description="Highest allowed value (int, float)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> HouseQuestion:
        if (self.type == "choice") != (self.choices is not None):
            raise ValueError("choices is required for type choice and allowed only there")
        if (self.min is not None or self.max is not None) and self.type not in ("int", "float"):
            raise ValueError("min and max apply to int and float questions only")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        if self.default is not None:
            self.default = self.check(self.default)
        return self

    def check(self, value: Any) -> Any:
        """Return ``value`` as this question's type, or raise ValueError saying why not."""
        if self.type == "bool":
            if not isinstance(value, bool):
                raise ValueError(f"{self.id}: expected true or false, got {clip(repr(value))}")
            return value
        if self.type in ("int", "float"):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            if ok and not (isinstance(value, int) or math.isfinite(value)):
                raise ValueError(f"{self.id}: expected a finite number, got {value!r}")
            if not ok or (self.type == "int" and value != int(value)):
                raise ValueError(
                    f"{self.id}: expected {'an integer' if self.type == 'int' else 'a number'}"
                    f", got {clip(repr(value))}"
                )
            if abs(value) > MAX_HOUSE_NUMBER:
                raise ValueError(f"{self.id}: {value!r} is beyond the house-answer range ±{MAX_HOUSE_NUMBER:g}")
            if self.min is not None and value < self.min:
                raise ValueError(f"{self.id}: {value!r} is below the minimum {self.min:g}")
            if self.max is not None and value > self.max:
                raise ValueError(f"{self.id}: {value!r} is above the maximum {self.max:g}")
            return int(value) if self.type == "int" else float(value)
        if not isinstance(value, str):
            raise ValueError(f"{self.id}: expected text, got {clip(repr(value))}")
        try:
            check_text(value)
        except ValueError as exc:
            raise ValueError(f"{self.id}: {exc}") from None
        if self.choices is not None and value not in self.choices:
            raise ValueError(f"{self.id}: {clip(repr(value))} is not one of {', '.join(self.choices)}")
        return value


class Expect(PackModel):
    """What a test case expects of the decision; every key given must hold."""

    model_config = ConfigDict(extra="forbid")

    verdict: Verdict | None = Field(None, description="The verdict, exactly.")
    fired: list[str] = Field(default_factory=list, description="Rule ids that must fire.")
    not_fired: list[str] = Field(default_factory=list, description="Rule ids that must not fire.")
    gates: dict[str, Literal["met", "unmet", "unknown"]] = Field(
        default_factory=dict, description="Gate id: the status it must have."
    )
    confidence_at_least: float | None = Field(
        None, ge=0, le=1, description="The decision's confidence is at least this."
    )

    @model_validator(mode="after")
    def _something(self) -> Expect:
        if (
            self.verdict is None
            and not (self.fired or self.not_fired or self.gates)
            and self.confidence_at_least is None
        ):
            raise ValueError(
                "expect nothing: give verdict, fired, not_fired, gates or confidence_at_least"
            )
        return self


class Case(PackModel):
    """A test case: answers (the rest take their defaults) and what the decision must be."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="Unique in its file; -k selects by it.")
    answers: dict[str, Any] = Field(
        default_factory=dict, description="Built-in and house question ids; the rest are defaults."
    )
    assumptions: dict[str, Any] = Field(
        default_factory=dict, description="Cost parameters, as in an --assumptions file."
    )
    expect: Expect = Field(description="What the decision must be.")


class CasesFile(PackModel):
    """A pack's tests file, ``NAME.tests.yaml`` beside ``NAME.yaml``."""

    model_config = ConfigDict(extra="forbid", title="tune-or-prompt rule pack tests")

    tests: list[Case] = Field(min_length=1, description="The test cases.")


class Pack(PackModel):
    """One rule-pack file: questions, rules, validation steps and overrides."""

    model_config = ConfigDict(extra="forbid", title="tune-or-prompt rule pack")

    pack: str = Field(pattern=ID_PATTERN, description=f"The pack's name ({ID_HELP}).")
    description: str = Field("", description="What the pack encodes, in a sentence.")
    questions: list[HouseQuestion] = Field(
        default_factory=list, description="Extra questions (house facts)."
    )
    rules: list[Rule] = Field(default_factory=list, description="Rules this pack adds.")
    steps: list[Step] = Field(default_factory=list, description="Validation steps this pack adds.")
    overrides: list[Override] = Field(
        default_factory=list, description="Rules or steps of earlier packs to replace or disable."
    )
    tests: list[Case] = Field(
        default_factory=list, description="Test cases (or put them in NAME.tests.yaml)."
    )


def pack_schema() -> dict[str, Any]:
    """Return the JSON Schema of a rule pack."""
    return Pack.model_json_schema()


def cases_schema() -> dict[str, Any]:
    """Return the JSON Schema of a tests file (``NAME.tests.yaml``)."""
    return CasesFile.model_json_schema()
