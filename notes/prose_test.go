package notes

import (
	"reflect"
	"testing"
)

// TestScribedTurnsUnderTopic: plain-text minutes that write a topic's line
// and then the turns of who spoke under it, as IETF working groups' scribes
// do ("- TLS" / "   Mark: Discussing with EKR" / "   Adam: ..."), give the
// topic its own title and every speaker as one who was there (the notes
// have no attendance list); what a speaker undertakes is theirs. A line
// opening with a word, not a name ("Note:", "Answer:"), is no turn.
func TestScribedTurnsUnderTopic(t *testing.T) {
	src := "Minutes for HTTPbis\n\n" +
		"- TLS\n   Mark: Discussing with EKR\n   Adam Langley: Google will deprecate NPN if ALPN is adopted\n\n" +
		"- Header Compression\n   Mark: In Tokyo, interest was in delta compression\n   Roberto: Prefix matching was done in delta.\n" +
		"   Answer: Yes\n   Hervé Ruellan: I will try to update the proposal to avoid the CRIME attack.\n\n" +
		"- Framing\n   Note: the flags are a convention only.\n"
	n, got := actionsOf(t, src)
	var titles []string
	for _, tp := range n.Topics {
		titles = append(titles, tp.Title)
	}
	if want := []string{"TLS", "Header Compression", "Framing Note"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("topics %q, want %q", titles, want)
	}
	if want := []string{"Mark", "Adam Langley", "Roberto", "Hervé Ruellan"}; !reflect.DeepEqual(n.Attendees, want) {
		t.Errorf("attendees %q, want %q", n.Attendees, want)
	}
	if want := []found{{"I will try to update the proposal to avoid the CRIME attack.", "Hervé Ruellan", false}}; !reflect.DeepEqual(got, want) {
		t.Errorf("actions %+v, want %+v", got, want)
	}
}

// TestSubjectlessWill: minutes that leave out who will do something, as
// the one reporting or speaking writes it ("Will look at what Apache and
// Mozilla have done", "Philip: Will approve.", "[Leo] will follow up with
// Vicente"): a task of the speaker, of the person whose status list it is
// under, else of no one named. Not a state, a need, a wait, a question, a
// name ("Will Chan: ...", "Will discovered ..."), a note in lower case, nor
// the owner's status under an owned topic.
func TestSubjectlessWill(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []found
	}{
		{"board minutes' bullets",
			"Board Meeting Minutes\n\nLLVM Trademark\n - We need a trademark policy.\n - Will look at what Apache and Mozilla have done here.\n" +
				" - Will be used to store documents.\n - Will wait until the demos are migrated\n - Will need to pay for the account.\n" +
				" - Will they remain open on all days?\n - Will discovered that navigation is bad.\n - will implement, keep as accepted\n",
			[]found{{"Will look at what Apache and Mozilla have done here.", "", false}}},
		{"a later sentence of an item; a person's status list",
			"# Status\n\nParticipants\n\n- Pradyun\n- Georgia\n\n## Status\n\n- Status & Blockers\n  - Pradyun: planning to work some this week\n" +
				"    - no blockers yet. Will file a PR that he needs a review on\n  - Georgia\n" +
				"    - Talked with people who have run dev workshops. Will plan some followup conversations. Useful frame: use cases.\n" +
				"- Operators\n  - We don't believe these belong in core. Will investigate how common these operators are.\n",
			[]found{{"Will file a PR that he needs a review on", "Pradyun", false}, {"Will plan some followup conversations.", "Georgia", false},
				{"Will investigate how common these operators are.", "", false}}},
		{"speakers who leave out I",
			"# Sync\n\n## RFC 75\n\n- Philip: Will approve. Should we merge it?\n- Philip: Will ask Panos.\n- Jgraham: Will see.\n" +
				"- [Leo] will follow up with Vicente to get a braindump\n- [Lorenzo] - will do the metadata fix\n- [Kris] - lets get some data\n",
			[]found{{"Will approve.", "Philip", false}, {"Will ask Panos.", "Philip", false},
				{"will follow up with Vicente to get a braindump", "Leo", false}, {"will do the metadata fix", "Lorenzo", false}}},
		{"an owned topic's status; a body in mixed capitals",
			"Planning\n\n  • Catering: PJP\n    • Will follow up with them this week\n  • CoC\n    • CoC will lose independence\n    • Lex will draft the charter\n",
			[]found{{"Catering: Will follow up with them this week", "PJP", false}, {"Lex will draft the charter", "Lex", false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, got := actionsOf(t, tc.src)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestOldGitHubMarkdownAndOnDate: notes typed for GitHub's Markdown before
// it followed CommonMark ("###Present" over "*Rowan Alexander") have their
// headings and bullets; "On Tuesday Leon will ..." is Leon's task, due that
// day. "#topic" and "*Note* ..." stay as typed.
func TestOldGitHubMarkdownAndOnDate(t *testing.T) {
	src := "#Monday Group Project Meeting\n###Present\n\n*Rowan Alexander\n*Kamil Lewinsky\n*Leon Hassan\n\n" +
		"##Matters Arising\n\n1. The report is ready.\n2. On Tuesday Leon will gather the design bits into one document.\n\n" +
		"#topic Budget\n\n*Note* the room is booked.\n"
	n, got := actionsOf(t, src)
	if n.Title != "Monday Group Project Meeting" {
		t.Errorf("title %q", n.Title)
	}
	if want := []string{"Rowan Alexander", "Kamil Lewinsky", "Leon Hassan"}; !reflect.DeepEqual(n.Attendees, want) {
		t.Errorf("attendees %q, want %q", n.Attendees, want)
	}
	want := []found{{"On Tuesday Leon will gather the design bits into one document.", "Leon Hassan", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	var due, texts []string
	for _, tp := range n.Topics {
		for _, it := range tp.Items {
			texts = append(texts, it.Text)
			if it.Kind == KindAction && it.Due != "" {
				due = append(due, it.Due)
			}
		}
	}
	// The meeting (testDate) is on Tuesday 2026-05-12: "On Tuesday" is the
	// next one.
	if want := []string{"2026-05-19"}; !reflect.DeepEqual(due, want) {
		t.Errorf("due %q, want %q (the Tuesday after the meeting)", due, want)
	}
	if last := texts[len(texts)-1]; last != "Note the room is booked." && last != "*Note* the room is booked." {
		t.Errorf("last item %q: emphasis read as a bullet", last)
	}
}

// TestActionPointsAndPassive: British and board minutes' "Action point:"
// label, an action's label naming whose ("Action item for everyone -
// read the comment", "Action for Ann: book the room"), and the passive
// with an irregular participle ("will be done by Sarah and Konrad").
func TestActionPointsAndPassive(t *testing.T) {
	src := "# Executive Council\n\n## Officers\n\n* Mission statement\n    * Action point: Karen to provide info in advance of next meeting\n" +
		"    * Action item for everyone - read the comment by the Code of Conduct Committee\n    * Action for Ann: book the room\n" +
		"    * On-boarding of new members will be done by Sarah and Konrad\n    * The room will be done up by then\n"
	_, got := actionsOf(t, src)
	want := []found{{"Karen to provide info in advance of next meeting", "Karen", false},
		{"read the comment by the Code of Conduct Committee", Group, false}, {"book the room", "Ann", false},
		{"On-boarding of new members will be done by Sarah and Konrad", "Sarah|Konrad", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// TestWritersOwnSteps: minutes written by their chair or an officer in the
// first person, with no speakers, give the writer's undertakings as tasks
// of no one named ("I will add commentary ...", "I'll send out new github
// links ..."; the clause before ", but"); not "I'll be ...", not a
// question. "(all to be reviewed as part of priv 1.12)" is a passive, not
// the group's task.
func TestWritersOwnSteps(t *testing.T) {
	src := "= Virtual Memory TG minutes\n\n== SFENCE.VMA\n\nIt is legal for SFENCE.VMA to ignore rs1.  I will add commentary clarifying this as I refactor the spec.\n\n" +
		"This better decouples changes.  I'll send out new github links when 1 and 2 are ready.  I'll be out next week.  Will I see you?\n\n" +
		"== Treasurer's Report\n\nI will have to upload later, but this month was largely the same as the last.\n\n" +
		"* Sv57\n* (all to be reviewed as part of priv 1.12)\n"
	_, got := actionsOf(t, src)
	want := []found{{"I will add commentary clarifying this as I refactor the spec.", "", false},
		{"I'll send out new github links when 1 and 2 are ready.", "", false}, {"I will have to upload later", "", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// TestAnswerThenWho: an answer opening a sentence before who will do it
// ("How to identify wanted items? Stickers? Yes, Karen will purchase").
func TestAnswerThenWho(t *testing.T) {
	src := "Minutes\n\n:   Members present: Kevin, Karen\n\nOld Business\n\n-   Outgoing process\n" +
		"    -   How to identify wanted items? Stickers? Yes, Karen will purchase\n    -   OK, Dan will ask the landlord\n    -   Yes, it will rain\n"
	_, got := actionsOf(t, src)
	want := []found{{"How to identify wanted items? Stickers? Yes, Karen will purchase", "Karen", false}, {"OK, Dan will ask the landlord", "Dan", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// TestStatusThenWill: a report that says, its subject left out, how
// something stands and then what will be done ("Needs volunteers - will
// put something out on blabber", "Still working on the code of conduct -
// will include the edits", "Turning that into a brief, will post on OS
// design"): a task of the person whose list it is under, else of no one
// named; not after a subject ("Nothing to update this week - will keep
// tracking", "Website will be a new repo, will be tricky").
func TestStatusThenWill(t *testing.T) {
	src := "# Status\n\nParticipants\n\n- Georgia\n\n## Reports\n\n- Reports\n  - Georgia\n    - Design logo survey: over 250 responses. Turning that into a brief, will post on OS design.\n" +
		"  - Needs volunteers - will put something out on blabber\n  - Nothing to update this week - will keep tracking these\n\n" +
		"### President's Report\n\nStill working on code of conduct - will include edits from last time. Don't want wordsmithing.\n"
	_, got := actionsOf(t, src)
	want := []found{{"Turning that into a brief, will post on OS design.", "Georgia", false}, {"Needs volunteers - will put something out on blabber", "", false},
		{"Still working on code of conduct - will include edits from last time.", "", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// TestListUnderName: a paragraph that is only the name of a person the
// meeting knows, over a list (a member's report in wiki minutes: "Ken"
// over his bullets), gives the list's actions that name nobody to that
// person; a name the meeting does not know gives none.
func TestListUnderName(t *testing.T) {
	src := "Minutes\n\n:   Members present: Kevin, Ken\n\n## Member Reports\n\nKen\n\n-   About a 10 minute session followed by demos\n" +
		"-   Needs volunteers - will put something out on blabber\n\nZed\n\n-   Needs a room - will ask the landlord\n"
	_, got := actionsOf(t, src)
	want := []found{{"Needs volunteers - will put something out on blabber", "Ken", false}, {"Needs a room - will ask the landlord", "", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// TestNextStepParagraph: a paragraph of its own that names the next step
// ("Next steps are to merge", after a pull request's discussion) is a task
// of no one named, as the same clause in an item is; a paragraph that
// only speaks of next steps is not.
func TestNextStepParagraph(t *testing.T) {
	src := "# Infra call\n\n### PR 4121\n\n- dana: Should we document the alerts?\n- kim: at the moment it won't work.\n\n" +
		"Next steps are to merge\n\n### RFC 18\n\nThe next step is to ask the editors for a review. Kim agreed.\n\n" +
		"The next steps were hard to agree on.\n\nWe talked about next steps for the runners.\n"
	_, got := actionsOf(t, src)
	want := []found{{"Next steps are to merge", "", false}, {"The next step is to ask the editors for a review.", "", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// TestAndWhoWill: a later clause after "and" (or ", and") whose subject is a
// person who will do something makes the sentence that person's action, in
// a prose paragraph of minutes ("In sum, we decided not to use coverage,
// and Marco will outline ...", "Board members should comment and Monica
// will send a final version"); not an adverb after "will", not a product.
func TestAndWhoWill(t *testing.T) {
	src := "# TSC minutes\n\nAttendees: Marek Novak, Monika Ruiz\n\n## Coverage\n\n" +
		"In sum, we decided not to use coverage, and Marek will outline what needs to be done for mutation testing.\n\n" +
		"## Survey\n\nIt was agreed that the survey is a great idea. Board members should comment and Monika will send a final version to the board.\n\n" +
		"## Releases\n\nThe release is done and Ubuntu will ship it. The docs moved and Monika will now look at them.\n"
	_, got := actionsOf(t, src)
	want := []found{{"In sum, we decided not to use coverage, and Marek will outline what needs to be done for mutation testing.", "Marek", false},
		{"Board members should comment and Monika will send a final version to the board.", "Monika", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// TestTwoPeopleNeedTo: "X and Y need to VERB" (the plural of "X needs to
// VERB") of people the meeting knows is theirs, after an action's label
// and in a bullet; not a list that runs on ("Evan, Matt, and everyone
// else"), nor people the meeting does not know.
func TestTwoPeopleNeedTo(t *testing.T) {
	src := "# Board\n\nPresent: Stefan Christou, Alba Shah, Dana Lee\n\n## NumFOCUS\n\n" +
		"  - **Action**: **Stefan** and **Alba** need to consult the agency's lawyers. May be a conflict.\n" +
		"  - Dana and Alba plan to file the form\n  - Mozilla and Google need to ship it\n" +
		"  - ACTION - Stefan, Dana, and everyone else: go into this PR\n"
	_, got := actionsOf(t, src)
	want := []found{{"Stefan and Alba need to consult the agency's lawyers. May be a conflict.", "Stefan Christou|Alba Shah", false},
		{"Dana and Alba plan to file the form", "Dana Lee|Alba Shah", false},
		{"Stefan, Dana, and everyone else: go into this PR", "Stefan|Dana|" + Group, false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// TestRequestedThat: "X requested that Y VERB" (a request to a named
// person, the verb in its base form) is Y's action, in a paragraph of
// minutes; "requests that people read ..." names no one, and "that Bob be
// told" is what is to be done to Bob.
func TestRequestedThat(t *testing.T) {
	src := "Minutes\n\nPresent: Marek Acker, Matteo Horst\n\n## PGP\n\nRik speculates that many people associate PGP with email.\n\n" +
		"Marek Acker requested that Matteo sign his PGP key.\n\nNicola requests that people read the spec.\n\nAnn requested that Bob be told.\n"
	_, got := actionsOf(t, src)
	want := []found{{"Marek Acker requested that Matteo sign his PGP key.", "Matteo", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}
