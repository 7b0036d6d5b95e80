"""The console command as outside tools call it: a real process, stdin in, stdout out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))

ARTICLE = (
    "The Orrin ferry service will add a 06:40 sailing from 3 March, "
    "the operator said on Monday.\n\n"
    "Demand on the route rose 18% last year to 1.4 million passengers. "
    "\"The first boat is full every day,\" said operations chief Dara Quill.\n\n"
    "The extra sailing will cost about $2.1 million a year. Fares will not change. "
    "The council will review the timetable in October."
)


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSDESK, *args], input=stdin, capture_output=True, text=True,
                          timeout=60, env={**os.environ, **(env or {})}, check=False)


def test_summarize_prints_sentences_from_the_article() -> None:
    done = run("summarize", "--sentences", "2", stdin=ARTICLE)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2
    assert all(line in ARTICLE for line in lines)


def test_summarize_json_reports_paragraphs() -> None:
    done = run("summarize", "--json", "--length", "short", stdin=ARTICLE)
    data = json.loads(done.stdout)
    assert len(data["sentences"]) == 1
    assert data["sentences"][0]["paragraph"] in {0, 1, 2}
    assert data["summary"] == data["sentences"][0]["text"]


def test_summarize_jsonl_one_line_per_record() -> None:
    records = [{"id": "a", "article": ARTICLE}, {"id": "b", "article": "One line only.",
                                                 "title": "T"}]
    done = run("summarize", "--jsonl", stdin="\n".join(json.dumps(r) for r in records))
    out = [json.loads(line) for line in done.stdout.strip().splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    assert out[1]["summary"] == "One line only."


def test_summarize_empty_input_is_a_clear_error() -> None:
    done = run("summarize", stdin="   \n")
    assert done.returncode != 0
    assert "empty" in done.stderr


def test_config_redacts_secrets() -> None:
    done = run("config", env={"NEWSDESK_OPENAI_API_KEY": "sk-do-not-print"})
    assert done.returncode == 0, done.stderr
    assert "NEWSDESK_OPENAI_API_KEY" in done.stdout and "sk-do-not-print" not in done.stdout


def test_summarize_says_when_text_is_not_english() -> None:
    german = ("Der Stadtrat hat am Dienstag beschlossen, die Brücke für 4,2 Millionen Euro zu "
              "sanieren. Die Arbeiten beginnen im März und dauern voraussichtlich zwei Jahre.")
    done = run("summarize", "--sentences", "1", stdin=german)
    assert done.returncode == 0
    assert done.stdout.strip() in german
    assert "does not look like English" in done.stderr


def test_summarize_bullets_lists_the_standard_summary() -> None:
    plain = run("summarize", "--length", "standard", stdin=ARTICLE)
    done = run("summarize", "--length", "bullets", stdin=ARTICLE)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines == ["\u2022 " + line for line in plain.stdout.strip().splitlines()]
    assert len(lines) == 3


def test_summarize_jsonl_bullets_and_lengths() -> None:
    records = [{"id": 7, "article": ARTICLE, "title": "Ferry adds early sailing"}]
    stdin = json.dumps(records[0])
    short = json.loads(run("summarize", "--jsonl", "--length", "short", stdin=stdin).stdout)
    assert short["id"] == 7 and short["summary"] in ARTICLE.replace("\n\n", " ")
    listed = json.loads(run("summarize", "--jsonl", "--length", "bullets", stdin=stdin).stdout)
    assert listed["summary"].count("\u2022 ") == 3


def test_summarize_jsonl_bad_line_is_reported_and_the_rest_go_on() -> None:
    lines = [json.dumps({"id": "ok1", "article": ARTICLE}), "{not json",
             json.dumps({"id": "empty", "article": "  "}),
             json.dumps({"id": "num", "article": 12}),
             json.dumps({"id": "ok2", "article": "Just one sentence here."})]
    done = run("summarize", "--jsonl", stdin="\n".join(lines))
    assert done.returncode != 0
    out = [json.loads(line) for line in done.stdout.strip().splitlines()]
    assert [o["id"] for o in out] == ["ok1", None, "empty", "num", "ok2"]
    assert "summary" in out[0] and "summary" in out[4]
    assert "empty" in out[2]["error"] and "must be strings" in out[3]["error"]
    assert "line 2" in done.stderr and "3 line(s) could not be summarized" in done.stderr


def test_summarize_rejects_an_unknown_length() -> None:
    done = run("summarize", "--length", "tiny", stdin=ARTICLE)
    assert done.returncode != 0
    assert "bullets" in done.stderr


def test_summarize_jsonl_notes_what_it_did_with_odd_input() -> None:
    german = ("Ein Wintersturm hat am Montag den Strom in weiten Teilen des Landkreises "
              "unterbrochen. Rund vierzigtausend Haushalte waren betroffen.")
    lines = [json.dumps({"id": "de", "article": german}),
             json.dumps({"id": "en", "article": ARTICLE})]
    out = [json.loads(line) for line in
           run("summarize", "--jsonl", stdin="\n".join(lines)).stdout.splitlines()]
    assert "does not look like English" in out[0]["note"]
    assert "note" not in out[1]
