"""Tools for the authors of rule packs: test cases, coverage, JUnit reports and lint.

They sit above the pipeline: a pack's test case runs the whole decision, and
lint proves a condition can hold by finding answers that make it hold. The
rules themselves (:mod:`tune_or_prompt.rules`) know only packs, the facts they
are given and the engines.
"""
