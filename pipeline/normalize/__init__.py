"""Normalisation rules, each defined once: identifiers, work types (and, later, titles, names)."""
