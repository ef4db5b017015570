"""metrics subpackage."""

__all__ = []
