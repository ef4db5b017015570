"""interactions subpackage."""

__all__ = []
