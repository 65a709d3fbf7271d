"""The Textual application: keys, section modes, keeping the work safe, the palette and
the terminal driver."""
