"""Subcommands of `kursrom`, one module per family; each has `register(subparsers)`."""
