"""The 5 Whys' widgets: the chain as text."""
