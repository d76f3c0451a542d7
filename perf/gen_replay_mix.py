#!/usr/bin/env python3
"""Write a MeetBot-style raw log of many meetings that exercises what gavel replay must render the same way before and
after a speed change (perf/replay-same.sh): meetings renamed by #meetingname (twice, or to a name another meeting
has), logs restricted by #restrictlogs, the old bot's replies after #endmeeting, chatter between meetings, votes,
#undo, #done, agenda commands, deadlines, chairs added and removed, IRC colours and bold, bidirectional overrides,
HTML's special characters, URLs in and around parentheses, long lines, CR and NUL inside a line, invalid UTF-8, and
(with --day-changed) a date given only by an irssi "--- Day changed" line in the middle.

usage: gen_replay_mix.py MEETINGS SEED [--day-changed] > LOG   (deterministic for a seed)
"""
import random
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    meetings, seed = int(sys.argv[1]), int(sys.argv[2])
    day_changed = "--day-changed" in sys.argv[3:]
    rnd = random.Random(seed)
    nicks = ["alice", "bob", "carol", "dave", "Eve", "frank_", "gina|away", "hugo[m]", "ivan", "judy-2"]
    words = ["release", "canary", "backport", "infra", "docs", "flaky", "ticket", "rollout", "mirror", "review"]
    odd = [
        "\x02bold\x02 and \x0304,01red\x03 text", "bidi \u202eevil\u202c text", "<b>not html</b> & \"quotes\" 'too'",
        "see (https://example.org/a_(b)) and https://example.com/x?y=1&z=<2>", "tab\there", "cr\rinside",
        "nul\x00inside", "caf\u00e9 \u65e5\u672c\u8a9e \U0001F600", "x" * 3000, "http://bare.example.net/path",
        "javascript:alert(1)", "#notacommand here", "   #info  spaced command",
    ]
    out = sys.stdout.buffer
    h, m, s = 8, 0, 0

    def clock():
        nonlocal h, m, s
        s += rnd.randint(0, 40)
        m += s // 60
        s %= 60
        h += m // 60
        m %= 60
        h %= 24
        return f"{h:02d}:{m:02d}:{s:02d}"

    def say(nick, text):
        out.write(f"{clock()} <{nick}> {text}\n".encode("utf-8", "surrogateescape"))

    def text():
        t = " ".join(rnd.choice(words) for _ in range(rnd.randint(2, 9)))
        if rnd.random() < 0.15:
            t += " " + rnd.choice(odd)
        return t

    for k in range(meetings):
        chair = rnd.choice(nicks[:4])
        for _ in range(rnd.randint(0, 6)):
            say(rnd.choice(nicks), text())
        if day_changed and k == meetings // 2:
            out.write(b"--- Day changed Mon Jul 27 2026\n")
        say(chair, f"#startmeeting {rnd.choice(['Weekly', 'Infra', 'Docs &amp; more', 'F<2>F', ''])} sync {k}")
        say("zodbot", f"Meeting started. The chair is {chair}.")
        if rnd.random() < 0.5:
            say(chair, f"#meetingname {rnd.choice(['infra', 'Docs Team', 'weekly', 'x/../y', 'same'])}")
        if rnd.random() < 0.2:
            say(chair, f"#meetingname {rnd.choice(['second-name', 'same'])}")
        say(chair, "#chair " + " ".join(rnd.sample(nicks, 2)))
        if rnd.random() < 0.25:
            say(chair, "#restrictlogs")
        for _ in range(rnd.randint(20, 160)):
            r = rnd.random()
            who = rnd.choice(nicks)
            if r < 0.05:
                say(chair, f"#topic {text()}")
            elif r < 0.10:
                say(who, f"#info {text()}")
            elif r < 0.14:
                owner = rnd.choice(nicks)
                due = rnd.choice(["", " by friday", " due 2026-08-03", " before next week", " deadline: tomorrow"])
                say(who, f"#action {owner} to {text()}{due}")
            elif r < 0.16:
                say(chair, f"#agreed {text()}")
            elif r < 0.18:
                say(who, f"#link https://example.org/{rnd.choice(words)}/{rnd.randint(1, 999)} {text()}")
            elif r < 0.19:
                say(who, f"#idea {text()}")
            elif r < 0.20:
                say(chair, "#undo")
            elif r < 0.21:
                say(chair, f"#startvote ship {rnd.choice(words)}? yes, no")
                for v in rnd.sample(nicks, 3):
                    say(v, f"#vote {rnd.choice(['yes', 'no', 'maybe'])}")
                say(chair, "#endvote")
            elif r < 0.22:
                say(chair, "#done a1")
            elif r < 0.23:
                say(chair, f"#agenda add {text()} (5m)")
            elif r < 0.24:
                say(chair, f"#unchair {rnd.choice(nicks)}")
            elif r < 0.25:
                say("zodbot", f"ACTION: {text()}")
            elif r < 0.26:
                out.write(f"{clock()} * {who} {text()}\n".encode())
            elif r < 0.27:
                out.write(f"{clock()} -!- {who} [~{who}@host] has joined #load\n".encode())
            elif r < 0.275:
                out.write(b"09:99:99 <broken> a line with an impossible time\n")
            elif r < 0.28:
                out.write(f"{clock()} <{who}> invalid utf-8 \xff\xfe here\n".encode("latin-1", "replace"))
            else:
                say(who, text())
        say(chair, "#endmeeting")
        say("zodbot", "Meeting ended. Minutes: https://meetbot.example.org/x.html")
        if rnd.random() < 0.5:
            say("zodbot", "Log: https://meetbot.example.org/x.log.html")


if __name__ == "__main__":
    main()
