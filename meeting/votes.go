package meeting

import (
	"strconv"
	"strings"
)

// openVote returns the vote in progress, or nil.
func (c *Channel) openVote() *Vote {
	if n := len(c.m.Votes); n > 0 && c.m.Votes[n-1].Ended.IsZero() {
		return &c.m.Votes[n-1]
	}
	return nil
}

// cmdStartVote opens a vote: "Question? a, b, c", options Yes, No, Abstain
// when none are given (as OpenStack's meetbot).
func cmdStartVote(c *Channel, k *call) {
	if v := c.openVote(); v != nil {
		k.res.Replies = append(k.res.Replies, "A vote is already open: "+v.Question+" (#endvote closes it).")
		return
	}
	q, opts := k.arg, []string(nil)
	if i := strings.LastIndexByte(k.arg, '?'); i >= 0 {
		q = strings.TrimSpace(k.arg[:i+1])
		for _, o := range strings.Split(k.arg[i+1:], ",") {
			if o = strings.TrimSpace(o); o != "" && !containsFold(opts, o) {
				opts = append(opts, o)
			}
		}
	}
	if len(opts) == 0 {
		opts = []string{"Yes", "No", "Abstain"}
	}
	c.m.Votes = append(c.m.Votes, Vote{Question: q, Options: opts, Nick: k.ev.Nick, Started: k.ev.Time, Line: k.line})
	k.res.Changed = true
	k.res.Replies = append(k.res.Replies,
		"Begin voting on: "+q+" Valid vote options are "+strings.Join(opts, ", ")+".",
		"Vote using '#vote OPTION'. Only your last vote counts.")
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// cmdVote records a ballot; the option matches case-insensitively.
func cmdVote(c *Channel, k *call) {
	v := c.openVote()
	if v == nil {
		k.res.Replies = append(k.res.Replies, k.ev.Nick+": there is no vote open.")
		return
	}
	opt := ""
	for _, o := range v.Options {
		if strings.EqualFold(o, k.arg) {
			opt = o
			break
		}
	}
	if opt == "" {
		k.res.Replies = append(k.res.Replies, k.ev.Nick+": "+k.arg+" is not a valid option. Valid options are "+strings.Join(v.Options, ", ")+".")
		return
	}
	for i := range v.Ballots {
		if v.Ballots[i].Nick == k.ev.Nick {
			v.Ballots[i].Option = opt
			v.Ballots[i].At = k.ev.Time
			k.res.Changed = true
			return
		}
	}
	v.Ballots = append(v.Ballots, Ballot{Nick: k.ev.Nick, Option: opt, At: k.ev.Time})
	k.res.Changed = true
}

// tally formats a vote's results: "Yes (2): alice, bob; No (0)".
func tally(v *Vote) string {
	var parts []string
	for _, r := range v.Results() {
		p := r.Option + " (" + strconv.Itoa(len(r.Voters)) + ")"
		if len(r.Voters) > 0 {
			p += ": " + strings.Join(r.Voters, ", ")
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

func cmdShowVote(c *Channel, k *call) {
	v := c.openVote()
	if v == nil {
		k.res.Replies = append(k.res.Replies, "There is no vote open.")
		return
	}
	k.res.Replies = append(k.res.Replies, v.Question+" "+tally(v))
}

// cmdEndVote closes the vote, replies with the results and records them as
// an ItemVote item: "Question? Result: Yes (2): alice, bob; No (0)".
func cmdEndVote(c *Channel, k *call) {
	v := c.openVote()
	if v == nil {
		k.res.Replies = append(k.res.Replies, "There is no vote open.")
		return
	}
	v.Ended = k.ev.Time
	text := "Voted on \"" + v.Question + "\" Results are: " + tally(v)
	c.addItem(ItemVote, text, k.ev, k.line, k.res)
	k.res.Replies = append(k.res.Replies, text)
}
