"""The grading core: the way of one graded test from its pytest item to the reports, in one place.

The steps, one module each, in the order they run (read top to bottom, like a list of
preprocessors):

1. collect, :mod:`.tests`: what a graded test is (:class:`~.tests.GradedTest`: points, exercise,
   hidden or public, time limit, the title the student reads), read from its marks;
   :func:`~.tests.collect` lists the graded tests of a course (the mutation gate, the nbgrader
   export and the release use it); :mod:`.settings` says which submission is graded, with
   which time limit and isolation.
2. call, :mod:`.calling`: ``course.<topic>.<function>(...)`` in a test, through a caller:
   :mod:`.sandboxed` (the sandbox worker of a grade, with the reference's functions and trusted
   calls in an instructor's repository) or :mod:`.in_process` (the notebooks of an nbgrader
   course).
3. judge, :mod:`.judging`: what a test raised, as a :class:`~autograder.outcomes.Status` and a
   message; the hidden/public policy; one length limit.
4. diagnose, :mod:`.diagnosing`: the catalogued mistake of a failing function, once per grade,
   and in a student's own run which failing functions to fix first.
5. result, :mod:`.results`: the model every report is written from, with computed totals.
6. reports, :mod:`.session`: one grade, from the tests' outcomes to every report, written once
   (:func:`autograder.reports.files.write_reports`).

Adapters only hand over to these steps: the pytest plugin (:mod:`autograder.plugin`),
``autograder grade`` (:mod:`autograder.grading`) and the notebooks' ``%%graded`` cells
(:mod:`autograder.instructor.nbgrader_support`).
"""
