"""Step 5, result: the model every report is written from, one grade of one submission.

Totals (per exercise, per topic, the score) are computed from the tests, never stored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..cleaning import clean
from ..contract import EXERCISES
from ..outcomes import Status

# Exercises in the order the course teaches them; anything else goes last.
COURSE_ORDER = {
    f"{t}.{f}": i for i, (t, f) in enumerate((t, f) for t in EXERCISES for f in EXERCISES[t])
}


@dataclass
class TestResult:
    """One graded test.

    ``message`` is already fit for the student: for a hidden test it holds no inputs or
    expected values.
    """

    nodeid: str
    name: str
    exercise: str  # "topic.function"
    max_score: float
    score: float
    status: Status
    hidden: bool
    message: str = ""
    duration: float = 0.0
    needs: list[str] = field(default_factory=list)  # failing functions it calls (student runs)

    def __post_init__(self) -> None:
        self.name, self.message = clean(self.name), clean(self.message)
        self.status = Status(self.status)

    @property
    def topic(self) -> str:
        return self.exercise.split(".")[0]

    @property
    def passed(self) -> bool:
        return self.status == Status.PASSED


@dataclass
class ExerciseScore:
    """The points of one exercise, summed over its tests."""

    exercise: str
    score: float
    max_score: float
    passed: int
    total: int
    statuses: list[Status]

    @property
    def status(self) -> Status:
        """The exercise's status: passed when every test passed, else the first other status."""
        others = [s for s in self.statuses if s != Status.PASSED]
        return others[0] if others else Status.PASSED


@dataclass
class GradeResult:
    """One grade; totals are computed from the tests, never stored."""

    tests: list[TestResult] = field(default_factory=list)
    execution_time: float = 0.0
    error: str | None = None  # set when the grader itself failed
    submission: str = ""
    isolation: list[str] = field(default_factory=list)  # the layers that separated the worker
    partial: str = ""  # why only part of the tests ran (-k, -x, a file), "" for a full run

    def __post_init__(self) -> None:
        self.error = None if self.error is None else clean(self.error)

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tests), 6)

    @property
    def isolation_text(self) -> str:
        """The layers that separated student code, as one line for every report."""
        layers = ", ".join(self.isolation) if self.isolation else "none (no student code ran)"
        return f"Student code ran isolated by: {layers}"

    @property
    def max_score(self) -> float:
        return round(sum(t.max_score for t in self.tests), 6)

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0

    def exercises(self) -> list[ExerciseScore]:
        """Per-exercise totals, in the order the course teaches them."""
        groups: dict[str, list[TestResult]] = {}
        for test in sorted(
            self.tests, key=lambda t: COURSE_ORDER.get(t.exercise, len(COURSE_ORDER))
        ):
            groups.setdefault(test.exercise, []).append(test)
        return [
            ExerciseScore(
                exercise=name,
                score=round(sum(t.score for t in tests), 6),
                max_score=round(sum(t.max_score for t in tests), 6),
                passed=sum(t.passed for t in tests),
                total=len(tests),
                statuses=[t.status for t in tests],
            )
            for name, tests in groups.items()
        ]

    def topics(self) -> dict[str, tuple[float, float]]:
        """Points earned and possible per topic."""
        totals: dict[str, list[float]] = {}
        for test in sorted(
            self.tests, key=lambda t: COURSE_ORDER.get(t.exercise, len(COURSE_ORDER))
        ):
            pair = totals.setdefault(test.topic, [0.0, 0.0])
            pair[0] += test.score
            pair[1] += test.max_score
        return {topic: (round(a, 6), round(b, 6)) for topic, (a, b) in totals.items()}

    def to_dict(self) -> dict:
        """Plain data, for storing and reloading (not Gradescope's format)."""
        return {
            "submission": self.submission,
            "partial": self.partial,
            "execution_time": self.execution_time,
            "error": self.error,
            "isolation": self.isolation,
            "tests": [asdict(t) for t in self.tests],
        }

    @classmethod
    def from_dict(cls, data: dict) -> GradeResult:
        return cls(
            tests=[TestResult(**t) for t in data.get("tests", [])],
            execution_time=data.get("execution_time", 0.0),
            error=data.get("error"),
            submission=data.get("submission", ""),
            isolation=data.get("isolation", []),
            partial=data.get("partial", ""),
        )
