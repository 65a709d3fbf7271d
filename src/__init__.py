"""postmortem: write incident post-mortems in the terminal, to the organisation's standard."""

__version__ = "0.1.0"
