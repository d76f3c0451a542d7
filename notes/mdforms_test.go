package notes

import (
	"slices"
	"testing"
)

// TestMarkdownOwnerForms checks the owner forms of Markdown notes that
// communities write beyond the list: labels with the owner in
// parentheses or as a handle, owners labelled after the task, two
// people's tasks in one item, and a body's acronym.
func TestMarkdownOwnerForms(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []found
	}{
		{"label with the owner in parentheses or as a handle",
			"# Call\n\n## Release\n\n- Binaries\n  - AI(frank): write the tests\n  - TODO(erin): rotate the keys\n  - Action item (Dave): fix the docs\n  - AI @alice: publish the binaries\n  - TODO (later): nothing to see\n",
			[]found{{"write the tests", "frank", false}, {"rotate the keys", "erin", false}, {"fix the docs", "Dave", false},
				{"publish the binaries", "alice", false}}},
		{"label lines in a paragraph",
			"# Call\n\n## Release\n\nWe talked.\n\nAI(frank): write the tests\nAI @alice: publish the binaries\n",
			[]found{{"write the tests", "frank", false}, {"publish the binaries", "alice", false}}},
		{"owners labelled after the task",
			"# Call\n\n## PRs\n\n- #123\n  - Merge them. Assigned @jay\n  - We need a migration guide. Assigned: @jay, help wanted too.\n  - Fix the CI flake, assigned to Frank\n  - Draft the agenda - owner: Hank\n  - Need to sync up with the PR owner to suggest a fix\n  - Talk to the package owners about it\n",
			[]found{{"Merge them. Assigned @jay", "jay", false}, {"We need a migration guide. Assigned: @jay, help wanted too.", "jay", false},
				{"Fix the CI flake, assigned to Frank", "Frank", false}, {"Draft the agenda - owner: Hank", "Hank", false}}},
		{"two people's tasks in one item",
			"# Call\n\n## Calls\n\n- **Next step:** Jessica to explore how others do it; Keith to coordinate with the hub.\n- Kate to make issue; Eric to implement\n- Paul to follow up; Kat to help\n- Ravi to book the hall; the rest can wait\n" +
				"- Rhys to share the list. Gwen and Rhys to set up the new stations.\n- Greg to speak to the bank. Other options to be looked at.\n\n" +
				"Board approved the spending.\n\nAction: Rhys to share the list. Gwen and Rhys to set up the new stations.\n",
			[]found{{"Next step: Jessica to explore how others do it", "Jessica", false}, {"Keith to coordinate with the hub.", "Keith", false},
				{"Kate to make issue", "Kate", false}, {"Eric to implement", "Eric", false},
				{"Paul to follow up; Kat to help", "Paul|Kat", false}, {"Ravi to book the hall; the rest can wait", "Ravi", false},
				{"Rhys to share the list.", "Rhys", false}, {"Gwen and Rhys to set up the new stations.", "Gwen|Rhys", false},
				{"Greg to speak to the bank.", "Greg", false},
				{"Rhys to share the list.", "Rhys", false}, {"Gwen and Rhys to set up the new stations.", "Gwen|Rhys", false}}},
		{"the meeting's body by its acronym is the group",
			"# OTC meeting\n\nAI: OTC to read the fuzzing docs\n\n- [TAC]: Call for reviews\n",
			[]found{{"OTC to read the fuzzing docs", Group, false}, {"Call for reviews", "", false}}},
		{"the body named so in the notes",
			"# Weekly call\n\nThe OTC voted on the release.\n\n## Actions\n\n- AI: OTC to read the fuzzing docs\n",
			[]found{{"OTC to read the fuzzing docs", Group, false}}},
		{"decision and outcome lines of a paragraph, each an item",
			"# Call\n\n## Release\n\nDecision: Carol will write the RFC by 2026-05-20\nOutcome: Dave to cut the release\nResolution: Erin to email the list\nDecision: we ship on Friday\n",
			[]found{{"Carol will write the RFC by 2026-05-20", "Carol", false}, {"Dave to cut the release", "Dave", false}, {"Erin to email the list", "Erin", false}}},
		{"the group by its role",
			"# Call\n\n## Action items\n\n- Review the websocket doc (all editors)\n- Triage the issues (all maintainers)\n",
			[]found{{"Review the websocket doc (all editors)", Group, false}, {"Triage the issues (all maintainers)", Group, false}}},
		{"the group by its role in the plural, alone, or each of them, before to VERB",
			"# Call\n\n## Venue\n\n- Organisers to visit the hall and meet the volunteers in the next 1-2 weeks\n- Teams to continue the discussion async in the issue\n" +
				"- The maintainers to triage the backlog\n- Candidates to send a short statement\n- Editors: Ann, Bob\n- Us to decide\n" +
				"\n## Actions\n\n**Action**: Every team to produce two pages of material for their area.\n",
			[]found{{"Organisers to visit the hall and meet the volunteers in the next 1-2 weeks", Group, false},
				{"Teams to continue the discussion async in the issue", Group, false}, {"The maintainers to triage the backlog", Group, false},
				{"Every team to produce two pages of material for their area.", Group, false}}},
		{"asked, volunteered, a name in brackets in front",
			"# Call\n\n## Release\n\nWe asked Carol to update the roadmap. It went well.\n\n- The fix: Frank was asked to look into it\n- Ask Gina to book the room\n\n## Action Items\n\n- Erin volunteered to run the survey\n- [Judy] Send the newsletter\n- [2] Ruy and Jordan will pair on it\n",
			[]found{{"We asked Carol to update the roadmap.", "Carol", false}, {"The fix: Frank was asked to look into it", "Frank", false},
				{"Erin volunteered to run the survey", "Erin", false}, {"Send the newsletter", "Judy", false}, {"Ruy and Jordan will pair on it", "Ruy|Jordan", false}}},
		{"tasked with, a pronoun is no one, who before an action label",
			"# Board\n\n## Web\n\n* Lewis Mayne tasked with finding the best way to publish\n* Bob AI: send the slides\n\nIt will target Scala 3. He will be there.\n",
			[]found{{"Lewis Mayne tasked with finding the best way to publish", "Lewis Mayne", false}, {"send the slides", "Bob", false}}},
		{"an HTML table, its action column's lines items of their rows",
			"# Call\n\n## Agenda\n\n<table><thead><tr><th>Discussion Points</th><th>Notes/Action Items</th><th>Actions: Responsible/None</th></tr></thead><tbody>" +
				"<tr><td>Introduction &#x26; Quorum</td><td>Quorum achieved</td><td><br></td></tr>" +
				"<tr><td>Minutes</td><td><ul><li>Minutes approved</li></ul></td><td>Hwang to amend the meeting schedule</td></tr>\n" +
				"<tr><td>Milestones</td><td><ul><li>Discussed the plan</li></ul></td><td><ul><li>Ben Hart to propose an update</li></ul><ul><li>Ben and Lewis to work on the prioritization</li></ul></td></tr></tbody></table>\n\n" +
				"<table>\n<tr><th>Action</th><th>Owner</th><th>Due</th></tr>\n<tr><td>Send the invoice</td><td>Carol</td><td>Friday</td></tr>\n</table>\n\n<!-- a comment -->\n",
			[]found{{"Hwang to amend the meeting schedule", "Hwang", false}, {"Ben Hart to propose an update", "Ben Hart", false},
				{"Ben and Lewis to work on the prioritization", "Ben|Lewis", false}, {"Send the invoice (deadline: Friday)", "Carol", false}}},
		{"where someone will be is no task",
			"# Call\n\n## Notes\n\n- @bob will be out next week\n- @ann will be at KubeCon\n- @cy will be pinging the team\n\n## Action items\n\n- @dee will be on vacation\n- @eve will be responsible for the release\n",
			[]found{{"@cy will be pinging the team", "cy", false}, {"@dee will be on vacation", "", false}, {"@eve will be responsible for the release", "eve", false}}},
		{"Owner: and Due: lines under an item are the item's",
			"# Call\n\n## Docs\n\n- Update docs\n  - Owner: Bob\n  - Due: Friday\n- ~~Cancelled task~~\n- Owner: Oscar - migrate the wiki\n- Erin to review it\n",
			[]found{{"Update docs", "Bob", false}, {"Erin to review it", "Erin", false}}},
		{"two people's tasks after a comma",
			"# Call\n\n## Notes\n\n- Alice to draft, Bob to review\n- Ravi to book the hall, and Amit to pay\n- Alice to sync with Bob, Carol and Dave\n- Ravi to book the hall (Amit, Sunita to help)\n",
			[]found{{"Alice to draft", "Alice", false}, {"Bob to review", "Bob", false}, {"Ravi to book the hall", "Ravi", false},
				{"Amit to pay", "Amit", false}, {"Alice to sync with Bob, Carol and Dave", "Alice", false},
				{"Ravi to book the hall (Amit, Sunita to help)", "Ravi|Amit|Sunita", false}}},
		{"task boxes written as symbols",
			"# Call\n\n## Action items\n\n- ☐ Order the stickers\n- ☑ Sent the invoices\n\n## Status\n\n- ✅ Merged the PR\n",
			[]found{{"Order the stickers", "", false}, {"Sent the invoices", "", true}}},
		{"nicks in parentheses before the task, a placeholder, the body's team, the group asked",
			"# Call\n\n# Open RFC Meeting (npm)\n\n### Previous Action Items\n\n- ACTION ITEMS\n\nTODO:\n\n * (infinity0, doko) research passing newlines\n * (Lead: Ann) check it\n * `npm` team to investigate the output\n * :\n\n## Notes\n\n- All members were asked to review the issues.\n",
			[]found{{"research passing newlines", "infinity0|doko", false}, {"check it", "Ann", false}, {"npm team to investigate the output", Group, false},
				{"All members were asked to review the issues.", Group, false}}},
		{"a status list nested under a person's name",
			"# Standup\n\nPresent: Sumana, Georgia\n\n## Status\n\n- Updates\n  - Sumana\n    - Did some outreach\n      - TODO: need to approve the invoice\n    - TODO: Georgia to write the brief\n  - Design\n    - TODO: pick the colours\n  - Dana\n    - TODO: book the room\n",
			[]found{{"need to approve the invoice", "Sumana", false}, {"Georgia to write the brief", "Georgia", false}, {"pick the colours", "", false}, {"book the room", "", false}}},
		{"a request to the group opening a bullet",
			"# SIG call\n\n## Agenda\n\n- [Cesar] Disk buffering API changes\n  - PLEASE REVIEW\n- Security requirements in front matter\n  - Please look at this discussion and make some comments so we can resolve this.\n  - Please don't submit big pull request reviews.\n  - Please feel free to discuss these notes.\n  - Please register: registration link\n  - Please note the new time\n\nPlease add yourself to the list.\n",
			[]found{{"PLEASE REVIEW", Group, false}, {"Please look at this discussion and make some comments so we can resolve this.", Group, false}}},
		{"a name after a hyphen owns an action section's item, not an agenda's",
			"# Call\n\n## Agenda\n\n- Budget update - Kay\n\n## Action items\n\n- Emma: Draft the blog post\n    - Plan the publishing - Emma\n    - Collecting feedback on the draft\n- Review the budget - Q3\n",
			[]found{{"Emma: Draft the blog post", "Emma", false}, {"Plan the publishing - Emma", "Emma", false}, {"Review the budget - Q3", "", false}}},
		{"who is to do it",
			"# Group meeting\n\n## Matters Arising\n\n1. Kamil is to look into PHP unit testing.\n2. Dave and Jack are to email the App design to Leon.\n3. The plan is to ship in May.\n4. Goal is to send out the application on July 13.\n",
			[]found{{"Kamil is to look into PHP unit testing.", "Kamil", false}, {"Dave and Jack are to email the App design to Leon.", "Dave|Jack", false}}},
		{"a speaker stating an action item, names and the rest of the group",
			"# WG\n\n## Schema coordinates\n\n- Mark: as a reminder, the elevator pitch.\n- Lee: **ACTION - everyone**: take a look at the appendix\n- Lee: **ACTION - Evan, Matt, and everyone else**: go into this PR\n- Welcome: Action items are below\n",
			[]found{{"everyone: take a look at the appendix", Group, false}, {"Evan, Matt, and everyone else: go into this PR", "Evan|Matt|" + Group, false}}},
		{"a bullet of scribed minutes goes on with the turn before",
			"# WG\n\n## Defer and stream\n\n- Michel: we're still working on Stream.\n- Rob: I've heard people experimenting with this\n- Ivan suggested that I write a blog post\n- I'm going to present it at some GraphQL meetups.\n- Ivan: we'll have an experimental release attached to it.\n- In the next couple days (possibly tomorrow) I'll push out a new release.\n\n## Other\n\n- I'll send the slides.\n",
			[]found{{"I'm going to present it at some GraphQL meetups.", "Rob", false}, {"In the next couple days (possibly tomorrow) I'll push out a new release.", "Ivan", false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, got := actionsOf(t, tc.src)
			sameActions(t, got, tc.want)
		})
	}
}

// TestActionSectionLabels checks the labels that open an action section
// (every item an action, whoever it names) and those that do not.
func TestActionSectionLabels(t *testing.T) {
	for _, tc := range []struct {
		label string
		want  bool
	}{
		{"Action Items", true}, {"Action items & owners", true}, {"Owners & next steps", true}, {"Assignments", true},
		{"Action required", true}, {"Follow up items", true}, {"Follow-up actions", true}, {"Homework", true},
		{"Next actions", true}, {"Agreed actions", true}, {"Actions arising", true}, {"What's next", true},
		{"Decisions & action items", true}, {"Actions/Decisions", true}, {"Decisions and next steps", true},
		{"Summary of action items", true},
		// Emoji ending the label, as a symbol or GitHub's shortcode.
		{"Action Points :muscle:", true}, {"Next steps 🚀", true}, {"TODO :white_check_mark: :+1:", true},
		{"Action items:rocket:", false},
		// A discussion of the actions, a parking lot, decisions alone:
		// their items are not all tasks.
		{"Action Item Review", false}, {"Parking lot", false}, {"Key decisions", false}, {"Decisions & owners", false},
		{"Actions taken", false},
	} {
		src := "# Call\n\n## Discussion\n\n- Talked.\n\n## " + tc.label + "\n\n- Update the wiki page\n- Send the survey out\n"
		_, got := actionsOf(t, src)
		if (len(got) == 2) != tc.want {
			t.Errorf("%q: actions %+v, want an action section: %v", tc.label, got, tc.want)
		}
	}
	// Under a label that joins decisions to actions, a decision is no task.
	_, got := actionsOf(t, "# Call\n\n## Decisions and next steps\n\n- The release is on hold\n- Update the wiki page\n")
	sameActions(t, got, []found{{"Update the wiki page", "", false}})
}

// TestHandleThenName checks an attendance list of handles with the
// person's name in parentheses: the name is the attendee.
func TestHandleThenName(t *testing.T) {
	n, _ := actionsOf(t, "# Infra\n\n## Attendees\n\n* @dduportal (Damien Duportal)\n* @timja\n* @smerle (remote)\n* Mark Waite (@MarkEWaite)\n\n## Notes\n\n- Talked.\n")
	want := []string{"Damien Duportal", "@timja", "@smerle", "Mark Waite"}
	if !slices.Equal(n.Attendees, want) {
		t.Errorf("attendees %q, want %q", n.Attendees, want)
	}
}

// TestItemDueLine checks that a "Due:" line under an item is its deadline
// and no other item's.
func TestItemDueLine(t *testing.T) {
	n, _ := actionsOf(t, "# Call\n\n## Docs\n\n- Update docs\n  - Owner: Bob\n  - Due: Friday\n- Erin to review it\n")
	its := n.Topics[0].Items
	if len(its) != 2 || its[0].Due != "2026-05-15" || its[1].Due != "" || len(n.Topics[0].Owners) != 0 || n.Topics[0].DueText != "" {
		t.Errorf("topic %+v", n.Topics[0])
	}
}

// TestEmojiItemsAndCountedAttendance checks a makerspace's minutes: an
// emoji opening an item marks it (the rules read what follows; information
// keeps it), an action label with lower-case names the meeting knows, a
// count before the attendance label, "Minutes recorded by".
func TestEmojiItemsAndCountedAttendance(t *testing.T) {
	n, got := actionsOf(t, "## Member's Meeting\n\nMinutes recorded by: **Michael Kirk**\n\n4 Members in attendance: **Matt Chang, Maxx, Michael Kirk, Noah**\n\n"+
		"## Noah: filed our taxes 💸\n\nNoah filed them.\n\n- 👷 TODO Noah: Official change of address form\n- 👷 TODO michael: set up a calendar\n"+
		"- 👷 TODO maxx and noah: get that bench in!\n- TODO later: nothing\n- 👷 Greg is going to buy some printer ink.\n- 📌 Pinned: the wiki page\n- ✅ Bob to send it\n")
	sameActions(t, got, []found{{"Official change of address form", "Noah", false}, {"set up a calendar", "michael", false},
		{"get that bench in!", "maxx|noah", false}, {"Greg is going to buy some printer ink.", "Greg", false}})
	if want := []string{"Michael Kirk", "Matt Chang", "Maxx", "Noah"}; !slices.Equal(n.Attendees, want) {
		t.Errorf("attendees %q, want %q", n.Attendees, want)
	}
	its := n.Topics[len(n.Topics)-1].Items
	if it := its[len(its)-2]; it.Kind != KindInfo || it.Text != "📌 Pinned: the wiki page" {
		t.Errorf("information %+v, want it as written", it)
	}
}

// TestBoxesNicksConditions checks task boxes typed without a bullet or
// without their space ("[] (Art) Write the notes", "- [] AWG Chair will
// ..."), nicks that speak in lower case ("jgraham: ...", known from their
// second line, so owners and attendees), and a condition before who does
// what ("if no objections, sam to add a PR").
func TestBoxesNicksConditions(t *testing.T) {
	n, got := actionsOf(t, "# Sync\n\n## RFC 1\n\n- jgraham: A bug that only impacted release.\n- sam: The dashboard has not updated.\n- maksim: once only\n"+
		"- jgraham: Agreed.\n- sam: Sure.\n- note: this is a label\n- note: twice\n\nAction items:\n- [ ] jgraham & sam: Read the RFC.\n"+
		"- [ ] if no fundamental objections, sam to add PR for wptrunner\n- [] AWG Chair will devise a proposal\n\n## Action Items\n\n"+
		"[ ] (Art) Write some notes on the supplier concept\n\n[] (Martin) Write the audit notes\n\n[x] Sent the invoices\n")
	sameActions(t, got, []found{{"jgraham & sam: Read the RFC.", "jgraham|sam", false},
		{"if no fundamental objections, sam to add PR for wptrunner", "sam", false}, {"AWG Chair will devise a proposal", "AWG Chair", false},
		{"Write some notes on the supplier concept", "Art", false}, {"Write the audit notes", "Martin", false}, {"Sent the invoices", "", true}})
	if want := []string{"jgraham", "sam"}; !slices.Equal(n.Attendees, want) {
		t.Errorf("attendees %q, want %q", n.Attendees, want)
	}
}

// TestNamesOverListsInActionSections checks an action section whose people
// are emphasised lines over their items ("***Erik***", as "### Erik"
// would be; "***Future***" names no one), issue numbers before a handle
// ("816 - @StanczakDominik ping ..."), and "@x TODO ..." with no colon.
func TestNamesOverListsInActionSections(t *testing.T) {
	_, got := actionsOf(t, "# Community meeting\n\n## Attendees\n\n1. Erik\n2. Nick\n\n## Action Items\n\n***Erik***\n* Open PR to update fit_function\n* Finish writing tests\n\n"+
		"***Future***\n* open an issue to construct a metric\n\n***Dominik***\n* 816 - @StanczakDominik ping on whether lite functions help here\n* 769 @StanczakDominik look into\n\n"+
		"## Minutes\n\n* is there a screen reader?\n    * Greg Wilson suggests a paper: @namurphy TODO what paper?\n* @StanczakDominik TODO find issue on contributing guide\n")
	sameActions(t, got, []found{{"Open PR to update fit_function", "Erik", false}, {"Finish writing tests", "Erik", false},
		{"open an issue to construct a metric", "", false}, {"816 - @StanczakDominik ping on whether lite functions help here", "StanczakDominik", false},
		{"769 @StanczakDominik look into", "StanczakDominik", false}, {"Greg Wilson suggests a paper: @namurphy TODO what paper?", "namurphy", false},
		{"@StanczakDominik TODO find issue on contributing guide", "StanczakDominik", false}})
}

// TestActionTableBodyOwner checks an action table whose owner cell names
// the body the title names ("Board" in a board's minutes): the group; a
// body the title does not name is no one.
func TestActionTableBodyOwner(t *testing.T) {
	_, got := actionsOf(t, "# Board Meeting Summary\n\n## Action Items\n\n| Item | Owner | Status |\n|---|---|---|\n| Set up the transcription service | Eric Moberg | In progress |\n"+
		"| Select bank/credit union | Board | pending |\n| Review the budget | Committee | |\n")
	sameActions(t, got, []found{{"Set up the transcription service", "Eric Moberg", false}, {"Select bank/credit union", Group, false},
		{"Review the budget", "", false}})
}

// TestOpenBoxesUnderTickedBox checks that open boxes nested under a ticked
// one, outside an action section, are its points, not tasks; in an action
// section, or with an owner form, they stay tasks.
func TestOpenBoxesUnderTickedBox(t *testing.T) {
	_, got := actionsOf(t, "# Community call\n\n## Announcements\n\n- [x] (TH) CEP 10: Conda Version Support passed\n    - [ ] Only applicable to the conda code base\n"+
		"    - [ ] Works together with CEP 8\n    - [ ] Dana to write the blog post\n\n## Action items\n\n- [x] Ship the release\n    - [ ] Announce it\n")
	sameActions(t, got, []found{{"(TH) CEP 10: Conda Version Support passed", "", true}, {"Dana to write the blog post", "Dana", false},
		{"Ship the release", "", true}, {"Announce it", "", false}})
}

// TestOrderToName: outside action sections a bullet of a name, a colon
// and an order ("Dorian: prepare post(s) for the website", as board and
// steering minutes note who is to do what under a topic) is that person's
// action, and the person is not taken for one who speaks. Not in a list of
// turns or of labelled rows, not of one who spoke before, not a question,
// not a particle ("Out of scope"), not under an agenda's heading.
func TestOrderToName(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []found
		speakers  []string
	}{
		{"orders under topics",
			"* Short review of past events\n    * Dorian: prepare post(s) for the website\n    * [ ] Jonah: add a link on the overview page\n\n* Newsletter\n    * Imke: Relay this with the rest of the board.\n" +
				"    * Should we send it to the list?\n* Sponsors\n    * Imke: Should we ask the sponsors?\n",
			[]found{{"Dorian: prepare post(s) for the website", "Dorian", false}, {"Jonah: add a link on the overview page", "Jonah", false}, {"Imke: Relay this with the rest of the board.", "Imke", false}},
			[]string{"Imke"}},
		{"turns, rows, a speaker before, particles, nouns",
			"# Call\n\n## Cadence\n\n- Carol: Propose vacation during the shift.\n- Jonas: Everyone misses meetings that week anyway.\n\n" +
				"## Members\n\n- Renewal:\n    - Acme-Works: Ping for renewal\n    - Globex: OK\n\n## Funding\n\n- Scope\n    - Ernesto: Out of scope for this funding\n" +
				"    - Mirela: website redesign\n- Mirela: Maybe later\n    - Mirela: send the mail\n",
			nil, []string{"Carol", "Jonas", "Globex", "Ernesto", "Mirela"}},
		{"an agenda's presenter",
			"# Council\n\n## Agenda\n\n- Introductions\n- Ryland: note on the formality of this group\n    - We have run into issues.\n",
			nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, got := actionsOf(t, tc.src)
			sameActions(t, got, tc.want)
			if !slices.Equal(n.Attendees, tc.speakers) {
				t.Errorf("attendees (the speakers) %q, want %q", n.Attendees, tc.speakers)
			}
		})
	}
}

// TestRemarkThenOwner: an item whose clause after "; " gives people a task
// while the clause before only says how things stand ("General agreement
// that it would need more commitment; Hart and Douglas to take this to
// the GB") is their action, the remark kept as information. Not after an
// action's label or an order (one item, read as before), not a team or an
// unknown acronym, not "will" and an adverb.
func TestRemarkThenOwner(t *testing.T) {
	src := "# TSC\n\n## Research track\n\n" +
		" - General agreement that it would need more commitment; Hartmut and Dolores to take this to the GB\n" +
		" - The RFC period ends on Friday, will not have voted by the end of the month; Lexa and Elisa will synthesize comments\n" +
		" - AI: send the slides; Bruno to review\n" +
		" - Add the docs; Bruno to review\n" +
		" - Topics can be solved via email; Core team will also prepare topics\n" +
		" - We should split this; RFC to document the process\n"
	n, got := actionsOf(t, src)
	sameActions(t, got, []found{{"Hartmut and Dolores to take this to the GB", "Hartmut|Dolores", false},
		{"Lexa and Elisa will synthesize comments", "Lexa|Elisa", false},
		{"send the slides; Bruno to review", "", false}})
	var info []string
	for _, it := range n.Topics[0].Items {
		if it.Kind == KindInfo {
			info = append(info, it.Text)
		}
	}
	if want := []string{"General agreement that it would need more commitment",
		"The RFC period ends on Friday, will not have voted by the end of the month"}; !slices.Equal(info[:2], want) {
		t.Errorf("information %q, want first %q", info, want)
	}
}
