#!/usr/bin/env python3
"""Write N MeetBot-style raw meeting logs of L lines each into DIR, for timing `gavel import`.

usage: gen_import_logs.py N DIR [LINES]   (LINES defaults to 150)

Every log is a whole meeting (#startmeeting ... #endmeeting) with its own content, so no two import keys collide.
Logs are spread over 100 series (one channel each) meeting weekly, as most of Fedora's do, named as MeetBot names
them (team07.2020-01-06-15.00.log.txt): 2,000 logs are 20 weeks, 10,000 logs two years. Each has 2-4 topics, #info/#agreed/#link lines and 3 #action lines with an
owner and sometimes a deadline. Texts draw on a vocabulary of 3,000 words with a Zipf-like skew (a few common
words, many rare ones, as in real minutes); one action in five repeats an action of the series' previous meeting
(same owner, same or slightly changed text), so the tracker links repeats as well as creating items, and the
open items grow with the archive as in a real MeetBot archive (nothing closes them). The same seed gives the same
files: the N=2,000 set is the first 2,000 files of the N=10,000 set.
"""
import datetime, os, random, sys

n = int(sys.argv[1])
out = sys.argv[2]
lines = int(sys.argv[3]) if len(sys.argv) > 3 else 150
os.makedirs(out, exist_ok=True)
rnd = random.Random(7)
series = 100
nicks = ["alice", "bob", "carol", "dave", "eve", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj",
         "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "zoe"]
common = ("the release branch build test flaky patch review merge docs infra mirror ci cd ticket owner deadline "
          "vote plan security update backport cherry-pick approve regression fix rollout canary metric alert pager "
          "on-call budget roadmap kernel package compose image signing key archive website wiki ballot").split()
syl = "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru " \
      "sa se si so su ta te ti to tu va ve vi vo vu".split()
wrnd = random.Random(11)
vocab = common + sorted({"".join(wrnd.choice(syl) for _ in range(wrnd.randint(2, 4))) for _ in range(3200)})[:3000]
verbs = "check update write review fix book send draft file ask test merge ping".split()
dues = ["", "", "by Friday", "by next Monday", "by end of month", "by 2026-12-01", ""]


def word():
    # Zipf-like: index i drawn with weight about 1/(i+1).
    return vocab[min(int(len(vocab) ** rnd.random()) - 1, len(vocab) - 1)]


def sent(k=None):
    return " ".join(word() for _ in range(k or rnd.randint(3, 14)))


last = {}  # series -> the actions of its previous meeting: (owner, text)


day0 = datetime.date(2020, 1, 6)
for i in range(n):
    s = i % series
    day = day0 + datetime.timedelta(days=7 * (i // series) + s % 5)
    hour = 8 + (s // 5) % 10
    minute = 30 * (s // 50)
    t = hour * 3600 + minute * 60

    def ts():
        global t
        t += rnd.choice([1, 2, 3, 5, 8])
        return "%02d:%02d:%02d" % ((t // 3600) % 24, (t // 60) % 60, t % 60)

    chair = nicks[s % len(nicks)]
    people = [chair] + rnd.sample([x for x in nicks if x != chair], 5)
    body = ["%s <%s> #startmeeting team%02d weekly meeting" % (ts(), chair, s),
            "%s <%s> #chair %s" % (ts(), chair, people[1]),
            "%s <%s> #topic roll call" % (ts(), chair)]
    actions = 3
    said = []
    prev = last.get(s, [])
    ntopics = rnd.randint(2, 4)
    while len(body) < lines - 1:
        left = lines - 1 - len(body)
        r = rnd.random()
        who = rnd.choice(people)
        if ntopics and r < 0.03:
            ntopics -= 1
            body.append("%s <%s> #topic %s" % (ts(), chair, sent(4)))
        elif actions and (r < 0.06 or left <= actions):
            actions -= 1
            if prev and rnd.random() < 0.2:
                owner, text = prev.pop(rnd.randrange(len(prev)))
                if rnd.random() < 0.5:
                    text += " " + word()
            else:
                owner, text = rnd.choice(people), "%s %s" % (rnd.choice(verbs), sent(rnd.randint(4, 7)))
            said.append((owner, text))
            body.append("%s <%s> #action %s to %s %s" % (ts(), chair, owner, text, rnd.choice(dues)))
        elif r < 0.10:
            body.append("%s <%s> #info %s" % (ts(), who, sent()))
        elif r < 0.12:
            body.append("%s <%s> #agreed %s" % (ts(), chair, sent()))
        elif r < 0.13:
            body.append("%s <%s> #link https://example.org/%s/%d" % (ts(), who, word(), rnd.randint(1, 99999)))
        elif r < 0.16:
            body.append("%s * %s %s" % (ts(), who, sent()))
        else:
            body.append("%s <%s> %s" % (ts(), who, sent()))
    body.append("%s <%s> #endmeeting" % (ts(), chair))
    last[s] = said
    name = "team%02d.%s-%02d.%02d.log.txt" % (s, day.isoformat(), hour, minute)
    with open(os.path.join(out, name), "w") as f:
        f.write("\n".join(body) + "\n")
