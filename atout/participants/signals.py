"""Signals other apps listen to, so the ground floor never imports a feature app."""

from django.dispatch import Signal

# Sent inside the transaction that records the withdrawal, with `participant`, `audience`,
# `fields` (the contact details no longer consented for that audience) and `actor`. Every
# app that freezes outputs for an audience (passport versions today) withdraws those that
# show one of the details, so a withdrawn consent is withdrawn everywhere at once.
consent_withdrawn = Signal()
