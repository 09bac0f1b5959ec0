"""Importing the spreadsheets clerks receive: the import framework (all or nothing, rejects, reports) and templates."""
