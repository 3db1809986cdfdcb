#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image, with this bundle
# unpacked in /autograder/source. It installs what grading needs into a virtual environment
# outside the source folder (Python, numpy, pytest and the grader; no nbgrader), then makes
# the source folder, which holds the hidden tests and the reference, readable by root only.
set -euo pipefail

root="${AUTOGRADER_GRADESCOPE_ROOT:-/autograder}"
source_dir="$root/source"
venv="$root/venv"

if [ ! -x "$venv/bin/python" ]; then
  if ! python3 -m venv "$venv"; then
    rm -rf "$venv"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3 python3-venv python3-pip
    python3 -m venv "$venv"
  fi
fi
if ! "$venv/bin/python" -c "import numpy, pytest" 2>/dev/null; then
  "$venv/bin/python" -m pip install -q "numpy>=1.23" "pytest>=7.4"
fi
"$venv/bin/python" -m pip install -q --no-deps "$source_dir/grader"
"$venv/bin/python" -c "import autograder.plugin, numpy, pytest"
chmod -R go= "$source_dir"
