"""Shared layer of the Customers service: models, text folding, money, cursors, errors."""
