"""The one report writer of the experiments: tables as text, Markdown and HTML; figure files.

Both pipelines (the demo and the reproduction) describe their report as sections of blocks and a
list of figures; :func:`_write_report` renders it as ``report.md`` (figures linked) and
``report.html`` (self-contained: figures embedded as base64 PNG).
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

import numpy as np
import pandas as pd

_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:1250px;margin:2em auto;padding:0 1em;"
    "color:#222}table.scores{border-collapse:collapse;font-size:0.9em;margin:1em 0}"
    "table.scores th,table.scores td{padding:4px 8px;border-bottom:1px solid #ddd;"
    "text-align:right}img{max-width:100%;border:1px solid #eee;margin:0.5em 0}"
    "code{background:#f4f4f4;padding:1px 4px}figure{margin:0 0 2em 0}"
    "figcaption{font-size:0.9em;color:#444;max-width:1000px}"
)


def _cell(v, floatfmt):
    if v is None:
        return ""
    if isinstance(v, float | np.floating):
        if np.isnan(v):
            return "--"
        return format(v, floatfmt) if floatfmt else str(v)
    return str(v).replace("|", "/")


def _markdown_table(df, floatfmt=".3f"):
    """A GitHub-flavoured Markdown table; ``floatfmt=None`` writes floats as they are."""
    header = "| " + " | ".join(str(c) for c in df.columns) + " |"
    align = (
        "|"
        + "|".join("---:" if pd.api.types.is_numeric_dtype(df[c]) else ":---" for c in df.columns)
        + "|"
    )
    body = [
        "| " + " | ".join(_cell(v, floatfmt) for v in row) + " |"
        for row in df.itertuples(index=False)
    ]
    return "\n".join([header, align, *body])


def _text_table(df, floatfmt=".3f"):
    """A plain-text table for the terminal (NaN as ``--``)."""
    return df.to_string(
        index=False,
        float_format=lambda v: "--" if np.isnan(v) else format(v, floatfmt),
        na_rep="--",
    )


def _save_figure(fig, path, *, dpi=130, bbox_inches="tight"):
    """Write ``fig`` to ``path`` as PNG, close it, return ``path``."""
    import matplotlib.pyplot as plt

    fig.savefig(path, dpi=dpi, bbox_inches=bbox_inches)
    plt.close(fig)
    return Path(path)


def _markdown_blocks(blocks):
    md = []
    for kind, content in blocks:
        if kind == "list":
            md += [f"- {item}" for item in content]
        elif kind == "table":
            md.append(_markdown_table(content[0], floatfmt=content[1]))
        else:
            md.append(content)
        md.append("")
    return md


def _html_blocks(blocks):
    esc = html.escape
    parts = []
    for kind, content in blocks:
        if kind == "list":
            parts += ["<ul>", *[f"<li>{esc(str(item))}</li>" for item in content], "</ul>"]
        elif kind == "table":
            df, fmt = content
            parts.append(
                df.to_html(
                    index=False,
                    na_rep="--",
                    border=0,
                    classes="scores",
                    float_format=None if fmt is None else (lambda v, fmt=fmt: format(v, fmt)),
                )
            )
        else:
            parts.append(f"<p>{esc(content)}</p>")
    return parts


def _write_report(out, *, title, intro, sections, figures, files=(), file_notes=None):
    """Write ``report.md`` and ``report.html`` in ``out``; return both paths.

    Parameters
    ----------
    out : Path
        The output folder (figure and file paths are written relative to it).
    title : str
        Title of the page.
    intro : str or None
        First paragraph.
    sections : list of (str, list of (kind, content))
        Headed sections of blocks: ``("text", str)``, ``("list", list of str)`` or
        ``("table", (DataFrame, floatfmt or None))``.
    figures : list of (str, Path, str or None)
        Title, PNG file and caption of each figure.
    files : sequence of Path, default=()
        Files listed at the end (duplicates once).
    file_notes : dict of Path -> str, default=None
        Text after a listed file.
    """
    file_notes = file_notes or {}
    files = list(dict.fromkeys(files))
    md = [f"# {title}", ""] + ([intro, ""] if intro else [])
    for heading, blocks in sections:
        md += [f"## {heading}", "", *_markdown_blocks(blocks)]
    md += ["## Figures", ""]
    for name, path, caption in figures:
        md += [f"### {name}", "", f"![{name}]({path.relative_to(out).as_posix()})", ""]
        md += [f"*{caption}*", ""] if caption else []
    if files:
        md += ["## Files", ""]
        md += [f"- `{p.relative_to(out).as_posix()}`{file_notes.get(p, '')}" for p in files]
        md.append("")
    md_path = out / "report.md"
    md_path.write_text("\n".join(md), encoding="utf-8")

    esc = html.escape
    parts = [
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{esc(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
    ] + ([f"<p>{esc(intro)}</p>"] if intro else [])
    for heading, blocks in sections:
        parts += [f"<h2>{esc(heading)}</h2>", *_html_blocks(blocks)]
    parts.append("<h2>Figures</h2>")
    for name, path, caption in figures:
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        text = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
        parts += [
            f"<h3>{esc(name)}</h3>",
            f'<figure><img src="data:image/png;base64,{data}" alt="{esc(name)}">{text}</figure>',
        ]
    if files:
        parts.append("<h2>Files</h2><ul>")
        parts += [
            f"<li><code>{esc(p.relative_to(out).as_posix())}</code>"
            f"{esc(file_notes.get(p, ''))}</li>"
            for p in files
        ]
        parts.append("</ul>")
    parts.append("</body></html>")
    html_path = out / "report.html"
    html_path.write_text("\n".join(parts), encoding="utf-8")
    return md_path, html_path
