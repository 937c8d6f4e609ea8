"""The demo-data generator (deterministic) and its committed output in ``sources/``."""
