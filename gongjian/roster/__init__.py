"""The roster: communities and their grids, units, pairings (the one pairing-on-a-day rule) and agreements."""
