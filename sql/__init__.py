"""SQL that runs in the database, one statement or script per file, with bound parameters only.

Kept as files (and shipped with the package) so an analyst or a DBA can read exactly what runs.
"""
