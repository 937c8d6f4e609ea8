"""The demo-data generator (deterministic), run as its own command (`rakenskaper-demo generate`, demo.cli).

Its committed output and targets are data of the checkout, not of the package: the repository's
``demo/sources/`` and ``demo/published/`` (rakenskaper.paths.demo_dir). Only ``published_file_names.csv``
ships with the package: `rakenskaper compare` reads it.
"""
