"""Personas: who the artist is, how it speaks, its taste (see DESIGN.md)."""
