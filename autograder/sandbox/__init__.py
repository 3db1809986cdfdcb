"""The worker process that runs student code, and the grading process's side of it.

The grading process imports ``client`` (start a worker, call student functions, restart it),
with ``sources`` (submitted files read as data), ``channels`` (reading replies, answering a
trusted call's callbacks) and ``isolation`` (which operating-system layers separate a worker
here) with, through it, ``landlock`` to ask the kernel's Landlock version. ``protocol`` (the
plain data that crosses the boundary, and the rules both sides share: what a call changed in
place, how text is shortened) and ``course_functions`` are imported on both sides. ``worker``,
``guard``, ``landlock``, ``protocol``, ``requests``, ``trusted`` and ``course_functions`` are
copied into the worker's private folder and run there, so that the worker never needs the
grader's installation or the instructor's repository.
"""
