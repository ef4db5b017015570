"""The README is a contract: its usage code is the script that produced its output block."""

import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCRIPT = (ROOT / "benchmarks" / "readme_usage.py").read_text(encoding="utf-8")
OUTPUT = ROOT / "benchmarks" / "results" / "readme_usage_output.txt"


def _usage_section():
    return README.split("## Usage", 1)[1].split("\n## ", 1)[0]


def test_readme_code_is_the_script_that_was_run():
    block = re.search(r"```python\n(.*?)```", _usage_section(), re.S).group(1)
    body = SCRIPT.split("# --- README example begins ---\n", 1)[1]
    body = body.split("# --- README example ends ---", 1)[0]
    assert block.strip() == textwrap.dedent(body).strip()


def test_readme_output_is_what_the_script_printed():
    shown = re.search(r"```text\n(.*?)```", _usage_section(), re.S).group(1)
    assert shown.strip() == OUTPUT.read_text(encoding="utf-8").strip()
