"""The catalogue files: read as the data they hold, and refused with a message naming the entry."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import REPO

from autograder.instructor import mutation
from autograder.instructor.catalogue import CatalogueError, catalogue, read_catalogue
from autograder.instructor.mistakes import PatchError
from autograder.sandbox.protocol import CourseFunction, Rng

GOOD = """\
[values]
moderate = {array = [-4.0, 0.0, 2.0]}
pair = {tuple = [{ref = "moderate"}, {none = true}]}

[sigmoid]
probes = [
  {args = [{ref = "moderate"}]},
  {args = [{normal = [1, [2, 3], 3.0]}, {rng = 4}], kwargs = {f = {function = "bowl"}}},
  {args = [{ref = "pair"}, [1, 2.5, "a"], {dict = {W = {ones = 2}, n = 3}}]},
]

[[sigmoid.mistakes]]
name = "sigmoid-sign-flipped"
misconception = "Your sigmoid is mirrored:"
hint = "which sign does z carry?"
[[sigmoid.mistakes.replace]]
old = 'np.where(z >= 0, 1.0, e) / (1.0 + e)'
new = '''
np.where(z >= 0, e, 1.0)
    / (1.0 + e)'''
"""


def write(folder, text, topic="activations"):
    (folder / f"{topic}.toml").write_text(text, encoding="utf-8")
    return folder


def refused(folder) -> str:
    with pytest.raises(CatalogueError) as info:
        read_catalogue(folder)
    return str(info.value)


def test_a_file_is_read_into_mistakes_and_probe_values(tmp_path):
    read = read_catalogue(write(tmp_path, GOOD))
    (mistake,) = read.mistakes
    assert mistake.exercise == "activations.sigmoid" and mistake.origin == "activations.toml"
    assert mistake.replace == (
        ("np.where(z >= 0, 1.0, e) / (1.0 + e)", "np.where(z >= 0, e, 1.0)\n    / (1.0 + e)"),
    )
    first, second, third = read.probes["activations.sigmoid"].calls
    np.testing.assert_array_equal(first[0][0], [-4.0, 0.0, 2.0])
    rng = np.random.default_rng(1)
    np.testing.assert_array_equal(second[0][0], np.round(rng.standard_normal((2, 3)) * 3.0, 3))
    assert second[0][1] == Rng(4) and second[1] == {"f": CourseFunction("bowl")}
    (pair, numbers, table), _ = third
    assert pair[0] is first[0][0] and pair[1] is None and numbers == [1, 2.5, "a"]
    assert list(table) == ["W", "n"] and table["W"].tolist() == [1.0, 1.0]


def test_every_function_in_a_file_has_probes_and_mistakes(tmp_path):
    without_mistakes = GOOD.split("[[sigmoid.mistakes]]")[0]
    assert refused(write(tmp_path, without_mistakes)) == (
        "activations.toml: [sigmoid]: expected a field 'mistakes', got fields probes"
    )
    assert all(m.origin == f"{m.topic}.toml" for m in catalogue().mistakes)


def test_a_file_that_is_not_toml_is_named_with_its_line(tmp_path):
    message = refused(write(tmp_path, GOOD.replace('hint = "which', "hint = which")))
    assert message == (
        "activations.toml: mistake 'sigmoid-sign-flipped': expected valid TOML: Invalid value "
        "(at line 15, column 8)"
    )
    message = refused(write(tmp_path, GOOD.replace("{rng = 4}]", "{rng = 4}")))
    assert message.startswith("activations.toml: [sigmoid]: expected valid TOML")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ('hint = "which sign does z carry?"\n', ""),
            "activations.toml: mistake 'sigmoid-sign-flipped' of sigmoid(): expected a field "
            "'hint', got fields name, misconception, replace",
        ),
        (
            ('hint = "which sign does z carry?"', "hint = 3"),
            "activations.toml: mistake 'sigmoid-sign-flipped' of sigmoid(), field hint: "
            "expected string, got 3",
        ),
        (
            ('hint = "which', 'hnt = "x"\nhint = "which'),
            "mistake 'sigmoid-sign-flipped' of sigmoid(): expected only the fields name, helper, "
            "misconception, hint, replace, got 'hnt'",
        ),
        (
            ("old = 'np.where", "od = 'np.where"),
            "mistake 'sigmoid-sign-flipped' of sigmoid(), field replace[1]: expected a field "
            "'old', got fields od, new",
        ),
        (
            ('name = "sigmoid-sign-flipped"', 'name = "Sigmoid sign"'),
            "mistake 'Sigmoid sign' of sigmoid(), field name: expected text matching",
        ),
        (
            ("[sigmoid]", "[sigmod]"),
            "activations.toml: [sigmod]: expected a function of activations (sigmoid, ",
        ),
        (
            ("{normal = [1, [2, 3], 3.0]}", "{normal = [1]}"),
            "activations.toml: probe 2 of sigmoid(), argument 1: normal: missing a required "
            "argument: 'shape'",
        ),
        (
            ("{rng = 4}", "{rgn = 4}"),
            "probe 2 of sigmoid(), argument 2: expected a number, string, boolean, array or a "
            "table with one key naming a constructor (array, blobs, ",
        ),
        (
            ('{ref = "moderate"}]}', '{ref = "modrate"}]}'),
            "probe 1 of sigmoid(), argument 1: ref: expected the name of a value (known: "
            "moderate, pair), got 'modrate'",
        ),
        (
            ('{tuple = [{ref = "moderate"}', '{tuple = [{ref = "pair"}'),
            "value 'pair': tuple[0]: ref: the values refer to each other in a circle: pair -> pair",
        ),
        (
            ("kwargs = {f", "kwarg = {f"),
            "activations.toml: probe 2 of sigmoid(): expected only the fields args, kwargs, "
            "got 'kwarg'",
        ),
    ],
)
def test_a_bad_entry_is_refused_naming_file_entry_and_field(tmp_path, edit, expected):
    old, new = edit
    assert old in GOOD
    assert expected in refused(write(tmp_path, GOOD.replace(old, new, 1)))


def test_files_must_be_named_after_topics_and_names_must_be_unique(tmp_path):
    write(tmp_path, GOOD, topic="activation")
    assert "activation.toml: expected files named after a topic" in refused(tmp_path)
    (tmp_path / "activation.toml").unlink()
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("[sigmoid", "[mse").replace("[[sigmoid", "[[mse"), topic="costs")
    assert refused(tmp_path) == (
        "costs.toml: mistake 'sigmoid-sign-flipped' of mse(): expected a unique name, got the "
        "name of a mistake of activations.sigmoid (activations.toml)"
    )


def test_a_patch_that_no_longer_fits_names_the_mistake_and_its_file(tmp_path):
    edited = GOOD.replace("old = 'np.where(z >= 0, 1.0, e)", "old = 'np.where(z > 0, 1.0, e)")
    (mistake,) = read_catalogue(write(tmp_path, edited)).mistakes
    path = REPO / "solutions" / "activations.py"
    with pytest.raises(PatchError) as info:
        mistake.apply(path.read_text(encoding="utf-8"), str(path))
    assert str(info.value).startswith(
        "mistake 'sigmoid-sign-flipped' (activations.toml): expected the text "
        "'np.where(z > 0, 1.0, e) / (1.0 + e)' exactly once in the solution region of sigmoid() "
    )


def test_the_command_reports_a_bad_catalogue_and_exits_1(monkeypatch, capsys):
    def bad() -> None:
        raise CatalogueError("costs.toml: mistake 'x' of mse(): expected a field 'hint', got ...")

    monkeypatch.setattr(mutation, "catalogue", bad)
    args = mutation.argparse.Namespace(course=REPO, jobs=2, only=None, list=True)
    assert mutation.run(args) == 1
    assert capsys.readouterr().err == (
        "autograder mutation: costs.toml: mistake 'x' of mse(): expected a field 'hint', got ...\n"
    )
