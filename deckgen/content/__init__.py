"""Content sets: loading YAML with source locations, models, validation."""
