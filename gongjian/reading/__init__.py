"""Reading what clerks type and send: normalisers, record specs, spreadsheets, the import framework."""
