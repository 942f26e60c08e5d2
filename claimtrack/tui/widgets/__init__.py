"""Widgets of the review app, grouped by screen region."""
