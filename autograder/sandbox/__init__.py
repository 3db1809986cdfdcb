"""The worker process that runs student code, and the grading process's side of it.

The grading process imports ``client`` (start a worker, call student functions, restart it),
with ``sources`` (submitted files read as data) and ``channels`` (reading replies, answering a
trusted call's callbacks), and ``isolation`` (which operating-system layers separate a worker
here) with, through it, ``landlock`` to ask the kernel's Landlock version. ``worker``, ``guard``, ``landlock``,
``protocol`` and ``course_functions`` are copied into the worker's private folder and run there,
so that the worker never needs the grader's installation or the instructor's repository.
"""
