"""Files and the session: TOML, rendering, background writing, the watch, recovery, signals.
Plain Python.
"""
