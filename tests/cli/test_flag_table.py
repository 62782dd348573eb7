"""The generated table of cost-parameter flags equals what the model defines.

Regenerate after changing a parameter: ``python -m tune_or_prompt.cli.flag_table_gen``.
"""

from __future__ import annotations

from tune_or_prompt.cli import flag_table, flag_table_gen
from tune_or_prompt.tco.assumptions import Assumptions


def test_table_is_the_models() -> None:
    assert list(flag_table.FLAGS) == flag_table_gen.rows()
    assert flag_table_gen.TABLE.read_text() == flag_table_gen.render()


def test_every_parameter_has_one_flag() -> None:
    # accuracy_by_path is a mapping: only an assumptions file sets it.
    assert flag_table_gen.FILE_ONLY == ("accuracy_by_path",)
    flagged = [n for n in Assumptions.model_fields if n not in flag_table_gen.FILE_ONLY]
    assert [row[0] for row in flag_table.FLAGS] == flagged
    kinds = {name: (kind, choices) for name, kind, choices, _ in flag_table.FLAGS}
    assert kinds["gpu_pricing"] == ("choice", ("gpu_cloud", "hyperscaler", "reserved_1y", "spot"))
    assert kinds["traffic_profile"] == ("file", ())
    assert kinds["ft_epochs"][0] in ("int", "float")
