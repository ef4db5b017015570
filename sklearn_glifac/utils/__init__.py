"""Input validation and small helpers shared by every subpackage."""

from ._validation import check_labels, check_onehot, check_unit_interval

__all__ = ["check_onehot", "check_labels", "check_unit_interval"]
