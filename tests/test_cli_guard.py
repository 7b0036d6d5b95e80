"""`newsdesk guard --jsonl` as outside tools call it: a real process, JSON lines in and out."""

from __future__ import annotations

import json

from tests.test_cli import run

SOURCE = ("Lawmakers passed the water bill by 153 votes to 61 on Thursday, Dec. 12. "
          "Committee chair Rosa Delgado said the repairs would cost $1.2bn.")


def lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_each_record_gets_one_line_with_its_verdict() -> None:
    records = [
        {"id": "same", "source": SOURCE,
         "generated": "Lawmakers passed the water bill by one hundred fifty-three votes to 61 "
                      "on 12 December; repairs will cost 1.2 billion dollars, Delgado said."},
        {"id": "changed", "source": SOURCE,
         "generated": "Lawmakers passed the water bill by 135 votes to 61, said Governor "
                      "Tom Brandt."},
    ]
    done = run("guard", "--jsonl", stdin="\n".join(json.dumps(r) for r in records))
    assert done.returncode == 0, done.stderr
    out = lines(done.stdout)
    assert [o["id"] for o in out] == ["same", "changed"]
    assert {k: out[0][k] for k in ("id", "passed", "consistent", "problems")} == {
        "id": "same", "passed": True, "consistent": True, "problems": []}
    sentences = out[0]["sentences"]
    assert isinstance(sentences, list) and len(sentences) == 1
    evidence = sentences[0]["evidence"]
    assert sentences[0]["verdict"] == "supported"
    assert [e["text"] for e in evidence] == [SOURCE[e["start"] : e["end"]] for e in evidence]
    assert evidence[0]["text"].startswith("Lawmakers passed the water bill")
    assert out[1]["consistent"] is False and out[1]["passed"] is False
    problems = out[1]["problems"]
    assert isinstance(problems, list)
    found = {(p["kind"], p["span"]) for p in problems}
    assert {("number", "135"), ("name", "Governor Tom Brandt")} <= found


def test_bad_lines_are_named_and_the_rest_still_checked() -> None:
    good = json.dumps({"id": 3, "source": SOURCE, "generated": "The bill passed."})
    stdin = "\n".join(["{not json", json.dumps({"id": 2, "source": SOURCE}), good, ""])
    done = run("guard", "--jsonl", stdin=stdin)
    assert done.returncode != 0
    assert "line 1: not JSON" in done.stderr
    assert 'line 2: "generated" must be a string' in done.stderr
    assert "2 line(s) could not be read" in done.stderr
    assert [o["id"] for o in lines(done.stdout)] == [3]


def test_a_leak_is_not_an_inconsistency_but_it_does_not_pass() -> None:
    record = {"id": 1, "source": SOURCE, "label": "Wire",
              "generated": "Here is the rewritten article: lawmakers passed the water bill."}
    out = lines(run("guard", "--jsonl", stdin=json.dumps(record)).stdout)
    assert len(out) == 1
    assert {k: out[0][k] for k in ("id", "passed", "consistent")} == {
        "id": 1, "passed": False, "consistent": True}
    problems = out[0]["problems"]
    assert isinstance(problems, list) and {p["kind"] for p in problems} == {"leak"}
    sentences = out[0]["sentences"]
    assert isinstance(sentences, list)
    assert sentences[0]["evidence"][0]["source"] == "Wire"
