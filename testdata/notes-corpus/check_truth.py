#!/usr/bin/env python3
"""Check that every labelled action text, done item and attendee of the notes
corpus occurs in its source file.

Usage: check_truth.py [NAME.truth.json ...]   (default: every truth file here)

A text passes when, with Markdown emphasis, backslashes, link targets and
letter case set aside and white space made single spaces, it is a substring of
the source, or when it is once the parts in parentheses that the source does
not hold (the labeller's context words, as the README allows) are taken out.
Otherwise it passes with a warning when every word of it is in the source
(a text joined from two places), and fails when a word is not. Exit status 1
when anything fails.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def norm(s):
    s = re.sub(r"\]\([^)]*\)", "]", s)  # [text](target) -> [text]
    s = s.replace("\\", "")
    s = re.sub(r"[*_`\[\]]", "", s)
    s = re.sub(r"\s+", " ", s)
    return s.strip().lower()


def words(s):
    return re.findall(r"\w+", s.lower())


def check(truth_path):
    base = truth_path[: -len(".truth.json")]
    src = None
    for ext in (".md", ".txt"):
        if os.path.exists(base + ext):
            src = base + ext
    if src is None:
        return [("FAIL", "no source file for " + truth_path)]
    text = open(src, encoding="utf-8").read()
    ntext = norm(text)
    srcwords = set(words(text.replace("_", " "))) | set(words(text))
    t = json.load(open(truth_path, encoding="utf-8"))
    out = []

    def one(kind, s):
        n = norm(s)
        if n in ntext:
            return
        # drop parenthesised context that is not in the source
        stripped = n
        for m in re.findall(r"\([^()]*\)", n):
            if m not in ntext:
                stripped = stripped.replace(m, " ")
        stripped = re.sub(r"\s+", " ", stripped).strip()
        if stripped and stripped in ntext:
            return
        missing = [w for w in words(s) if w not in srcwords]
        if missing:
            out.append(("FAIL", "%s %r: words not in source: %s" % (kind, s, missing)))
        else:
            out.append(("WARN", "%s %r: not one passage of the source (its words are)" % (kind, s)))

    for a in t.get("attendees", []):
        one("attendee", a)
    for a in t.get("actions", []):
        one("action", a["text"])
        for o in a.get("owners", []):
            if o != "all":
                one("owner", o)
    for d in t.get("done", []):
        one("done", d)
    return out


def main(args):
    paths = args or sorted(
        os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".truth.json")
    )
    bad = 0
    for p in paths:
        for level, msg in check(p):
            print("%s %s: %s" % (level, os.path.basename(p), msg))
            bad += level == "FAIL"
    print("%d truth files, %d failures" % (len(paths), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
