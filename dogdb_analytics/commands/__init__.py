"""One module per `dogdb` command: its arguments and its entry point."""
