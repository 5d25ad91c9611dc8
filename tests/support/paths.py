"""Where things are: the repository, the shared test data, the screenshots left for a human to look at."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
ARTIFACTS = ROOT / "test-artifacts"
