"""Two builds of the demo from the same sources and SOURCE_DATE_EPOCH are identical byte
for byte, whatever the hash seed, the time zone, the locale or the output folder's name."""

from __future__ import annotations

from helpers import DEMO_EPOCH, ROOT, run_cli, tree_digest


def test_two_builds_are_identical_byte_for_byte(tmp_path):
    outputs = []
    for seed, zone, locale, name in (("1", "UTC", "C.UTF-8", "primera"), ("4242", "Asia/Tokyo", "es_MX.UTF-8", "otra")):
        output = tmp_path / name / "_site"
        # --no-cache: each build renders every page itself, so this compares two renderings
        result = run_cli("build", "--source", str(ROOT), "--output", str(output), "--quiet", "--no-cache",
                         epoch=DEMO_EPOCH,
                         env={"PYTHONHASHSEED": seed, "TZ": zone, "LC_ALL": locale, "LANG": locale})
        assert result.returncode == 0, result.stdout + result.stderr
        outputs.append(output)
    first, second = (tree_digest(o) for o in outputs)
    assert len(first) > 50
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []
    # the output folder's own name and location leave no trace in it
    for output in outputs:
        for page in output.rglob("*"):
            if page.is_file() and page.suffix in (".html", ".json", ".xml", ".jsonld", ".txt", ".csv"):
                assert str(output.parent) not in page.read_text(encoding="utf-8", errors="replace"), page
