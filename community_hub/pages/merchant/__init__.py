"""Pages: layout and bindings only."""
