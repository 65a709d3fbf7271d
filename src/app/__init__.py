"""The Textual application: keys, section modes, keeping the work safe, the palette, the terminal driver."""
