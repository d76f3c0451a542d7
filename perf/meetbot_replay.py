#!/usr/bin/python3
"""Replay a raw IRC log through a Python 3 MeetBot engine, as MeetBot's own `meeting.py replay` does.

usage: meetbot_replay.py MEETBOT_DIR LOG OUTBASE [--dump]

MEETBOT_DIR is the folder holding MeetBot's meeting.py, items.py and writers.py: Fedora's Python 3 port
(github fedora-infra/supybot-meetbot, folder supybot_meetbot/) or OpenDev's (opendev/meetbot, folder ircmeeting/).
They are not copied into gavel's repository; see perf/README.md for how to get them.

The log is read with MeetBot's own replay function (`process_meeting`: its line patterns `logline_re` and
`loglineAction_re`, each line through `Meeting.addline`); MeetBot's `__main__` replay does the same but still calls
Python 2's `file()`. The minutes MeetBot writes at `#endmeeting` go to OUTBASE + .html, .txt, .log.html.

With --dump, nothing is written; instead one JSON object is printed: what MeetBot understood of the log (its raw
log lines, the owner, chairs, attendees with their line counts, and the minutes items with their kind, nick, time
and text), for comparisons with what gavel recorded.
"""
import builtins
import importlib
import json
import os
import sys
import types


def load(meetbot_dir):
    """Import MeetBot's meeting module from meetbot_dir without running the package's supybot plugin code."""
    pkg = types.ModuleType("meetbot_under_test")
    pkg.__path__ = [os.path.abspath(meetbot_dir)]
    sys.modules[pkg.__name__] = pkg
    # Fedora's port imports fedora_messaging at the top of meeting.py and uses it only when
    # Config.send_fedora_messaging is set (off by default): an empty stand-in is enough.
    fm = types.ModuleType("fedora_messaging")
    fm.api = types.ModuleType("fedora_messaging.api")
    fm.api.publish = fm.api.Message = None
    fm.exceptions = types.ModuleType("fedora_messaging.exceptions")
    fm.exceptions.PublishReturned = fm.exceptions.ConnectionException = Exception
    for m in (fm, fm.api, fm.exceptions):
        sys.modules.setdefault(m.__name__, m)
    # The ports still call Python 2's file() to read the CSS they embed in the HTML minutes.
    if not hasattr(builtins, "file"):
        builtins.file = open
    return importlib.import_module(pkg.__name__ + ".meeting")


def main(argv):
    if len(argv) < 4:
        sys.exit("usage: meetbot_replay.py MEETBOT_DIR LOG OUTBASE [--dump]")
    meeting = load(argv[1])
    with open(argv[2], encoding="utf-8", errors="replace") as f:
        contents = f.read()
    dump = "--dump" in argv[4:]
    # MeetBot's replay takes the channel from the file name.
    channel = "#" + os.path.basename(argv[2]).split(".")[0]
    out = sys.stdout
    if dump:
        # MeetBot prints its replies (REPLY:/TOPIC:) on stdout; keep them out of the JSON.
        sys.stdout = open(os.devnull, "w")
    m = meeting.process_meeting(contents, channel, argv[3], dontSave=dump)
    if not dump:
        return
    items = []
    for it in m.minutes:
        items.append({
            "kind": type(it).__name__,
            "nick": getattr(it, "nick", ""),
            "time": getattr(it, "time", ""),
            "line": getattr(it, "line", ""),
        })
    json.dump({
        "lines": m.lines,
        "owner": m.owner,
        "chairs": sorted(m.chairs),
        "attendees": m.attendees,
        "meetingname": getattr(m, "_meetingname", ""),
        "ended": bool(getattr(m, "_meetingIsOver", False)),
        "items": items,
    }, out, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv)
