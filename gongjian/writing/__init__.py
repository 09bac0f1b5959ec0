"""Writers of the neutral Table: terminal, CSV, JSON, xlsx (and the digest's text and Markdown)."""
