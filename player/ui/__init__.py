"""The Textual UI: screens (the main screen and the dialog flows), dialogs and widgets."""
