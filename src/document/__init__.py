"""The post-mortem document: the model, its vocabulary, edits, times and checks. Plain
Python.
"""
