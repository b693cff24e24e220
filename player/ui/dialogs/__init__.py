"""Modal dialogs, one module each, on one Dialog base."""
