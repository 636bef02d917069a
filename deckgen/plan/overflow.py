"""Text that does not fit: the errors of pagination and fitting, apart from them so that a part of the planner
that only raises them (the handout's) does not import the slides' line breaking and pagination."""

from __future__ import annotations


class DoesNotFit(ValueError):
    """Not even one line of a paragraph fits an empty page; STREAM: in which of the streams paginated together."""

    def __init__(self, message: str, stream: int = 0):
        super().__init__(message)
        self.stream = stream


class Unfit(DoesNotFit):
    """Text that fits its box (or pages) at no size allowed; KEY_PATH names the content it comes from."""

    def __init__(self, message: str, key_path: tuple = (), deck: int = 0):
        super().__init__(message)
        self.key_path = key_path
        self.deck = deck
        """Which of the languages planned together it is in."""
