"""The security tests reuse the Action's end-to-end helpers and the fake GitHub."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "github"))
