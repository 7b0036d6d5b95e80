"""Helpers shared by tests: real servers, generated feeds, the real command line."""
