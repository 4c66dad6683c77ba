"""The authority register: authorities, codes, regions, reorganisations, neighbours."""
