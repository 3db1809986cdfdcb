"""Instructor-only commands: stubs, release, class grading, mutation testing, nbgrader export.

Nothing in this sub-package is shipped in the student release.
"""
