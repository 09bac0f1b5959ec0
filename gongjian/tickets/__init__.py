"""The problem ledger (问题台账): numbered tickets, their workflow, listings, figures and imports."""
