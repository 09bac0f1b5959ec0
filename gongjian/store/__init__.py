"""The store: the SQLite file, its schema and frozen migrations, the audit log and undo, backup, restore and doctor."""
