"""Every figure of a year, computed once and as of a date; listings, the year's book, the digest, exports."""
