"""One self-contained HTML page: points per topic, feedback, and the lessons' figures.

The page needs nothing at view time: the style is inline, the figures are PNG data URIs, and its
Content-Security-Policy forbids every request. Everything that comes from a submission (messages,
what it printed) is escaped. The figures are drawn in the grading process from plain data that
the course functions returned through the sandbox (see :func:`lesson_figures`); a figure whose
functions are missing, timed out or returned something unusable says so instead.
"""

from __future__ import annotations

import base64
import html
import io
import time
from dataclasses import dataclass

from ..core.results import GradeResult
from ..outcomes import CheckFailure, Status, StudentProblem

FIGURE_SECONDS = 300.0
"""The time all figures together may take; the ones left after it say so."""

LESSON_TEXT = {
    "line_fit": (
        "Fitting z = 2x by gradient descent",
        ("fit_line", "line_cost"),
        "Each step of fit_line moves the slope w toward 2, the slope of the data (dotted), and "
        "the cost J(w) falls at every step.",
    ),
    "descent_paths": (
        "Descent paths on f(x, y) = 3/2 x² + 1/2 y²",
        ("gradient_descent", "learning_rate_regime"),
        "Along x (curvature 3) each step multiplies x by 1 − 3·lr: learning rate 0.2 converges, "
        "0.5 oscillates (x changes sign at every step) and 0.7 diverges. The dotted path is the "
        "exact one.",
    ),
    "restarts": (
        "Restarts on f(x) = x⁴ − 3x² + x",
        ("gradient_descent", "best_of_restarts"),
        "Each start rolls into the valley it starts in: from −2 and −0.5 the global minimum near "
        "x = −1.30, from 0.5 and 2 the local one near 1.13. best_of_restarts keeps the global one.",
    ),
    "activations": (
        "Activations and their derivatives",
        ("sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime", "leaky_relu")
        + ("leaky_relu_prime",),
        "sigmoid rises from 0 to 1 and its derivative peaks at 1/4 at z = 0; tanh's derivative "
        "peaks at 1; relu' is 0 below 0 and 1 above; leaky_relu' is alpha (here 0.1) below 0. "
        "The dotted line is the slope of your activation measured numerically: your derivative "
        "(dashed) should lie on it.",
    ),
    "gradient_norms": (
        "Per-layer gradient norms at initialisation",
        ("layer_gradient_norms",),
        "With sigmoid the gradient shrinks layer after layer toward the input (it vanishes: the "
        "first layer's norm is a small fraction of the last's); less so with tanh; with ReLU it "
        "stays of the same order in every layer.",
    ),
    "learning_curves": (
        "Learning curves and early stopping",
        ("init_mlp", "mlp_loss_and_gradients", "gradient_step", "early_stopping_epoch"),
        "The training loss keeps falling; the validation loss falls, then rises as the network "
        "memorises the wrong labels. Early stopping stops once the validation loss has not "
        "improved for 10 epochs and keeps the best epoch so far (dotted), which can come before "
        "the lowest validation loss of the whole run (dashed).",
    ),
    "polynomial_degree": (
        "Error against polynomial degree",
        ("polynomial_features", "fit_polynomial", "best_polynomial_degree", "mse"),
        "The training error falls with every degree; the validation error falls, then rises as "
        "the polynomial fits the noise. best_polynomial_degree picks the lowest validation error.",
    ),
    "misclassified": (
        "Digits the classifier gets wrong",
        ("train_validation_split", "train_classifier", "predict"),
        "The lesson's classifier gets at least 90 % of held-out digits right; its mistakes are "
        "digits that look alike.",
    ),
}
"""Per figure: its title, the functions it calls, and what the lesson says should happen."""

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; max-width: 64rem; margin: 2rem auto; padding: 0 1rem;
       color: #1d1d1f; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
td, th { padding: .2rem .7rem; text-align: left; border-bottom: 1px solid #eee; }
td.points, th.points { text-align: right; font-variant-numeric: tabular-nums; }
.partial, .note { background: #fff4ce; padding: .4rem .7rem; border-radius: 4px; }
.mistake { background: #fde7e9; padding: .4rem .7rem; border-radius: 4px; }
.lesson { color: #444; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
figure { margin: 1.5rem 0; } figure img { max-width: 100%; border: 1px solid #eee; }
summary { cursor: pointer; font-weight: 600; }
.passed { color: #1a7f37; } .failed, .timed-out, .crashed { color: #cf222e; font-weight: 600; }
.not-attempted { color: #888; }
"""


@dataclass
class LessonFigure:
    """One figure of the page: drawn (``png``) or not, with a note saying why."""

    name: str
    title: str
    lesson: str
    png: bytes | None = None
    note: str = ""


def _exercise_statuses(result: GradeResult) -> dict[str, list[str]]:
    statuses: dict[str, list[str]] = {}
    for test in result.tests:
        statuses.setdefault(test.exercise.split(".")[1], []).append(test.status)
    return statuses


def _why_not(functions: tuple[str, ...], statuses: dict[str, list[str]]) -> str:
    """Why a figure cannot be drawn from the tests' verdicts alone, or ""."""
    for function in functions:
        for status in (Status.NOT_ATTEMPTED, Status.TIMED_OUT, Status.CRASHED):
            if status in statuses.get(function, ()):
                return f"Not drawn: {function}() is {status} in the tests."
    return ""


def _wrong(functions: tuple[str, ...], statuses: dict[str, list[str]]) -> str:
    failing = [f for f in functions if any(s != Status.PASSED for s in statuses.get(f, ()))]
    if not failing:
        return ""
    names = ", ".join(f"{f}()" for f in failing)
    return (
        f"Some tests of {names} fail (see the feedback): the figure shows what your code "
        "computes; compare it with what the lesson says."
    )


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()


class _Budget:
    """A course whose calls stop once the figures have used up their time."""

    def __init__(self, course, seconds: float) -> None:
        self._course, self._deadline = course, time.monotonic() + seconds

    def given(self, name: str):
        return self._course.given(name)

    def rng(self, seed: int):
        return self._course.rng(seed)

    def __getattr__(self, topic: str):
        return _BudgetTopic(self, getattr(self._course, topic))


class _BudgetTopic:
    def __init__(self, budget: _Budget, topic) -> None:
        self._budget, self._topic = budget, topic

    def __getattr__(self, name: str):
        function = getattr(self._topic, name)

        def call(*args, **kwargs):
            if time.monotonic() > self._budget._deadline:
                raise TimeoutError(f"the figures ran out of time (at {name}())")
            return function(*args, **kwargs)

        return call


def lesson_figures(
    result: GradeResult, course, seconds: float = FIGURE_SECONDS
) -> list[LessonFigure]:
    """Draw every lesson figure with ``course`` (the sandboxed course of the grading plugin).

    A figure is not drawn when one of its functions is not attempted, timed out or crashed in
    the tests, or when drawing it raised: the note says which function and why.
    """
    try:
        from .. import figures
    except ImportError:
        return [
            LessonFigure(
                "matplotlib",
                "Figures",
                "",
                note="matplotlib is not installed, so the "
                "page has no figures: pip install matplotlib",
            )
        ]
    statuses = _exercise_statuses(result)
    budget = _Budget(course, seconds)
    drawn = []
    for name, lesson in figures.LESSONS.items():
        title, functions, says = LESSON_TEXT[name]
        item = LessonFigure(name, title, says, note=_why_not(functions, statuses))
        drawn.append(item)
        if item.note:
            continue
        try:
            item.png = _png(lesson(budget, expected=True))
        except StudentProblem as exc:
            item.note = f"Not drawn: {exc.message}"
        except CheckFailure as exc:  # a function changed its argument in place
            item.note = f"Not drawn: {exc.prop}"
        except Exception as exc:  # anything a wrong return value makes the drawing raise
            detail = f"{type(exc).__name__}: {exc}"
            item.note = f"Not drawn: what your functions returned cannot be drawn ({detail})"[:400]
        else:
            item.note = _wrong(functions, statuses)
    return drawn


def _topic_rows(result: GradeResult) -> str:
    rows = []
    for topic, (score, possible) in result.topics().items():
        exercises = [e for e in result.exercises() if e.exercise.split(".")[0] == topic]
        cells = ", ".join(
            f"<span class='{e.status.replace(' ', '-')}' title='{html.escape(e.status)}'>"
            f"{html.escape(e.exercise.split('.', 1)[1])}</span>"
            for e in exercises
        )
        rows.append(
            f"<tr><td>{html.escape(topic)}</td><td class='points'>{score:g}/{possible:g}</td>"
            f"<td>{cells}</td></tr>"
        )
    return "\n".join(rows)


def _feedback(result: GradeResult) -> str:
    blocks = []
    for test in result.tests:
        if test.status in (Status.PASSED, Status.NOT_ATTEMPTED):
            continue
        lines = test.message.splitlines()
        mistakes = [line for line in lines if line.startswith("Likely mistake")]
        named = "".join(f"<p class='mistake'>{html.escape(m)}</p>" for m in mistakes)
        rest = "\n".join(line for line in lines if line not in mistakes)
        blocks.append(
            f"<details open><summary>{html.escape(test.exercise)}: {html.escape(test.name)} "
            f"[{html.escape(test.status)}, 0/{test.max_score:g}]</summary>{named}"
            f"<pre>{html.escape(rest)}</pre></details>"
        )
    return "\n".join(blocks) or "<p>No test lost points, or none was attempted yet.</p>"


def _figure(item: LessonFigure) -> str:
    note = f"<p class='note'>{html.escape(item.note)}</p>" if item.note else ""
    image = ""
    if item.png is not None:
        data = base64.b64encode(item.png).decode("ascii")
        image = f"<img alt='{html.escape(item.title)}' src='data:image/png;base64,{data}'>"
    lesson = f"<p class='lesson'>The lesson: {html.escape(item.lesson)}</p>" if item.lesson else ""
    return (
        f"<figure id='figure-{item.name}'><h3>{html.escape(item.title)}</h3>{lesson}{note}"
        f"{image}</figure>"
    )


def page(result: GradeResult, figures: list[LessonFigure] | None = None) -> str:
    """The whole page; ``figures`` from :func:`lesson_figures`, or None for a page without them."""
    total = f"{result.score:g}/{result.max_score:g}"
    notes = ""
    if result.partial:
        notes += f"<p class='partial'>Partial run: {html.escape(result.partial)}. This is not the full score.</p>"
    if result.error:
        notes += f"<p class='mistake'>The grader could not finish: {html.escape(result.error)}</p>"
    if figures is None:
        shown = "<p>No figures: they are drawn while grading (autograder grade --html).</p>"
    else:
        shown = "\n".join(_figure(item) for item in figures)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>backprop-lab: {total} points</title>
<style>{STYLE}</style>
</head>
<body>
<h1>backprop-lab: <span id="total">{total}</span> points ({result.percent:.1f} %)</h1>
{notes}
<p>{html.escape(result.isolation_text)}.</p>
<h2>Points per topic</h2>
<p>Exercises: <span class="passed">passed</span>, <span class="failed">failed, timed out
or crashed</span>, <span class="not-attempted">not attempted</span>.</p>
<table id="topics"><tr><th>topic</th><th class="points">points</th><th>exercises</th></tr>
{_topic_rows(result)}
</table>
<h2>Feedback</h2>
{_feedback(result)}
<h2>Figures</h2>
{shown}
</body>
</html>
"""
