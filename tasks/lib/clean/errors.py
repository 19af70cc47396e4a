"""The one error cleaning raises: the article cannot become usable text."""


class CleanError(ValueError):
    """The article cannot be cleaned into usable text; ``reason`` says why ("<code>: <detail>")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
