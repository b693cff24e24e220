"""The terminal UI: screens, dialogs and widgets."""
