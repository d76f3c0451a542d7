package notes

import (
	"reflect"
	"testing"
)

// TestMinutesStatusLines checks the status lines of plain-text committee
// minutes and the actions they write twice: a status line under an "AI:"
// line ("Done, please vote" makes it a done item; "Not done, waiting on
// the demos", "In progress" leave it open), also as a paragraph of its
// own; a wrapped line that goes on with a sentence not ended, and a remark
// after it ("These should be separate votes.") kept as information; "Dana
// requests that people read ..." names nobody; an owner-less action and a
// done item reviewed under the outstanding actions and listed again under
// the new and carried-over ones, kept once, where they appear last.
func TestMinutesStatusLines(t *testing.T) {
	src := `Attendees:
    Ravi Kumar
    Dana Scott

** Review outstanding actions

AI: Dana to update the requirements document and start a vote after
two days unless there is a discussion ongoing.

Done, please vote

AI: Update the API proposal with the five problems.
Not done, waiting on the demos

AI: Dana requests that people read the comments on the PR.
In progress

AI: Ravi to revert the changes which broke the tests
Done

** Warnings

AI: A vote should be raised on whether to switch warnings
for unused parameters and for elided field initializers.
These should be separate votes. (#19626)

** New and carried over action items

AI: Update the API proposal with the five problems.

AI: Dana requests that people read the comments on the PR.

AI: Ravi to revert the changes which broke the tests
Done
`
	n, got := actionsOf(t, src)
	want := []found{
		{"Dana to update the requirements document and start a vote after two days unless there is a discussion ongoing.", "", true},
		{"A vote should be raised on whether to switch warnings for unused parameters and for elided field initializers.", "", false},
		{"Update the API proposal with the five problems.", "", false},
		{"Dana requests that people read the comments on the PR.", "", false},
		{"Ravi to revert the changes which broke the tests", "", true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("actions:\n got %+v\nwant %+v", got, want)
	}
	remark := false
	for _, tp := range n.Topics {
		for _, it := range tp.Items {
			if it.Kind == KindInfo && it.Text == "These should be separate votes. (#19626)" {
				remark = true
			}
		}
	}
	if !remark {
		t.Error("the remark under the vote's AI line is not kept as information")
	}
}

// TestActionLineAfterProse checks board minutes that write the discussion,
// then its action on a line of its own in the same paragraph, or on the
// same line after a sentence's end, two blanks or a dash: the action is an
// action, the prose before it information; a short action line is not
// joined with the long line after it (it was not wrapped), while a line
// wrapped at the paragraph's width still goes on with the next; a label
// right after a word ("the Action: item", "Costs Action: Still to get
// this sorted") is none.
func TestActionLineAfterProse(t *testing.T) {
	src := `# Board Meeting Minutes

## Minutes

Membership
Board agreed to the deletion of old members' data over a year old.
Action: Milo to check the registration requirements
Board voted unanimously to raise the minimum charge to twelve pounds and, as part of this, waive the cost of the first fob.

Board approved the purchase of more white paint for the space
Action: Gwen to sort

Action: Rhys to arrange session
A fire review was carried out by Rhys with two members before the members meeting and a list of equipment was put together

#17973 - Should we backport the size change to 3.0?
AI: Priya to call a vote on the size change backport.

Discussed the update of the proposal with the approach to solving the problems
AI: Update the API proposal with the approach to solving the 5 problems
(1) timer based events (2) socket creation (3) blocking (4) no visible event
capability for existing apps (5) configure protocol via a string.

The budget was discussed at length and the Action: item of last month is
still open.

Nina pointed out that this link should be sent to the mailing
list.  AI: Mara to send that email.

**Bank Mandate** - Progress - not yet completed due to other events and deadlines  ***Action: Greg to go speak to the bank***

**Accountant** - Costs Action: Still to get this sorted. Talked about prepaid cards - ***Action: Ellen to draft an email to the landlord.***
`
	n, got := actionsOf(t, src)
	want := []found{
		{"Milo to check the registration requirements", "Milo", false},
		{"Gwen to sort", "Gwen", false},
		{"Rhys to arrange session", "Rhys", false},
		{"Priya to call a vote on the size change backport.", "Priya", false},
		{"Update the API proposal with the approach to solving the 5 problems (1) timer based events (2) socket creation (3) blocking (4) no visible event capability for existing apps (5) configure protocol via a string.", "", false},
		{"Mara to send that email.", "Mara", false},
		{"Greg to go speak to the bank", "Greg", false},
		{"Ellen to draft an email to the landlord.", "Ellen", false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("actions:\n got %+v\nwant %+v", got, want)
	}
	infos := map[string]bool{}
	for _, tp := range n.Topics {
		for _, it := range tp.Items {
			if it.Kind == KindInfo {
				infos[it.Text] = true
			}
		}
	}
	for _, s := range []string{"Membership Board agreed to the deletion of old members' data over a year old.",
		"Board approved the purchase of more white paint for the space",
		"A fire review was carried out by Rhys with two members before the members meeting and a list of equipment was put together",
		"Nina pointed out that this link should be sent to the mailing list.",
		"Bank Mandate - Progress - not yet completed due to other events and deadlines",
		"Accountant - Costs Action: Still to get this sorted. Talked about prepaid cards"} {
		if !infos[s] {
			t.Errorf("%q is not kept as information (%v)", s, infos)
		}
	}
}

// TestNamedActionLines checks scribed minutes' "Action NAME: task" (the
// owners between the label and the colon), also on lines that Markdown
// reads as the lazy continuation of a bullet ("- HTTP 1.1" with the lines
// under it at the margin): each such line is an action under the bullet.
func TestNamedActionLines(t *testing.T) {
	src := `Minutes for the working group

- HTTP 1.1
Review of documents and tickets. No responses on tickets; to be closed.
Action Mark: Will have a cross-document last call. Ending late April.
Action Mark/Philippe: Go talk to W3C re: specific items
for them.
Action Items: none
- HTTP 2.0
AI-generated drafts are not accepted.
`
	n, got := actionsOf(t, src)
	want := []found{
		{"Will have a cross-document last call. Ending late April.", "Mark", false},
		{"Go talk to W3C re: specific items for them.", "Mark|Philippe", false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("actions:\n got %+v\nwant %+v", got, want)
	}
	if len(n.Topics) != 2 || n.Topics[0].Title != "HTTP 1.1 Review of documents and tickets. No responses on tickets; to be closed." ||
		n.Topics[1].Title != "HTTP 2.0 AI-generated drafts are not accepted." {
		var titles []string
		for _, tp := range n.Topics {
			titles = append(titles, tp.Title)
		}
		t.Errorf("topics %q", titles)
	}
}

// TestScribedTurns checks a paragraph of scribed minutes, a turn a line:
// what a speaker undertakes is theirs ("Mark: I already have the action
// item, will start that discussion"), a request is the speaker's before
// ("Roberto: Please try making mods ..." after Jana asked), a line
// without a speaker goes on with the turn above, and the other turns
// (opinions, questions) are no actions.
func TestScribedTurns(t *testing.T) {
	src := `Minutes for the working group

- HTTP 2.0

Header compression
   Mark: How many folks have looked at these specs? (3-4 hands)
   Mark: Because of CRIME concerns, delta is looking better in the room, but we need more
   discussion.
   Jana: I'd like to see numbers if we did compression per stream.
   Roberto: Please try making mods to code and let us know.
   Hervé: I will try to update the proposal to avoid the CRIME attack.

100-continue proposal: just send a HEADERS frame
   Mark: I already have the action item, will start that discussion
`
	_, got := actionsOf(t, src)
	want := []found{
		{"Please try making mods to code and let us know.", "Jana", false},
		{"I will try to update the proposal to avoid the CRIME attack.", "Hervé", false},
		{"I already have the action item, will start that discussion", "Mark", false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("actions:\n got %+v\nwant %+v", got, want)
	}
}

// TestAttendanceSentences checks board minutes' attendance labels written
// as the start of a sentence ("Board members in attendance were:", "Also
// in attendance were:") and the guests of a meeting ("## Guests", "Guests:
// a, b"), who were there too; and the attendance of wiki minutes that
// pandoc converted from MediaWiki, a definition a line (":   Members
// present: ...").
func TestAttendanceSentences(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"in attendance were", "# Board meeting\n\nBoard members in attendance were:\n\n- Anna Mak\n- Will Vincent\n\nAlso in attendance were:\n\n- Cat Holmes (Assistant to Treasurer)\n\n## Finances\n\n- Balance is fine\n",
			[]string{"Anna Mak", "Will Vincent", "Cat Holmes"}},
		{"guests heading", "# TSC\n\n## TSC Attendees\n\n- Richard Bair\n\n## Guests\n\n- Amanda Clark\n- DJ\n\n## Agenda\n\n- Minutes\n",
			[]string{"Richard Bair", "Amanda Clark", "DJ"}},
		{"guests line", "# TSC\n\nPresent: Ann Lee, Bo Chen\nGuests: Cy Diaz\n\n## Agenda\n\n- Minutes\n",
			[]string{"Ann Lee", "Bo Chen", "Cy Diaz"}},
		// Wiki minutes converted by pandoc from MediaWiki: each indented
		// line a definition, ":   " and its text.
		{"pandoc definitions", "## Time and Location\n\n:   Date: January 8 2019\n:   Called to order at 7:37 pm by Karen\n:   Members present: Kevin, Dorotea, Karen\n:   Others present: Foxlet\n\n## Old Business\n\n-   Vote to proceed\n",
			[]string{"Kevin", "Dorotea", "Karen", "Foxlet"}},
	} {
		n, _ := actionsOf(t, tc.src)
		if !reflect.DeepEqual(n.Attendees, tc.want) {
			t.Errorf("%s: attendees %q, want %q", tc.name, n.Attendees, tc.want)
		}
	}
}

// TestProseLaterClauses checks plain-text board minutes whose bullets are
// their topics (no headings): a bullet that is a sentence assigning someone
// is an action of its own, and the later clauses of a sentence opening with
// a person that say what someone undertakes: who after a comma ("Concerned
// about it, Tanya and Anton will reach out"), "will" with the subject left
// out after "and" or a colon, "he'll" after "but", "will have" (a task). A
// role ("will represent the foundation"), a report ("is travelling ... and
// will present"), a speaker's report ("George: the libraries ... will get
// audited"), an adverb ("and will now look") and "he will" without a comma
// or "but" ("Sean mentioned that he will ...") are not. "will be VERBing"
// is a task ("Jim will be sending email"), except where someone will be or
// what they hold ("will be heading the team", "will be giving a talk").
func TestProseLaterClauses(t *testing.T) {
	src := `LLVM Foundation Board Meeting Minutes

Attendees:
- Present: Chandler Carruth, Tanya Lattner, Anton Korobeynikov, Julien Richard, Sean Larkin, George Kadianakis

Developer meeting
- Chandler is going to have some discussions with people about the committee.
- Concerned about it being abusive, Tanya and Anton will reach out to the Travis people.
- Heather Meeker will represent the foundation for the relicensing effort.
`
	_, got := actionsOf(t, src)
	sameActions(t, got, []found{
		// The attendance row "- Present: ..." lists Chandler Carruth: the
		// first name is that attendee.
		{"Chandler is going to have some discussions with people about the committee.", "Chandler Carruth", false},
		{"Concerned about it being abusive, Tanya and Anton will reach out to the Travis people.", "Tanya|Anton", false},
	})
	src = `# Board meeting

Attendees: Julien Richard, Sean Larkin, George Kadianakis, Kimball Thurston

## Reports

- Chico is travelling to the hackathon and will present about PAWS.
- Dan still has some concerns about usability and will communicate them to Christoph.
- Kimball has been working on the project: will pick up work after the holiday break.
- Julien wasn't sure off the top of his head, but he'll follow up after the meeting.
- George: the libraries are all ready and will get audited.
- Larry will have another project to propose by next TAC meeting.
- Sean has two people offering to help and will now look into this further.
- Juho sorted the list. Sean mentioned that he will go through this list.
- Jim will be sending email to all those with commit access.
- Shravan will be heading the team.
- Sarah Boyce will be giving a talk on code reviews.
`
	_, got = actionsOf(t, src)
	sameActions(t, got, []found{
		{"Dan still has some concerns about usability and will communicate them to Christoph.", "Dan", false},
		{"Kimball has been working on the project: will pick up work after the holiday break.", "Kimball Thurston", false},
		{"Julien wasn't sure off the top of his head, but he'll follow up after the meeting.", "Julien Richard", false},
		{"Larry will have another project to propose by next TAC meeting.", "Larry", false},
		{"Jim will be sending email to all those with commit access.", "Jim", false},
	})
	// In a prose paragraph (with no "to" or "will" in it), "but he'll" and
	// "said yes, we'll"; who said it, not who opens the sentence.
	src = `# Advisory board

## Attendees

* Darja Jovanovic, EPFL
* Julien Richard-Foy, EPFL

## Report

A board member asked about scanning on GitHub. There was some feedback
suggesting improvements; has that been acted upon? Julien wasn't sure off
the top of his head, but he'll follow up after the meeting.

Chris asked whether we might meet in person. Darja said yes, we'll do that
at Scala Days if at all possible.

Julien presented the goals. Julien shared that the group could meet in
February; Darja said she would discuss via email with the group to gauge interest.
`
	_, got = actionsOf(t, src)
	sameActions(t, got, []found{
		{"Julien wasn't sure off the top of his head, but he'll follow up after the meeting.", "Julien Richard-Foy", false},
		{"Darja said yes, we'll do that at Scala Days if at all possible.", "Darja Jovanovic", false},
		{"Julien shared that the group could meet in February; Darja said she would discuss via email with the group to gauge interest.", "Darja Jovanovic", false},
	})
}

// TestSubjectBeforeTo checks the words before "to VERB" that are a
// subject's verb, not a name ("Fundraising Want to set up a page"), and
// "needs to" / "plans to" of one the meeting does not know, which names no
// one ("Firefox needs to support it", "Mozilla plans to ship it": the word
// list's capitalised words are brands and places as well as given names),
// while a person it knows does ("Dave needs to chat with Mike").
func TestSubjectBeforeTo(t *testing.T) {
	src := "# Members meeting\n\nPresent: Dave, Karen\n\n## President's report\n\n" +
		"- Fundraising Want to set up a gofundme page to share on facebook\n" +
		"- Dave needs to chat with Mike Ritonia - get a static ip address\n" +
		"- Firefox needs to support it before the release\n" +
		"- Mozilla plans to ship it in the fall\n"
	_, got := actionsOf(t, src)
	sameActions(t, got, []found{{"Dave needs to chat with Mike Ritonia - get a static ip address", "Dave", false}})
}

// TestScribedWithoutTopics checks scribed minutes with no heading and no
// bullet, a turn a paragraph: what speakers undertake is read before any
// topic too (in an untitled topic), and a sentence with several "I'll" is
// one task each.
func TestScribedWithoutTopics(t *testing.T) {
	src := "attending: ajeffrey, jdm, paul\n\n" +
		"ajeffrey: most things are ground to a halt right now. Can make progress on CI though.\n\n" +
		"paul: I'll send the email, I'll talk to Simon about DNS, and I'll check the blog. Also, the site is odd.\n\n" +
		"jdm: I'll review the CI changes.\n"
	n, got := actionsOf(t, src)
	sameActions(t, got, []found{
		{"I'll send the email", "paul", false},
		{"I'll talk to Simon about DNS", "paul", false},
		{"I'll check the blog.", "paul", false},
		{"I'll review the CI changes.", "jdm", false},
	})
	if len(n.Topics) != 1 || n.Topics[0].Title != "" {
		t.Errorf("topics %+v, want one untitled topic", n.Topics)
	}
}

// TestColonClause checks an item whose clause after a colon assigns to a
// person the meeting knows: the task is that sentence, and the rest stays
// as information; a label of an earlier meeting's item ("Last week's AI:")
// and a name the meeting does not know are not read so.
func TestColonClause(t *testing.T) {
	src := "# Plenum\n\nPresent: Luther, Valentine\n\n## Code of Conduct\n\n" +
		"- (Valentine) Discussion on the Code of Conduct: Valentine to draft a suitable code for review at next plenum. Suggested form includes:\n" +
		"  - A list of things we want people to enjoy.\n" +
		"- Carousel: Bob to sell the rest, if anyone wants.\n" +
		"- Last week's AI: Luther to update PR & send to legal for review\n"
	n, got := actionsOf(t, src)
	sameActions(t, got, []found{{"Valentine to draft a suitable code for review at next plenum.", "Valentine", false}})
	var info []string
	for _, it := range n.Topics[0].Items {
		if it.Kind == KindInfo {
			info = append(info, it.Text)
		}
	}
	if len(info) == 0 || info[0] != "(Valentine) Discussion on the Code of Conduct: Suggested form includes:" {
		t.Errorf("information %q", info)
	}
}

// TestIssueReferences checks items about an issue: a reference opening the
// item ("#9092 -- ") is not read as who, and what an issue needs a person
// the meeting knows to do is theirs ("#8495 needs Pradyun to make an
// update"); a name it does not know is not ("needs Fedora to ship it").
func TestIssueReferences(t *testing.T) {
	src := "# Triage\n\nPresent: Pradyun, Sumana\n\n## Issues\n\n" +
		"- now, #8495 needs Pradyun to make an update\n" +
		"- #9092 -- Pradyun needs to look at this further to check whether it is a blocker\n" +
		"- #9101 needs Fedora to ship the fix\n" +
		"- #9102 \\-- Sumana needs to triage it\n"
	_, got := actionsOf(t, src)
	sameActions(t, got, []found{
		{"now, #8495 needs Pradyun to make an update", "Pradyun", false},
		{"#9092 -- Pradyun needs to look at this further to check whether it is a blocker", "Pradyun", false},
		{`#9102 \-- Sumana needs to triage it`, "Sumana", false},
	})
}

// TestBracketAside checks who is named in square brackets ending an item,
// as plain-text minutes write it ("... [ Anoop to review the schema. ]"),
// like an aside in parentheses; in the middle of the text such brackets
// are not read so.
func TestBracketAside(t *testing.T) {
	src := "# FAPI call\n\nPresent: Anoop, Nat\n\n## Investment schema\n\n" +
		"- NRI proposal needs to be reviewed [ Anoop to review and compare the schemas. ]\n" +
		"- Follow up on the engagement model for non-members. [Nat to Follow up]\n" +
		"- The [Nat to decide] list is long and stays as it is\n"
	_, got := actionsOf(t, src)
	sameActions(t, got, []found{
		{"NRI proposal needs to be reviewed [ Anoop to review and compare the schemas. ]", "Anoop", false},
		{"Follow up on the engagement model for non-members. [Nat to Follow up]", "Nat", false},
	})
}
