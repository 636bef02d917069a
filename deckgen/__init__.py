"""deckgen: branded UPR presentation decks from validated content files."""

__version__ = "0.1.0"
