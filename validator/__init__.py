"""mkto-lint: a static validator and linter for Marketo Engage smart-campaign definitions."""

__version__ = "0.1.0"
