"""Helpers for the organizer's commands in tasks.py (not part of the plugin)."""
