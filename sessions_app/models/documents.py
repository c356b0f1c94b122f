"""Issued documents and their numbers (DOMAIN.md §5–§6)."""
