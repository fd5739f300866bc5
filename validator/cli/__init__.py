"""The command line: argument parsing and the commands (``check``, ``rules``, ``rule``,
``schema`` in ``main``; ``resolve`` in ``resolve``). A command calls the engine or the
evaluator and hands the result to a reporter; errors become one line on stderr and exit 2."""

from mkto_lint.cli.main import entry, main

__all__ = ["entry", "main"]
