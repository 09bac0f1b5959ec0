"""Demo part: records (filled by its issue)."""
