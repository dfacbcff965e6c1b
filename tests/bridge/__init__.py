"""Tests for the hardware bridge (python -m hardware_bridge)."""
