"""Names that vulture (``.ci/run``, settings in pyproject.toml) cannot see used.

pytest hooks (``pytest_*``), tests (``test_*``) and fixtures are left out by the settings; what
is listed here is used by name from outside Python's view: by pytest, importlib, IPython,
notebooks, the worker's course functions, or an LMS export.
"""

# Set for pytest to read: a graded test's report text, a session's exit status.
_.longrepr
_.exitstatus
# Read by graded tests written as text (course.last_output, tests/grader/test_plugin.py).
_.last_output
# Fixtures a test asks for only to have them set up.
tiny_course
# Parameters of a stand-in whose signature mirrors the function it replaces.
src
dst
# importlib's loader protocol and IPython's traceback hook (nbgrader_support).
_.create_module
_.has_location
_._render_traceback_
# Called from the cells of the exported notebooks (nbgrader_support).
notebook_file
reload_notebooks
start_tests
# Course functions a test or a diagnosis probe passes by name (CourseFunction("bowl")).
bowl
sum_of_cubes
sin_product
coupled_cubes
# Roster identifiers, read through dataclasses.asdict (RosterEntry.identifiers).
login
sis_id
email
full_name
# Set for the zip format, Python's import system and the proxies' introspection.
_.compress_type
_.dont_write_bytecode
_.__qualname__
