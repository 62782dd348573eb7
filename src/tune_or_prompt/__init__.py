"""tune-or-prompt: should a team fine-tune an LLM or keep engineering prompts.

The package is a pipeline of pure stages (see the project's design notes):
answers -> assumptions -> TCO report -> facts -> rules -> decision -> memo.
Each stage is importable on its own; the CLI only wires them together.
"""

__version__ = "0.1.0"
