"""The shelf: every post-mortem in a folder or repository, found, searched and followed up.

Plain Python (never Textual), above the Markdown reader: scan finds the files, reading turns
one into an Entry, index keeps Entries and their text in an SQLite cache, catalog ties these
together, and actions, related, git, writing and formats answer the shelf's questions.
"""
