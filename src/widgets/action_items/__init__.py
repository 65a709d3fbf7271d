"""The action items' widgets: the grid."""
