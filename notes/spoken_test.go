package notes

import (
	"reflect"
	"testing"
)

// TestSpokenForms checks the owner forms of minutes written as speech or
// prose, outside action sections (issue 9): what a speaker undertakes, a
// request to the speaker before, "Name will VERB", assigning sentences of
// a paragraph, a decision's clause and list, a co-owner who helps, and an
// action written twice.
func TestSpokenForms(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []found
	}{
		{"scribed minutes: undertakings and a request",
			"# Call\n\n## Attendees\n\n1. Rob Wu (Mozilla)\n2. Sam Macbeth\n3. Oliver Dunk\n\n## Notes\n\n" +
				" * [oliver] I don't know, need to follow up on it. Simeon, do you know?\n" +
				" * [rob] I'll do that. Patches are welcome.\n" +
				" * [sam] How do browsers feel about origins?\n" +
				" * [rob] Please compare origins and hostnames. I expect origins to win.\n" +
				" * [oliver] I'll be out next week.\n" +
				" * [rob] Will you add the label?\n" +
				" * [brian] Mobilization plan: thoughts\n",
			[]found{{"I don't know, need to follow up on it.", "Oliver Dunk", false}, {"I'll do that.", "Rob Wu", false},
				{"Please compare origins and hostnames.", "Sam Macbeth", false}}},
		{"a speaker before a colon: undertaking, offer, remark",
			"# Call\n\n- Topic\n  - Jory: The concept leaked to the front - will work with others to clarify.\n" +
				"  - Josh: I'm happy to draft something, but might take some time\n" +
				"  - Mara: Need to make sure we don't become sloppy.\n",
			[]found{{"The concept leaked to the front - will work with others to clarify.", "Jory", false}}},
		{"speakers written as nicks, plans",
			"# Call\n\n## Attendees\n\n- Rob Wu\n- Eric Holk\n\n## Notes\n\n- Labels\n  - rob: I'll update the labels.\n  - Eric Holk: My plan is to draft it today.\n" +
				"  - note: I'll skip this.\n  - rob: Sounds fine.\n",
			[]found{{"I'll update the labels.", "Rob Wu", false}, {"My plan is to draft it today.", "Eric Holk", false}}},
		{"Name will VERB outside action sections",
			"# Call\n\n- Release\n  - Bethany will send out email asking for objections.\n  - Shravan will be heading the team\n" +
				"  - Website will be a new repo\n",
			[]found{{"Bethany will send out email asking for objections.", "Bethany", false}}},
		{"assigning sentences of a paragraph",
			"# Call\n\n## Unconf\n\nAntonio is a fan of this.\n\n**Decision:** Antonio to lead investigation into this. Kat to share details from PHPSW.\n\n" +
				"**Decision:** get some t-shirts. Antonio to choose something loud :)\n",
			[]found{{"Antonio to lead investigation into this.", "Antonio", false}, {"Kat to share details from PHPSW.", "Kat", false},
				{"get some t-shirts. Antonio to choose something loud :)", "Antonio", false}}},
		{"a decision's clause, a decision list, a helper",
			"# Call\n\n## Venues\n\n- **Conclusion**: Meet every two weeks, Mark to send out invites.\n\n**Decision**:\n\n" +
				"* Publish a calendar of open spots for speakers - Antonio\n* Spring clean the drive - all\n" +
				"* Google - Paul to follow up with the contact; Kat to help follow up as required\n\n## Agenda\n\n* Budget update - Kay\n",
			[]found{{"Conclusion: Meet every two weeks, Mark to send out invites.", "Mark", false},
				{"Publish a calendar of open spots for speakers - Antonio", "Antonio", false}, {"Spring clean the drive - all", Group, false},
				{"Google - Paul to follow up with the contact; Kat to help follow up as required", "Paul|Kat", false}}},
		{"outline forms: all:, a later sentence, the passive",
			"Planning\n\nRahul, Ann and me were present.\n\n  • All: blog about what you do.\n  • Canteen\n    • Already open on Fri. Ann will confirm Sunday\n" +
				"    • Done deal. Hope to have it ready soon.\n    • Pictures to be uploaded by Rahul\n",
			[]found{{"blog about what you do.", Group, false}, {"Already open on Fri. Ann will confirm Sunday", "Ann", false},
				{"Pictures to be uploaded by Rahul", "Rahul", false}}},
		{"initials of the attendance list ending an item",
			"# Call\n\n## Action items\n\n- [ ] Ask for consensus on the RFC JJ\n\n## Attendees\n\n- [x] JJ: Jessica Jordan\n- [x] CM: Chris Manson\n- [x] JW: Jen Weber\n\n" +
				"## Notes\n\n- Reach out to Siva about the api docs CM\n- CM instead of fixing it add to the test. CM JW.\n- EF following up with CG and JW\n" +
				"- Website update (CM)\n- Talk to XY about it later ZZ\n",
			[]found{{"Ask for consensus on the RFC JJ", "JJ", false}, {"Reach out to Siva about the api docs CM", "CM", false},
				{"CM instead of fixing it add to the test. CM JW.", "CM|JW", false}}},
		{"who owns it, in a later sentence; what someone goes on doing",
			"# Call\n\n- Channels\n    - Mara: Let's start with shared history.\n    - Ryan: Sticking with new channels. Mara owns the action item.\n" +
				"    - Ryan: New repo. Bob owns the action item.\n- Updates\n    - @ann will be continuing her work on the proxy\n    - @bo will be pinging the team about it\n",
			[]found{{"Ryan: Sticking with new channels. Mara owns the action item.", "Mara", false},
				{"@bo will be pinging the team about it", "bo", false}}},
		{"initials will VERB, folks will VERB, the next step",
			"# Call\n\n## Attendees\n\n- JW: Jen Weber\n\n## Notes\n\n- RFCs\n  - For each issue, assess the work. JW will take first pass.\n" +
				"  - Folks will meet up after the board meeting\n  - Discussed it, next step is to draft the questions.\n  - The next step was hard.\n",
			[]found{{"For each issue, assess the work. JW will take first pass.", "JW", false},
				{"Folks will meet up after the board meeting", Group, false}, {"Discussed it, next step is to draft the questions.", "", false}}},
		{"a name after a dash, then the deadline",
			"# Call\n\n## Action items\n\n- [ ] Banner for the guides - JW deadline for next week!\n- [ ] Survey results - Kay due Friday\n",
			[]found{{"Banner for the guides - JW deadline for next week!", "JW", false}, {"Survey results - Kay due Friday", "Kay", false}}},
		{"an action written twice is one, the last",
			"# Call\n\n## Repos\n\n- Ryan will own the team repo merge.\n\n## Action items\n\n- Ryan will own the team repo merge.\n",
			[]found{{"Ryan will own the team repo merge.", "Ryan", false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, got := actionsOf(t, tc.src)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestJoinedAttendees: "X joined us" names a person present, beside the
// others of the same line.
func TestJoinedAttendees(t *testing.T) {
	for src, want := range map[string][]string{
		"Notes\n\nThis time, Suchakra joined us at the office.  The others present were Rahul, PJP and me.\n\n- Topic\n":      {"Suchakra", "Rahul", "PJP"},
		"Notes\n\nAnn and Bo joined the call late.\n\n- Topic\n":                                                              {"Ann", "Bo"},
		"Notes\n\nWe joined the call late.\n\n- Topic\n":                                                                      nil,
		"Notes\n\n## Attendees\n\n- Sync\n  - @ann\n- Async\n\n## Topic\n\n- x\n":                                             {"@ann"},
		"Notes\n\n## Present\n\n* Ann Lee (@al)\n\n* OpenJS Foundation Project Maintainers\n* McKay Lee\n\n## Topic\n\n- x\n": {"Ann Lee", "McKay Lee"},
	} {
		n, _ := actionsOf(t, src)
		if !reflect.DeepEqual(n.Attendees, want) {
			t.Errorf("%q: attendees %q, want %q", src, n.Attendees, want)
		}
	}
}
