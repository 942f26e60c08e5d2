"""Evaluation of pipeline stages against gold annotations."""
