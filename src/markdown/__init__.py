"""The standard's Markdown: its outline, the export and the import. Plain Python.
"""
