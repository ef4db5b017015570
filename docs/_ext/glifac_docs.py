"""Small Sphinx extension: tables and help texts generated from the code at build time.

``.. glifac-presets-table::``
    The nine paper presets, rendered from ``sklearn_glifac.models.presets_table()`` so the
    documentation can never disagree with the code.
``.. glifac-cli-help:: [subcommand]``
    The ``--help`` text of the command line (or one subcommand), from the argparse parser.
"""

from __future__ import annotations

import os
import re

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList

_COLUMN_TITLES = {
    "batch_norm": "BatchNorm",
    "activation": "activation",
    "pool_size": "pool",
    "layer_norm": "LayerNorm before attention",
    "layer_norm_after": "LayerNorm after attention",
}


def _cell(value):
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "--"
    return str(value)


class PresetsTable(Directive):
    has_content = False

    def run(self):
        try:
            from sklearn_glifac.models import presets_table
        except ImportError:  # not re-exported yet
            from sklearn_glifac.models._presets import presets_table

        table = presets_table()
        header = ["preset", *(_COLUMN_TITLES.get(c, c) for c in table.columns)]
        lines = [".. list-table::", "   :header-rows: 1", ""]
        rows = [header] + [
            [f"``{name}``", *(_cell(v) for v in row)] for name, row in table.iterrows()
        ]
        for row in rows:
            lines.append(f"   * - {row[0]}")
            lines.extend(f"     - {cell}" for cell in row[1:])
        node = nodes.container()
        self.state.nested_parse(StringList(lines, source="presets_table"), 0, node)
        return node.children


class CliHelp(Directive):
    optional_arguments = 1
    has_content = False

    def run(self):
        from sklearn_glifac.cli import build_parser

        os.environ["COLUMNS"] = "96"
        parser = build_parser()
        if self.arguments:
            sub = self.arguments[0]
            actions = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
            parser = actions[0].choices[sub]
        text = parser.format_help()
        block = nodes.literal_block(text, text)
        block["language"] = "text"
        return [block]


_INLINE = re.compile(r"(``.*?``|`[^`]*`)")


def _escape_bars(app, what, name, obj, options, lines):
    """Escape ``|A|``-style set sizes in docstrings, which RST reads as substitutions.

    Pipes inside backquotes (literals, roles such as ``:math:``) and in table rows are kept.
    """
    for k, line in enumerate(lines):
        if "|" not in line or line.lstrip().startswith(("|", "+")):
            continue
        parts = _INLINE.split(line)
        lines[k] = "".join(
            part if i % 2 else re.sub(r"(?<!\\)\|", r"\\|", part) for i, part in enumerate(parts)
        )


def setup(app):
    app.connect("autodoc-process-docstring", _escape_bars)
    app.add_directive("glifac-presets-table", PresetsTable)
    app.add_directive("glifac-cli-help", CliHelp)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
