"""Reports written from one :class:`~autograder.core.results.GradeResult`."""
