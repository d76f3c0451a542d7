package notes

import (
	"strings"
	"testing"
	"time"
)

// found is an action as the tests compare it: text, owners joined by |,
// and whether it is done.
type found struct {
	text, owners string
	done         bool
}

func actionsOf(t *testing.T, src string) (*Notes, []found) {
	t.Helper()
	n, err := Parse(strings.NewReader(src), "forms.md", Options{Date: testDate})
	if err != nil {
		t.Fatal(err)
	}
	var out []found
	for _, tp := range n.Topics {
		if tp.Action != nil {
			out = append(out, found{tp.Action.Text, strings.Join(tp.Action.Owners, "|"), false})
		}
		for _, it := range tp.Items {
			switch it.Kind {
			case KindAction:
				out = append(out, found{it.Text, strings.Join(it.Owners, "|"), false})
			case KindDone:
				out = append(out, found{it.Text, "", true})
			}
		}
	}
	return n, out
}

// sameActions fails unless got is want, naming each action that differs.
func sameActions(t *testing.T, got, want []found) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("actions\n got %+v\nwant %+v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("action %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// TestForms checks each form of the issue, one small file each.
func TestForms(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []found
	}{
		{"task items with handles under Action items",
			"# Call\n\n## Action items\n\n- [ ] @alice Write a blog post\n- [ ] @x will review the PR\n- [x] @bob Send the invites\n",
			[]found{{"@alice Write a blog post", "alice", false}, {"@x will review the PR", "x", false}, {"@bob Send the invites", "", true}}},
		{"TODO nested by person",
			"# Call\n\n## TODO\n\n* bob\n  * Set up ticketing\n  * Book the room\n* Carol\n  * Order food\n",
			[]found{{"Set up ticketing", "bob", false}, {"Book the room", "bob", false}, {"Order food", "Carol", false}}},
		{"colon and will forms in a Next steps section",
			"# Call\n\n**Next steps:**\n\n- bob: talk to the venue\n- Dana, Eve: draft the budget\n- Frank will send the CFP\n- Gita and Hari to test the stream\n- all: read the draft\n",
			[]found{{"bob: talk to the venue", "bob", false}, {"Dana, Eve: draft the budget", "Dana|Eve", false},
				{"Frank will send the CFP", "Frank", false}, {"Gita and Hari to test the stream", "Gita|Hari", false},
				{"all: read the draft", Group, false}}},
		{"Follow-ups label line and co-owners",
			"# Call\n\nFollow-ups:\n\n1. Ravi to book the hall (Amit, Sunita to help)\n2. Ask the caterer again\n",
			[]found{{"Ravi to book the hall (Amit, Sunita to help)", "Ravi|Amit|Sunita", false}, {"Ask the caterer again", "", false}}},
		{"AI lines",
			"# Call\n\nWe talked.\n\nAI: Kushal to send the minutes\n\nAI: none\n",
			[]found{{"Kushal to send the minutes", "Kushal", false}}},
		{"several AI lines in a paragraph, with a qualifier",
			"# Call\n\nThe board discussed it.\n\nAI: Core members need to vote on the PR\nAI, unrelated: examine the quorum issues\n",
			[]found{{"Core members need to vote on the PR", "", false}, {"examine the quorum issues", "", false}}},
		{"a Backlog section",
			"# Call\n\n## Backlog\n\n- @dan will work on the banner post\n- @dan look into the card reader\n",
			[]found{{"@dan will work on the banner post", "dan", false}, {"@dan look into the card reader", "dan", false}}},
		{"the team as owner",
			"# Call\n\n## Tasks\n\n- [ ] team will work on the sponsors page\n- [ ] team and @ria collaborate on a list of press contacts\n- [ ] The team to review the survey\n",
			[]found{{"team will work on the sponsors page", Group, false}, {"team and @ria collaborate on a list of press contacts", Group + "|ria", false},
				{"The team to review the survey", Group, false}}},
		{"a one-word box outside actions is a template row",
			"# Call\n\n## Speaking queue\n\n- [ ] name\n- [ ] \n\n## Notes\n\n- [ ] Rename the package\n",
			[]found{{"Rename the package", "", false}}},
		{"an action repeated word for word under the action items",
			"# Call\n\n## Minutes\n\n- Policy\n  - Follow ups:\n    - Jack: What is our absence policy?\n\n## Action items\n\n- Ryan: Book the room\n- Jack: What is our absence policy?\n",
			[]found{{"Ryan: Book the room", "Ryan", false}, {"Jack: What is our absence policy?", "Jack", false}}},
		{"a hyphen before names in a list of decisions",
			"# Catch-up\n\n### Venues\n\nAgenda:\n\n* Budget update - Kay\n\n**Decision**:\n\n* Publish a calendar of open spots for speakers - Tony\n* Spring clean the shared drive - all\n* Ask people to tell us in advance\n",
			[]found{{"Publish a calendar of open spots for speakers - Tony", "Tony", false}, {"Spring clean the shared drive - all", Group, false}}},
		{"two attendees' first names run together",
			"# Call\n\nPresent: Myra Bell, Jo Burton, Toby Lang\n\n## Items\n\nAI: Myra, Jo Toby will find time to write the roles down\n",
			[]found{{"Myra, Jo Toby will find time to write the roles down", "Myra|Jo|Toby", false}}},
		{"a helper after a semicolon",
			"- Venues\n  - Acme - Paul to follow up with the London contact; Kay to help follow up as required\n",
			[]found{{"Acme - Paul to follow up with the London contact; Kay to help follow up as required", "Paul|Kay", false}}},
		{"a handle opening a later clause",
			"1. Change the admins\n    - Decision: Get explicit consent from all members of the WG, then @cara will do it.\n    - Ask @dan whether it works\n",
			[]found{{"Decision: Get explicit consent from all members of the WG, then @cara will do it.", "cara", false}}},
		{"a box under a task that says what it brings",
			"# Call\n\n## Action items\n\n- [ ] Cut a new version of the server\n  - [ ] Fixes the proxy configuration\n  - [ ] Update the changelog\n",
			[]found{{"Cut a new version of the server", "", false}, {"Update the changelog", "", false}}},
		{"a carried-over task taken up under its topic",
			"# Call\n\n## Previous tasks\n\n- [ ] @ann will prep a blog post for the board rotation\n- [ ] @bo will fix the download page\n\n## Minutes\n\n- Board rotation blog post\n  - @ann: almost done!\n  - @ann and @bo to wrap it up after our meeting.\n- Download page\n  - @bo: no update\n",
			[]found{{"@bo will fix the download page", "bo", false}, {"@ann and @bo to wrap it up after our meeting.", "ann|bo", false}}},
		{"a decision's line going on as a sub-bullet of names",
			"# Catch-up\n\n### Docs\n\n**Decision**:\n\n* Trial the shared docs for the speaker logs (for example)\n  - all\n* Keep the drive tidy\n  - it is messy\n  - very\n",
			[]found{{"Trial the shared docs for the speaker logs (for example) - all", Group, false}}},
		{"a body's members and a group that needs to",
			"# Call\n\nAI: TSC voting members need to vote on the PR\n\n- Docs\n  - Everyone needs to read the draft\n  - Acme members need to renew\n",
			[]found{{"TSC voting members need to vote on the PR", Group, false}, {"Everyone needs to read the draft", Group, false}}},
		{"a subject with tasks under it",
			"# Call\n\n## Actions\n\n- Moving the docs to the new site:\n  - @ann port the theme\n  - fix the links\n",
			[]found{{"@ann port the theme", "ann", false}, {"fix the links", "", false}}},
		{"ordinary words are no owners",
			"- Design\n  - Colours to be chosen from the vendor's list\n  - Relevance to the theme\n  - (Likely to become a proposal?)\n  - Welcome to the new members\n",
			nil},
		{"a word that may be a name, before to VERB, is one only for a person the meeting knows",
			"Present: Ann Lee, Mark, JF Bastien\n\n- Budget\n  - OK to spend time on it\n  - Best to keep them apart\n  - FYI to the board\n  - Mark to send the invites\n  - JF to create the repo\n  - AL to book the room\n",
			[]found{{"Mark to send the invites", "Mark", false}, {"JF to create the repo", "JF", false}, {"AL to book the room", "AL", false}}},
		{"an aside",
			"- Venue\n  - (Rahul to ask the hall about parking)\n",
			[]found{{"Rahul to ask the hall about parking", "Rahul", false}}},
		{"bracket forms",
			"* [AI: Nabarun] Fix the doc link\n* Updates\n    * AI[Peeyush]: Start a hackmd\n    * [staff]: Schedule the reports\n    * [TAC]: Call for reviews\n    * [others]: I think we require this\n\nAI[BS] make a GH issue about phases.\n",
			[]found{{"Fix the doc link", "Nabarun", false}, {"Start a hackmd", "Peeyush", false},
				{"Schedule the reports", "staff", false}, {"Call for reviews", "", false}, {"make a GH issue about phases.", "BS", false}}},
		{"full-name mention, initials, sub-tasks",
			"# Call\n\n## Action Items\n\n- [ ] JW - update the tracking @Jen Weber\n- [ ] JG - will add the CTA\n" +
				"- [ ] RM Create the board @Ricardo Mendes\n    - [ ] Create issue for TodoMVC\n",
			[]found{{"JW - update the tracking @Jen Weber", "Jen Weber", false}, {"JG - will add the CTA", "JG", false},
				{"RM Create the board @Ricardo Mendes", "Ricardo Mendes", false}, {"Create issue for TodoMVC", "Ricardo Mendes", false}}},
		{"the handles ending an item own it",
			"# Call\n\n## Actions\n\n- Reach out to the channel (@groundwater) and ask them (@tonyganch)\n",
			[]found{{"Reach out to the channel (@groundwater) and ask them (@tonyganch)", "tonyganch", false}}},
		{"decisions, groups, asides and remarks",
			"- Council\n  - Carol: we discussed it\n  - **Conclusion**: Mara to propose updates to the guidelines\n  - **Action Items**: Jack to update the PR\n" +
				"  - Conclusion: Everyone to read the doc\n  - All TAC members to preread the wishlist\n" +
				"  - Create runbooks (Kat to draft). For each we have clear requirements.\n" +
				"  - Paul to open an account (given two of us have one already). Unfortunately Monzo cannot.\n" +
				"  - Roman will take care of it. Fine grained (one for each part) is a nice to have.\n",
			[]found{{"Conclusion: Mara to propose updates to the guidelines", "Mara", false}, {"Jack to update the PR", "Jack", false},
				{"Conclusion: Everyone to read the doc", "all", false}, {"All TAC members to preread the wishlist", "all", false},
				{"Create runbooks (Kat to draft).", "Kat", false}, {"Paul to open an account", "Paul", false},
				{"Roman will take care of it.", "Roman", false}}},
		{"subjects over task boxes, @ everyone, groups and slashes",
			"# Call\n\n## TODO\n\n- Design\n  - [ ] list the requirements\n- [ ] Suggested changes for the build (@ckerr)\n  - [ ] Tell users the disk space\n" +
				"- [ ] Identify the simplest implementation\n  - e.g. a channel of announcements\n" +
				"- Review the new website. @ everyone\n- All core team members - Add content to the agenda\n- Kate/Danny: Set up the agenda collection\n",
			[]found{{"list the requirements", "", false}, {"Tell users the disk space", "ckerr", false}, {"Identify the simplest implementation", "", false},
				{"Review the new website. @ everyone", "all", false}, {"All core team members - Add content to the agenda", "all", false},
				{"Kate/Danny: Set up the agenda collection", "Kate|Danny", false}}},
		{"numbered and decorated action headings, labels with a qualifier or joined",
			"# Call\n\n## 3. Action Items\n\n- Alice: update the roadmap\n\n## 📝 Next steps for next week\n\n- Check the mirror\n\n" +
				"## Action items / Next steps\n\n- Carol: send the survey\n\n## Follow-ups from previous meetings\n\n- Status check on the mirror (@dan)\n",
			[]found{{"Alice: update the roadmap", "Alice", false}, {"Check the mirror", "", false}, {"Carol: send the survey", "Carol", false}}},
		{"a name in brackets ending an item of an action section owns it; names under a task are details",
			"# Call\n\n## Agenda\n\n- Website update (Chris)\n\n## Action Items\n\n* [ ] Send invites for meetings (Chris)\n* [ ] Propose new meeting times [Charles]\n* [ ] Set up the repository (if needed)\n" +
				"* [x] Get people access to the repo [Sam]\n    * [x] Nitish\n    * [x] Kilian\n",
			[]found{{"Send invites for meetings (Chris)", "Chris", false}, {"Propose new meeting times [Charles]", "Charles", false},
				{"Set up the repository (if needed)", "", false}, {"Get people access to the repo [Sam]", "", true}}},
		{"people's sub-headings of an action section, after one that names no one",
			"# Call\n\n## Action Items\n\n### Gas estimation options\n\n- **Options**:\n  - `gasLimit: number`\n\n### Deeptanshu\n\n- Refactor the PR\n\n### Team\n\n- Test the endpoints\n\n## Conclusion\n\n- A good call\n",
			[]found{{"Refactor the PR", "Deeptanshu", false}, {"Test the endpoints", Group, false}}},
		{"a list under a decision's word assigns by name and colon",
			"# Plenum\n\n## Book-keeping\n\n- Mara: Let's time-limit it\n\n**Resolved**\n\n- Luther: Introduce Soares to Juanita\n- Luther/Valentine: Sort out the questions\n- The budget stays as it is\n",
			[]found{{"Luther: Introduce Soares to Juanita", "Luther", false}, {"Luther/Valentine: Sort out the questions", "Luther|Valentine", false}}},
		{"takeaways: the items that read as tasks, owners in brackets, the group, two people with a slash",
			"# Call\n\n### Takeaways\n\n* Finalize vetting people for core loaders (Sean)\n  * Clean up Pull Requests (all)\n* Look into a separate loader (Tobias/Johannes)\n* Start gathering a team\n* The release is on hold\n* Consensus on the new logo\n",
			[]found{{"Finalize vetting people for core loaders (Sean)", "Sean", false}, {"Clean up Pull Requests (all)", Group, false},
				{"Look into a separate loader (Tobias/Johannes)", "Tobias|Johannes", false}, {"Start gathering a team", "", false}}},
		{"handle outside a section",
			"# Call\n\n## Infra\n\n- @alice will rotate the keys\n- the mirror is fine\n",
			[]found{{"@alice will rotate the keys", "alice", false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, got := actionsOf(t, tc.src)
			if len(got) != len(tc.want) {
				t.Fatalf("actions\n got %+v\nwant %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("action %d:\n got %+v\nwant %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestAttendanceForms checks Present/Attending/Attendance lines and lists,
// roles, and that trailing prose is no person.
func TestAttendanceForms(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"trailing prose", "Present: Rahul, PJP and Amit, at the office.\n\n- Topic\n", "Rahul|PJP|Amit"},
		{"bold label and list", "# Call\n\n**Attendance:**\n\n- @a\n- Bob Smith (Acme)\n- Carol - Initech\n\n## Topic\n\n- x\n", "@a|Bob Smith|Carol"},
		{"attending handles", "# Call\n\nAttending: @a, @b\n\n## Topic\n\n- x\n", "@a|@b"},
		{"heading and roles", "# Call\n\n## Attendees\n\n* Dana\n* Eve\n\nModerator: Frank\n\nNotes: Gita\n\n## Topic\n\n- x\n", "Dana|Eve|Frank|Gita"},
		{"table rows, template row dropped", "# Call\n\n## Attendees\n\n* name | institution | GitHub handle\n* Erik Sundell | Sandvik | @consideRatio\n* Min / Simula / @minrk\n\n## Topic\n\n- x\n", "Erik Sundell|Min"},
		{"heading with a remark, comma paragraph", "# Call\n\n## Attendance (please add yourself)\n*Please add yourself.*\nCarol, Eric Huss, JP\n\n## Topic\n\n- x\n", "Carol|Eric Huss|JP"},
		{"affiliation with a comma", "# Call\n\n## Attendees (sign yourself in)\n\n1. Giorgio Maone (NoScript, Tor)\n2. Bob Callaway (Google, **TAC Chair**)\n\n## Topic\n\n- x\n", "Giorgio Maone|Bob Callaway"},
		{"initials", "# Call\n\nFacilitator: AL\n\n## Attendees (Initials: Name)\n- [x] AL: Amy Lam (amyrlam)\n- [ ] TJ: Todd Jordan\n- [x] Chris Manson (CM)\n\n## Topic\n\n- x\n", "Amy Lam|Chris Manson"},
		{"roll call after a sentence", "# Call\n\nSign in below so we know who was here. Roll call:\n\n* Min / Simula / @minrk\n* Chico Venancio / BMCG / @chico\n\n## Topic\n\n- x\n", "Min|Chico Venancio"},
		{"attendees bullet and roles", "- **Moderator:** @flyingzumwalt\n- **Notetaker:** @diasdavid\n- **Attendees**\n  - @RichardLitt\n\n## Agenda\n\n- Moderator for next time:\n  - Moderator: TBD\n", "flyingzumwalt|diasdavid|@RichardLitt"},
		{"plural roles", "# Call\n\n * Chair: Timothy Hatcher\n * Scribes: Rob Wu\n\n## Attendees\n\n1. Oliver Dunk\n\n## Topic\n\n- x\n", "Timothy Hatcher|Rob Wu|Oliver Dunk"},
		{"numbered heading", "# Call\n\n## 1. Attendees\n\n- Alice Smith (Acme)\n- Bob Jones\n\n## 2. Topic\n\n- Alice: update the roadmap\n", "Alice Smith|Bob Jones"},
		{"inline label with a remark, also present, not present, presenting", "# Call\n\n**Attendees (in person):** Alice, Bob\n\nAlso present: Carol\n\nNot present: Dave\n\n## Topic\n\n- Erin will present: the roadmap\n", "Alice|Bob|Carol"},
		{"a qualified heading, regrets", "# Call\n\n### Meeting attendees\n\n- Alice\n- Bob\n\n### Regrets\n\n- Dave\n", "Alice|Bob"},
		{"roles and a label ending a block over the list, struck out, a handle twice", "# Call\n\n**Moderator:** @dig\n**Notetaker:** ~~@fly~~ @dg\n**Attendees**\n- David Dias - @diasdavid\n- @dg\n\n## Agenda\n\n- x\n", "dig|dg|David Dias"},
		{"an assignment in an action section is no speaker", "# Call\n\n## Discussion\n\n- Mara: Let's time-limit it.\n\n## Action items\n\n- Rohit: Raise the issue on Discord\n", "Mara"},
		{"labelled rows: present, apologies, absent, roles, nil", "# Minutes\n\n### Members Present\n\n- Present: Iain, Beau, Fletcher.\n- Apologies: Scott, Judith\n- Absent: Jason\n- Observing: nil\n- Minute taker: Vera Lynn\n- Chair: Beau\n\n### Times\n\n- Opened: 1400\n", "Iain|Beau|Fletcher|Vera Lynn"},
		{"labelled rows under a roll call heading", "# FAPI WG\n\nRoll Call\n=========\n\n* Attending:  Nat, Bjorn, Ed and Anoop\n* Guests: \n* Regrets: Dave\n\nData Schema\n===========\n\n* Anoop to update the schema\n", "Nat|Bjorn|Ed|Anoop"},
		{"a person a row with organisation and role", "# Call\n\n## Voting member attendance\n\n* [x] Daniel Heck - Chairperson, Animal Logic Pty Ltd\n* [ ] Gordon Brad, Autodesk\n* [x] Mark McGuire, Blue Sky Studios, Inc.\n* [x] Ken Muse, Weta, OpenVDB Representative\n\n## Topic\n\n- x\n", "Daniel Heck|Mark McGuire|Ken Muse"},
		{"a person a row: organisation after a comma, role in parentheses", "# Board\n\n## Attendees\n\n* Stu Hood (chairperson), Twitter\n* Darja Jova (executive director), EPFL\n* James Belsey, Morgan Stanley\n* Rob Norris, community/Typelevel\n\n## Topic\n\n- x\n", "Stu Hood|Darja Jova|James Belsey|Rob Norris"},
		{"a person a row: initials and handles after the name", "# Call\n\nFacilitator: MCY\n\n## Attendees\n\n* **Name (Initials) (githubid)**\n* Matthew R Becker (MRB) (beckermr)\n* Megan C. Yancy (MCY) myancy-anaconda\n* Eric Dill (EDD) gh: ericdill\n* Scopatz (SPZ)\n\n## Topic\n\n- x\n", "Megan C. Yancy|Matthew R Becker|Eric Dill|Scopatz"},
		{"labels over lists under an attendance heading, a person over a remark, apologies", "# Board\n\n## Attendees\n\nOfficers:\n\n* Stu Hood (chairperson), Twitter\n  * also board member, representing Twitter\n* Seth Tisue (secretary), Lightbend\n\nBoard members:\n\n* Chris Kipp, Lunatech\n* James Belsey, Morgan Stanley\n\nGuests:\n\n* Jorge Galindo Cruces, 47 Degrees\n* Olaf Geirsson, Twitter\n\nApologies:\n\n* Graham Griffiths, Goldman Sachs\n\n## Proceedings\n\nStu introduced the meeting.\n", "Stu Hood|Seth Tisue|Chris Kipp|James Belsey|Jorge Galindo Cruces|Olaf Geirsson"},
		{"a checklist typed without bullets, a stand-in", "# TAC\n\n## Voting member attendance\n\n[X] Dan Heck - Chairperson, Animal Logic Pty Ltd\n[ ] Gordon Brad, Autodesk\n[x] Kerry in place of Mike Gorman, Cisco Systems Inc.\n\n# Agenda\n\n- x\n", "Dan Heck|Kerry"},
		{"a label line over a present line going on", "LLVM Board Minutes\n\nAttendees:\nPresent: Vikram Adve, Chandler Carruth,\n         Tanya Lattner, Alex Rosenberg.\nDavid left early.\n\nTreasurer report\n- Not much activity.\n", "Vikram Adve|Chandler Carruth|Tanya Lattner|Alex Rosenberg"},
		{"speakers in parentheses when there is no list", "# Minutes\n\n## Intro\n\n- (Ruth) enabled captioning\n  - (Robert Nyman) With issues and triage - is there a list?\n  - (LF) Action item from the TAC\n  - (Misc) notes\n", "Ruth|Robert Nyman"},
		{"remote members, names with particles and hyphens", "# Meeting\n\n## Roll call\n\n:   Members present: Kevin, Dorotea\n:   Members remote: Tom, Julia\n\nFacilitators: Ladislaus von Daniels & Will Corcoran\n\n 2. Roll Call\n\n    Directors Present:\n        Brian Behlendorf\n        Dirk-Willem van Gulik (joined after item 5)\n        Ben Laurie\n\n## Topic\n\n- x\n", "Kevin|Dorotea|Tom|Julia|Ladislaus von Daniels|Will Corcoran|Brian Behlendorf|Dirk-Willem van Gulik|Ben Laurie"},
		{"role headings and meeting roles", "# Editors\n\n## Present\n\n- Justin Bingham\n- Tim Berners-Lee\n\n## Scribes\n\n* Sarven Capadisli\n* Justin Bingham\n\n## Notes\n\n- Meeting facilitator: @choldgraf\n- Meeting recorder: @sgibson91\n", "Justin Bingham|Tim Berners-Lee|Sarven Capadisli|choldgraf|sgibson91"},
		{"a sentence of roles, a handle the list gives", "# TSC\n\n## Attending\n\n* Nicholas C. Zakas (@nzakas) - TSC\n* Milos Djermanovic (@mdjermanovic) - TSC\n\n@nzakas moderated, and @sam3k took notes.\n\nPresentations moderated by the chair went on.\n\n## Topics\n\n- x\n", "Nicholas C. Zakas|Milos Djermanovic|@sam3k"},
		{"two rows of several people each stay lists", "# Call\n\n## Attendees\n\n* Ann Lee, Bob Ray\n* Cy, Dee\n\n## Topic\n\n- x\n", "Ann Lee|Bob Ray|Cy|Dee"},
		{"speakers when there is no list", "# Call\n\n## Updates\n\n- [name=Olivier] EuroScipy feedback\n- Topic\n  - Mara: Let's time-limit it.\n  - ByteDance: a company\n  - PR: merged\n", "Olivier|Mara"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Parse(strings.NewReader(tc.src), "att.md", Options{Date: testDate})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(n.Attendees, "|"); got != tc.want {
				t.Errorf("attendees %q, want %q", got, tc.want)
			}
		})
	}
}

// TestTopicDescription checks the seeds' form: a topic bullet, its Owner:
// and Deadline: lines and one description bullet make one action.
func TestTopicDescription(t *testing.T) {
	src := "  • Venue\n    • Owner: Ravi\n    • Deadline: 2026-05-20\n    • confirm the hall booking for both days\n" +
		"  • Food\n    • Owner: Amit\n    • two caterers quoted\n    • one more to ask\n"
	n, got := actionsOf(t, src)
	want := []found{{"Venue: confirm the hall booking for both days", "Ravi", false}, {"Food", "Amit", false}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("actions %+v, want %+v", got, want)
	}
	if a := n.Topics[0].Action; a.Due != "2026-05-20" || len(n.Topics[0].Items) != 0 {
		t.Errorf("venue %+v items %+v", a, n.Topics[0].Items)
	}
}

// TestDeadlineForms checks deadlines that end an action (or stand alone in
// parentheses in it), read against the
// meeting's local day, and that a sentence mentioning the word deadline
// is none.
func TestDeadlineForms(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	// 02:00 IST on Tuesday 24 is Monday 23 in UTC: "this week" and
	// "Wed." must be read from Tuesday.
	date := time.Date(2026, 11, 24, 2, 0, 0, 0, loc)
	src := "# Call\n\n## Action items\n\n- Ravi to send a test mail this week\n- Amit: publish the newsletter Wed.\n" +
		"- Dana to draft the budget by the end of the month\n- Eve to review the talk\n" +
		"- Folks will meet up after the board meeting (this friday) to organize an update\n" +
		"- Gil to review the PR (probably not for next week) and merge it\n" +
		"- [Make the cache configurable](https://example.org/pr/35) to be merged on Dec 1st\n" +
		"- Ernest to look at the token errors this afternoon\n- Bernard to update the thread today \\[in Zulip\\]\n" +
		"- Hana to merge it this weekend\n- Ivo to start the migration next week\n" +
		"- Emma to find out if it is needed by tomorrow or Wednesday\n- Prepare for December 3rd follow-up meeting\n" +
		"- Dec 8 Jo Bloggs will present the manifest\n\n" +
		"## Venue\n\n- Owner: Kiran\n- Deadline is fine with Dana\n- Kiran to book it\n"
	n, err := Parse(strings.NewReader(src), "dl.md", Options{Date: date})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Ravi to send a test mail this week":               "2026-11-27",
		"Amit: publish the newsletter Wed.":                "2026-11-25",
		"Dana to draft the budget by the end of the month": "2026-11-30",
		"Eve to review the talk":                           "",
		// A date alone in parentheses dates the item; an aside saying more
		// than a date does not.
		"Folks will meet up after the board meeting (this friday) to organize an update": "2026-11-27",
		"Gil to review the PR (probably not for next week) and merge it":                 "",
		// "to be VERBed" says what is to be done, not a state.
		"Make the cache configurable to be merged on Dec 1st": "2026-12-01",
		// The day itself; the Sunday of the meeting's week; a start is
		// no deadline; an aside after the date; two dates offered are
		// none; the date of the event the task is for; a date opening
		// the item, before who.
		"Ernest to look at the token errors this afternoon":         "2026-11-24",
		`Bernard to update the thread today \[in Zulip\]`:           "2026-11-24",
		"Hana to merge it this weekend":                             "2026-11-29",
		"Ivo to start the migration next week":                      "",
		"Emma to find out if it is needed by tomorrow or Wednesday": "",
		"Prepare for December 3rd follow-up meeting":                "2026-12-03",
		"Dec 8 Jo Bloggs will present the manifest":                 "2026-12-08",
		"Venue":            "",
		"Kiran to book it": "",
	}
	acts := n.Actions()
	if len(acts) != len(want) {
		t.Fatalf("actions %+v", acts)
	}
	for _, a := range acts {
		if w, ok := want[a.Text]; !ok || a.Due != w || a.DueUnread {
			t.Errorf("%q: due %q (unread %v, %q), want %q", a.Text, a.Due, a.DueUnread, a.DueText, w)
		}
		if a.Text == "Dec 8 Jo Bloggs will present the manifest" && strings.Join(a.Owners, "|") != "Jo Bloggs" {
			t.Errorf("%q: owners %q, want Jo Bloggs", a.Text, a.Owners)
		}
	}
	if len(n.Warnings) != 0 {
		t.Errorf("warnings %v", n.Warnings)
	}
}

// TestChecklists checks checkboxes outside action sections: a checklist
// agenda (labels holding boxes) is no list of tasks, a task's sub-task
// boxes are tasks, a label bullet opens an action section for its
// sub-list, and a heading under "Actions" names the owner of its items.
func TestChecklists(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []found
	}{
		{"agenda checklist",
			"# Call\n\n- [ ] Outstanding PRs\n  - [ ] Better shoebox API\n  - [x] Version logging\n- [ ] Discuss issue 12\n",
			nil},
		{"task with sub-tasks",
			"# Call\n\n## Notes\n\n- [ ] Rename the package so that it matches the others, which requires\n  - [ ] Updating the docs\n",
			[]found{{"Rename the package so that it matches the others, which requires", "", false}, {"Updating the docs", "", false}}},
		{"label bullet",
			"# Call\n\n- Last week's action items\n  - Tom please review:\n    - [ ] Make static configurable\n    - [x] Minimize references\n- Other things\n",
			[]found{{"Make static configurable", "Tom", false}, {"Minimize references", "", true}}},
		{"owner headings",
			"# Call\n\n## Actions\n\n### All\n\n* [ ] Prep the comms\n\n### Kat\n\n* [ ] Create slide decks\n\n### Dom + Ben\n\n* [ ] Put up the events\n\n## Notes\n\n- Sponsors rotate\n",
			[]found{{"Prep the comms", Group, false}, {"Create slide decks", "Kat", false}, {"Put up the events", "Dom|Ben", false}}},
		{"carried over",
			"# Call\n\n## Previous tasks\n\n- [x] @ann will update the README\n- [ ] @bob will work on partners\n",
			[]found{{"@ann will update the README", "", true}, {"@bob will work on partners", "bob", false}}},
		{"a ticked box closes no other task",
			"# Call\n\n## Previous tasks\n\n- [ ] @ria will reach out to the sponsors\n- [ ] @flo will contact the venue again\n- [x] @dan will work on deploying the survey\n",
			[]found{{"@ria will reach out to the sponsors", "ria", false}, {"@flo will contact the venue again", "flo", false}, {"@dan will work on deploying the survey", "", true}}},
		{"carried-over tasks repeated",
			"# Call\n\n## Previous tasks\n\n- [ ] @ria will reach out to the sponsors\n- [ ] @dan will work on the branding repository\n- [ ] @flo will contact the venue\n\n" +
				"## Minutes\n\n- Survey\n  - @pia will take a look\n\n## Tasks\n\n- [ ] @ria will reach out to the sponsors\n- [ ] @dan branding\n- [ ] @pia will take a look at the survey and write it up\n- [ ] @ria will contact the venue\n",
			[]found{{"@flo will contact the venue", "flo", false},
				{"@ria will reach out to the sponsors", "ria", false}, {"@dan branding", "dan", false},
				{"@pia will take a look at the survey and write it up", "pia", false}, {"@ria will contact the venue", "ria", false}}},
		{"a discussion TODO restated with the issue's address",
			"# Call\n\n## Bugs\n\n- Can we close issue 996?\n  - TODO: Sumana to synthesize that into a response, close #996.\n\n## TODOs\n\n- Sumana to close https://github.com/org/repo/issues/996\n",
			[]found{{"Sumana to close https://github.com/org/repo/issues/996", "Sumana", false}}},
		{"another issue's address is no repeat",
			"# Call\n\n## Bugs\n\n- Can we close issue 996?\n  - TODO: Sumana to synthesize that into a response, close #996.\n\n## TODOs\n\n- Sumana to close https://github.com/org/repo/issues/997\n",
			[]found{{"Sumana to synthesize that into a response, close #996.", "Sumana", false}, {"Sumana to close https://github.com/org/repo/issues/997", "Sumana", false}}},
		{"a subject over owned tasks",
			"# Call\n\n## Action items\n\n- Tim: Review the DEP\n- Sovereign Tech Fund\n    - Emma: Get a project ready\n    - Check with the fellows if billing is ok\n",
			[]found{{"Tim: Review the DEP", "Tim", false}, {"Emma: Get a project ready", "Emma", false}, {"Check with the fellows if billing is ok", "", false}}},
		{"a subject over details is the task",
			"# Call\n\n## Action items\n\n- Sovereign Tech Fund application\n    - the window closes in May\n",
			[]found{{"Sovereign Tech Fund application", "", false}}},
		{"an action section restated by a later one",
			"# Call\n\n## Next steps\n\n- Tim: Merge the PR for the simulate endpoints\n- Ann: Merge the docs PR\n- Write the release notes\n\n" +
				"## Action items\n\n- Tim: Refactor and merge the PR for the simulate endpoints\n- Bo: Merge the docs PR\n\n### Team\n\n- Write the release notes\n",
			[]found{{"Ann: Merge the docs PR", "Ann", false}, {"Tim: Refactor and merge the PR for the simulate endpoints", "Tim", false},
				{"Bo: Merge the docs PR", "Bo", false}, {"Write the release notes", Group, false}}},
		{"a description under an action",
			"# Call\n\n## Action items\n\n- Suggested changes for the build docs (@ckerr)\n  - debug takes about 30gb\n",
			[]found{{"Suggested changes for the build docs (@ckerr)", "ckerr", false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, got := actionsOf(t, tc.src)
			if len(got) != len(tc.want) {
				t.Fatalf("actions\n got %+v\nwant %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("action %d:\n got %+v\nwant %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestTables checks GitHub tables: an attendance table (a row marked absent
// is not there), an action table read by its header (owner, due date,
// status), a loose header under an action section, an agenda table, whose
// "Owner" presents a topic, which is no action, and a discussion table
// whose cells hold lines ("<br>") read as the outline it stands for.
func TestTables(t *testing.T) {
	src := "# Call\n\n## Attendees\n\n| Name | Affiliation | Present |\n|---|---|---|\n| Alice Smith | Acme | yes |\n| Bob Jones | Foo | no |\n| @carol | | |\n\n" +
		"## Agenda\n\n| Topic | Owner | Time |\n|---|---|---|\n| Release planning | Alice | 10 min |\n\n" +
		"## Decisions and actions\n\n| Action | Owner | Due | Status |\n|---|---|---|---|\n| Update the roadmap | Alice | Friday | |\n| File the advisory | @bobj, Dana | | Done |\n| Book the venue | all | | |\n| Ask the foundation | TBD | | |\n\n" +
		"## Next steps\n\n| Item | Who |\n|---|---|\n| Send the survey | Carol |\n"
	n, got := actionsOf(t, src)
	if a := strings.Join(n.Attendees, "|"); a != "Alice Smith|@carol" {
		t.Errorf("attendees %q, want Alice Smith|@carol", a)
	}
	want := []found{{"Update the roadmap (deadline: Friday)", "Alice", false}, {"File the advisory", "", true},
		{"Book the venue", Group, false}, {"Ask the foundation", "", false}, {"Send the survey", "Carol", false}}
	sameActions(t, got, want)
	for _, tp := range n.Topics {
		for _, it := range tp.Items {
			if it.Kind == KindAction && strings.HasPrefix(it.Text, "Update the roadmap") && (it.Due != "2026-05-15" || it.Line != 21) {
				t.Errorf("roadmap: due %q line %d, want 2026-05-15 (the Friday after %s), line 21", it.Due, it.Line, testDate.Format("2006-01-02"))
			}
		}
	}
	n, got = actionsOf(t, "# Call\n\n## Devnet\n\n| Topic | Subtopic | Details |\n|---|---|---|\n| **devnet-4** | Launch | - Pari: launch it soon<br>- Teams agreed |\n"+
		"| | Action Item | - **ACTION**: Pari to launch devnet-4 after this call |\n| Nimbus | Not present |\n")
	if len(got) != 1 || got[0] != (found{"Pari to launch devnet-4 after this call", "Pari", false}) || strings.Join(n.Attendees, "|") != "Pari" {
		t.Errorf("discussion table: actions %+v attendees %q, want Pari's action and Pari", got, n.Attendees)
	}
	if items := n.Topics[0].Items; len(items) < 3 || items[0].Text != "devnet-4 / Launch" || items[1].Text != "Pari: launch it soon" || items[1].Depth != 2 {
		t.Errorf("discussion table items %+v", items)
	}
}

// TestPlainTextMinutes checks the forms of plain-text minutes as mailing
// lists carry them: roles and an indented attendance list in one block
// ("Minutes taken by: Richard" is Richard Levitte of the list), Org-mode
// headings ("** Topic"), AI lines wrapped at 72 columns, "[DONE]" after an
// item, an attendee's first name before the task ("Tomas draft ..."), and
// the items of "Outstanding actions from last week" kept once where they
// are listed again.
func TestPlainTextMinutes(t *testing.T) {
	src := "Meeting Date: 2021-11-23\nMinutes taken by: Richard\nAttendees:\n    Matt Caswell\n    Richard Levitte\n    Tomas Mraz\n\n" +
		"** Outstanding actions from last week\n\n    AI: Matt to start the vote once 2 weeks has\n        elapsed since the PR was opened\n\n        [not yet done]\n\n" +
		"    AI: Richard to make the repo.\n\n        [DONE]\n\n" +
		"** Stable updates policy discussion\n\n    AI: Tomas draft policy over signature changes\n            constification\n\n" +
		"New and carried over action items:\n\n    AI: Matt to start the vote once 2 weeks has\n        elapsed since the PR was opened\n"
	n, got := actionsOf(t, src)
	if a := strings.Join(n.Attendees, "|"); a != "Matt Caswell|Richard Levitte|Tomas Mraz" {
		t.Errorf("attendees %q", a)
	}
	want := []found{{"Richard to make the repo.", "", true}, {"Tomas draft policy over signature changes constification", "Tomas Mraz", false},
		{"Matt to start the vote once 2 weeks has elapsed since the PR was opened", "Matt", false}}
	sameActions(t, got, want)
	var topics []string
	for _, tp := range n.Topics {
		topics = append(topics, tp.Title)
	}
	if strings.Join(topics, "|") != "Outstanding actions from last week|Stable updates policy discussion" {
		t.Errorf("topics %q", topics)
	}
}

// TestMinutesInProse checks board minutes written as numbered sections of
// indented prose: the later paragraphs of a list item are prose under it
// (the roll call's "Directors Present:" over a name a line, the sentences
// that assign), and the ways prose says someone undertakes a task ("It was
// agreed that Roy will ...", "volunteered to", "going to", "'s going to",
// "plans to"); a meeting role ("volunteered to take the minutes") and a
// pronoun ("He plans to") are not.
func TestMinutesInProse(t *testing.T) {
	src := " 1. Roll Call\n\n    Directors Present:\n        Roy T. Fielding\n        Bill Stoddard\n        Ben Laurie (arrived 10:23am)\n\n" +
		"    Directors Absent:\n        Greg Stein\n\n" +
		" 2. Special Orders\n\n    Bill had posted a revised license. The comments were discussed.\n    Bill will work with Drew to address the concerns.\n\n" +
		"    It was agreed that Roy will investigate this via a contact. We have goals\n    but no direction.  Ben Laurie volunteered to head this effort.\n\n" +
		"    Bill volunteered to take the minutes. He plans to move the mail.\n\n" +
		" 3. Community\n\n    Joe going to create some docs. Trevor's going to create an example.\n"
	n, got := actionsOf(t, src)
	if a := strings.Join(n.Attendees, "|"); a != "Roy T. Fielding|Bill Stoddard|Ben Laurie" {
		t.Errorf("attendees %q", a)
	}
	want := []found{{"Bill will work with Drew to address the concerns.", "Bill Stoddard", false},
		{"It was agreed that Roy will investigate this via a contact.", "Roy T. Fielding", false},
		{"Ben Laurie volunteered to head this effort.", "Ben Laurie", false},
		{"Joe going to create some docs.", "Joe", false}, {"Trevor's going to create an example.", "Trevor", false}}
	sameActions(t, got, want)
}

// TestStatusAndReferences checks an AI line's status on the next line ("Not
// done" keeps it open, "Done" makes it done; the status is not part of the
// text, so the item listed again later is the same one, also with no
// owner), a reference number opening an item ("[2] Ruy and Jordan will
// pair"), who leads in brackets ("(Lead: Ladislaus)"), a reporting verb
// after a name ("Nicola requests that people read ..." is no one's), and
// "needs to" of a person the meeting knows.
func TestStatusAndReferences(t *testing.T) {
	src := "Present: Nicola Tuveri, Martin, Pauli, Dave\n\n** Outstanding actions from last week\n\nAI: Martin to create a security release guide.\nNot done\n\n" +
		"AI: Pauli to ask the test lab.\nDone\n\nAI: Nicola requests that people read the comments.\nNot done\n\n" +
		"** Discussion\n\n- [2] Ruy and Jordan will pair on the implementation\n- Dave needs to chat with Mike\n- Firefox needs to support it\n\n" +
		"## Action items\n\n- Gather suggestions for the name (Lead: Ladislaus)\n\nNew and carried over action items:\n\n" +
		"AI: Martin to create a security release guide.\n\nAI: Nicola requests that people read the comments.\n"
	_, got := actionsOf(t, src)
	want := []found{{"Pauli to ask the test lab.", "", true}, {"Ruy and Jordan will pair on the implementation", "Ruy|Jordan", false},
		{"Dave needs to chat with Mike", "Dave", false}, {"Gather suggestions for the name (Lead: Ladislaus)", "Ladislaus", false},
		{"Martin to create a security release guide.", "Martin", false}, {"Nicola requests that people read the comments.", "", false}}
	sameActions(t, got, want)
}

// TestAccentedFirstName checks that a first name written with its accents
// in the roles ("Minutes taken by: Tomáš") is the person the attendance
// list writes without them ("Tomas Mraz"), not a second attendee; a first
// name that is not one of the list's stays.
func TestAccentedFirstName(t *testing.T) {
	src := "Meeting Date: 2022-03-29\nMinutes taken by: Tomáš\nAttendees:\n    Matt Caswell\n    Tomas Mraz\n\n" +
		"** Policy\n\n    AI: Tomáš to create an alternative proposal\n"
	n, _ := actionsOf(t, src)
	if a := strings.Join(n.Attendees, "|"); a != "Matt Caswell|Tomas Mraz" {
		t.Errorf("attendees %q, want Matt Caswell|Tomas Mraz", a)
	}
	src = strings.Replace(src, "Tomáš\n", "Tomáš\nChair: Zoë\n", 1)
	n, _ = actionsOf(t, src)
	if a := strings.Join(n.Attendees, "|"); !strings.Contains(a, "Zoë") || strings.Contains(a, "Tomáš") {
		t.Errorf("attendees %q, want Zoë kept and Tomáš merged", a)
	}
	// The other way round: the list has the accents, the action not; the
	// first name still finds its attendee ("Tomas draft ..." is Tomáš
	// Mraz's, as "Tomas draft ..." is Tomas Mraz's in TestPlainTextMinutes).
	src = "Meeting Date: 2022-03-29\nAttendees:\n    Matt Caswell\n    Tomáš Mraz\n\n** Policy\n\n    AI: Tomas draft policy over signature changes\n"
	_, got := actionsOf(t, src)
	sameActions(t, got, []found{{"Tomas draft policy over signature changes", "Tomáš Mraz", false}})
}

// TestURLTails checks that a web address counts as its last path segment
// when actions are compared for repeats.
func TestURLTails(t *testing.T) {
	for in, want := range map[string]string{
		"close https://github.com/org/repo/issues/996 today":            "close 996  today",
		"see [PR](http://example.org/pull/12/) and https://example.org": "see [PR](12 ) and  ",
		"no address here":     "no address here",
		"(https://x.org/a/b)": "(b )",
	} {
		if got := urlTails(in); got != want {
			t.Errorf("urlTails(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDashAfterNames checks "Names - task" with an attendee's first name
// before the dash, and the dash typed against the last name ("Frank and
// Emma- looking into ..."); a hyphen inside a word, or before a word that
// names no one the meeting knows, assigns nothing.
func TestDashAfterNames(t *testing.T) {
	head := "---\ndate: 2025-02-10\nmembers:\n  - Frank Wiles\n  - Lily Foote\n---\n\n## Action items\n\n"
	for _, c := range []struct{ item, owners string }{
		{"Frank and Emma- looking into how bots could help", "Frank|Emma"},
		{"Frank and Emma - looking into how bots could help", "Frank|Emma"},
		{"Lily- draft the announcement", "Lily"},
		{"Follow-up on the bots", ""},
		{"Website- redesign the landing page", ""},
	} {
		_, got := actionsOf(t, head+"- "+c.item+"\n")
		if len(got) != 1 || got[0].owners != c.owners {
			t.Errorf("%q: got %+v, want one action owned by %q", c.item, got, c.owners)
		}
	}
}

// TestAttendanceHeadingThenTitle checks that a level-1 heading taken as
// the title after an attendance heading ends the attendance section: the
// items under it are read, not lost as people who are no names.
func TestAttendanceHeadingThenTitle(t *testing.T) {
	n, got := actionsOf(t, "Roll Call\n=========\n\n* Attending:  Nat, Bjorn\n\nData Schema\n===========\n\n* Anoop to update the schema\n")
	if a := strings.Join(n.Attendees, "|"); a != "Nat|Bjorn" {
		t.Errorf("attendees %q, want Nat|Bjorn", a)
	}
	sameActions(t, got, []found{{"Anoop to update the schema", "Anoop", false}})
}
