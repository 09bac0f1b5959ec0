"""Demo part: projects (filled by its issue)."""
