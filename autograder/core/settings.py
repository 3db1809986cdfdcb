"""The settings of one grade: which submission is graded, how long a call may take, isolation.

Each is read in this order (the first that is set wins), and a bad value is an error that names
where it came from:

* the submission (the folder of graded topic files): ``--impl`` > ``$AUTOGRADER_IMPL`` >
  ``solutions`` when a ``solutions/`` package sits beside ``exercises/`` (the instructor's
  repository) > ``exercises``;
* a call's time limit: ``@pytest.mark.time_limit(s)`` > ``--time-limit`` >
  ``$AUTOGRADER_TIME_LIMIT`` > the ini option ``autograder_time_limit`` > 5 seconds;
* the isolation: ``--isolation`` > ``$AUTOGRADER_ISOLATION`` > ``auto``.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..contract import TOPICS

DEFAULT_TIME_LIMIT = 5.0
FIGURE_TIME_LIMIT = 120.0  # one call drawing a figure: training the digits classifier
ENV_SUBMISSION = "AUTOGRADER_IMPL"
ENV_TIME_LIMIT = "AUTOGRADER_TIME_LIMIT"
ENV_ISOLATION = "AUTOGRADER_ISOLATION"


class SettingError(ValueError):
    """A setting or a graded test's mark is malformed; the message names where it came from."""


def positive_seconds(value: object, source: str) -> float:
    """Parse a time limit; the error names where the bad value came from."""
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SettingError(
            f"{source}: expected a positive number of seconds, got {value!r}"
        ) from None
    if not seconds > 0 or seconds != seconds or seconds == float("inf"):
        raise SettingError(f"{source}: expected a positive number of seconds, got {value!r}")
    return seconds


def default_time_limit(option: str | None, ini: str | None) -> float:
    """The time limit of a call in a test without its own: option, environment, ini, 5 s."""
    if option is not None:
        return positive_seconds(option, "--time-limit")
    if os.environ.get(ENV_TIME_LIMIT):
        return positive_seconds(os.environ[ENV_TIME_LIMIT], f"${ENV_TIME_LIMIT}")
    if ini:
        return positive_seconds(ini, "ini option autograder_time_limit")
    return DEFAULT_TIME_LIMIT


def isolation_mode(option: str | None) -> str:
    """The isolation mode: the option, else the environment, else ``auto``."""
    return option or os.environ.get(ENV_ISOLATION) or "auto"


def submission_setting(option: str | None) -> tuple[str | None, str]:
    """The submission asked for (or None for the default), and where that came from."""
    if option is not None:
        return option, "--impl"
    return os.environ.get(ENV_SUBMISSION) or None, f"${ENV_SUBMISSION}"


def resolve_submission(value: str | None, source: str, root: Path) -> Path:
    """The folder of topic files to grade, from ``exercises``, ``solutions`` or a PATH."""
    if value is None:
        value = (
            "solutions"
            if (root / "solutions" / "__init__.py").is_file() and (root / "exercises").is_dir()
            else "exercises"
        )
        source = "default"
    if value in ("exercises", "solutions"):
        folder = root / value
        if not folder.is_dir():
            raise SettingError(f"{source}: {value!r} means {folder}, which does not exist")
        return folder
    path = Path(os.path.abspath(Path(value).expanduser()))  # links stay visible to the sandbox
    if (path / "exercises").is_dir():
        return path / "exercises"
    if path.is_dir() and any((path / f"{t}.py").exists() for t in TOPICS):
        return path
    raise SettingError(
        f"{source}: expected 'exercises', 'solutions' or a submission folder holding exercises/, got {value!r}"
    )
