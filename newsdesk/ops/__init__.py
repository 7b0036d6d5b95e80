"""Operators' side: roles, security settings, log redaction, deploy checks, the dashboard."""
