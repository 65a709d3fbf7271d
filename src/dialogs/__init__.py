"""Every modal dialog; each returns what it gathered with dismiss(result)."""
