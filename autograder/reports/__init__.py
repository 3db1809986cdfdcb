"""Reports written from one :class:`~autograder.results.GradeResult`."""
