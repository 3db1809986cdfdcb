"""The worker process that runs student code, and the client that drives it.

Only ``client`` is imported by the grading process. ``worker``, ``guard``, ``protocol`` and
``course_functions`` are copied into the worker's private directory and run there, so that the
worker never needs the grader's installation or the instructor's repository on its path.
"""
