"""Pilotage: outsource work without losing control of it."""
