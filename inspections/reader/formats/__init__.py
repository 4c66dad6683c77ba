"""One module per report format: its layouts, the titles that identify them, how it reads.

Each module's FORMAT is listed in registry.FORMATS, which decides the order titles are tried in.
"""
