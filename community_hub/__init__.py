"""Community Hub: neighbourhood commerce and services platform."""
