"""The timeline's widgets: the live table and the metrics panel."""
