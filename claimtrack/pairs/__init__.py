"""Pair features and the learned relation model (same / conflicting / related)."""
