"""The annual assessment (年度考评): the rules file, exact scoring, community ratings, finalised years."""
