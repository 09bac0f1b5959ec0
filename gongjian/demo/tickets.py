"""Demo part: tickets (filled by its issue)."""
