"""Screens of the review app: queue, claim, article, and the modal dialogs."""
