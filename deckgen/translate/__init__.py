"""Tools for translators: check a translation against its source, exchange XLIFF."""
