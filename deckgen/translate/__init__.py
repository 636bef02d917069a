"""Tools for translators: exchange XLIFF, and bring a translation in step with its source (sync).

Whether two languages are in step is deckgen.content.compare's to say: the build checks it too.
"""
