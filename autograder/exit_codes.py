"""The exit codes of the ``autograder`` command and its subcommands, defined once."""

EXIT_OK = 0  # graded, or done
EXIT_BELOW = 1  # the grade is below --fail-under, or a check failed
EXIT_USAGE = 2  # the request was wrong: nothing was done
EXIT_GRADER = 3  # the grader itself failed (a report with score 0 and the reason is written)
