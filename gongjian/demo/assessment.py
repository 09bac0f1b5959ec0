"""Demo part: assessment (filled by its issue)."""
