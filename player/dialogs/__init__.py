"""Modal dialogs of the timing editor."""
