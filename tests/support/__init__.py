"""Helpers shared by tests across packages: not tests themselves, and not product code."""
