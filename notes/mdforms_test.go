package notes

import "testing"

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
			"# Call\n\n## Calls\n\n- **Next step:** Jessica to explore how others do it; Keith to coordinate with the hub.\n- Kate to make issue; Eric to implement\n- Paul to follow up; Kat to help\n- Ravi to book the hall; the rest can wait\n",
			[]found{{"Next step: Jessica to explore how others do it", "Jessica", false}, {"Keith to coordinate with the hub.", "Keith", false},
				{"Kate to make issue", "Kate", false}, {"Eric to implement", "Eric", false},
				{"Paul to follow up; Kat to help", "Paul|Kat", false}, {"Ravi to book the hall; the rest can wait", "Ravi", false}}},
		{"the meeting's body by its acronym is the group",
			"# OTC meeting\n\nAI: OTC to read the fuzzing docs\n\n- [TAC]: Call for reviews\n",
			[]found{{"OTC to read the fuzzing docs", Group, false}, {"Call for reviews", "", false}}},
		{"the body named so in the notes",
			"# Weekly call\n\nThe OTC voted on the release.\n\n## Actions\n\n- AI: OTC to read the fuzzing docs\n",
			[]found{{"OTC to read the fuzzing docs", Group, false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, got := actionsOf(t, tc.src)
			sameActions(t, got, tc.want)
		})
	}
}
