"""``python -m sklearn_glifac.cli``: the same as ``sklearn-glifac``."""

import sys

from . import main

sys.exit(main())
