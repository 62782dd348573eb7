"""Allow ``python -m tune_or_prompt``."""

from tune_or_prompt.cli import main

if __name__ == "__main__":
    main()
