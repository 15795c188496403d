"""``python -m huddle.matching``: see :mod:`huddle.matching.cli`."""

from .cli import main

if __name__ == "__main__":
    main()
