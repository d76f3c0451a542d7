package notes

import (
	"strings"
)

// Tables (GitHub's Markdown tables) hold two things notes record: who
// attended ("| Name | Affiliation |" under an attendance label) and the
// action items ("| Action | Owner | Due | Status |"). The columns are
// found by their header.

var (
	// taskColRE matches the header of the column of an action table's
	// tasks; taskColLooseRE more headers, read under an action section.
	taskColRE      = lazyRE(`(?i)^(?:action(?:\s+items?)?|actions?|ais?|tasks?|to\s*-?\s*dos?|next\s+steps?|follow[\s-]?ups?)$`)
	taskColLooseRE = lazyRE(`(?i)^(?:items?|what|description|details?|summary)$`)
	ownerColRE     = lazyRE(`(?i)^(?:owners?|owner\(s\)|assignees?|assigned(?:\s+to)?|who|responsible|person|people|dri)$`)
	dueColRE       = lazyRE(`(?i)^(?:due(?:\s+date)?|deadline|by|by\s+when|target(?:\s+date)?|eta)$`)
	statusColRE    = lazyRE(`(?i)^(?:status|state|done\??|progress|completed?\??)$`)
	nameColRE      = lazyRE(`(?i)^(?:(?:full\s+)?names?|attendees?|participants?|present|who|person|people|members?)$`)
	// actionHeadRE matches a header that names a column of actions, among
	// other words ("Actions: Responsible/None", "Notes/Action Items").
	actionHeadRE = lazyRE(`(?i)\b(?:actions?|action\s+items?|AIs?|to\s*-?\s*dos?|next\s+steps?|follow[\s-]?ups?)\b`)
	// doneCellRE matches a status cell saying the item is done.
	doneCellRE = lazyRE(`(?i)^(?:done|closed|complete[d]?|finished|fixed|merged|resolved|yes|x|\[x\]|✅|✔️?|☑️?)\.?$`)
	// absentCellRE matches a cell saying the person was not there.
	absentCellRE = lazyRE(`(?i)^(?:no|absent|regrets?|apologies|excused|❌|✗|✘)\.?$`)
)

// column returns the first column of head whose text (without emphasis
// and a trailing colon) matches re, or -1.
func column(head []string, re *rule) int {
	for i, h := range head {
		if re.MatchString(strings.TrimSuffix(trimSpace(plain(h)), ":")) {
			return i
		}
	}
	return -1
}

// cell returns row's cell i, or "" when the row is shorter.
func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return trimSpace(plain(row[i]))
}

// table reads a table as attendance or actions; false when it is
// neither (an agenda, a schedule), which the caller then reads as the
// outline it stands for (tableList).
func (p *parser) table(b block) bool {
	head, rows := b.cells[0], b.cells[1:]
	task := column(head, taskColRE())
	if task < 0 && p.inSection() {
		task = column(head, taskColLooseRE())
	}
	owner, due, status := column(head, ownerColRE()), column(head, dueColRE()), column(head, statusColRE())
	if task >= 0 && (owner >= 0 || due >= 0 || status >= 0 || p.inSection()) {
		p.actionTable(b, task, owner, due, status)
		return true
	}
	name := column(head, nameColRE())
	listed := column(head, attendLabelRE())
	if p.sec != secAttendance && listed < 0 {
		return false
	}
	if name < 0 {
		name = max(listed, 0)
	}
	for _, row := range rows {
		absent := false
		for i := range row {
			if i != name && absentCellRE().MatchString(cell(row, i)) {
				absent = true
			}
		}
		if c := cell(row, name); c != "" && !absent {
			p.n.Attendees = append(p.n.Attendees, p.attendanceRow(c, false)...)
		}
	}
	return true
}

// actionTable adds a row of an action table as an action: the task's
// cell, owned by the owner's cell (names, handles, "all") or else as the
// task says, due by the due cell, done when the status cell says so.
func (p *parser) actionTable(b block, task, owner, due, status int) {
	for k, row := range b.cells[1:] {
		text := cell(row, task)
		if text == "" || noneRE().MatchString(text) {
			continue
		}
		line := b.rows[k+1]
		t := p.topic(line)
		it := Item{Kind: KindAction, Text: text, Line: line, Depth: 1, sec: true, carried: p.inCarried()}
		if doneCellRE().MatchString(cell(row, status)) {
			it.Kind = KindDone
		}
		if o := cell(row, owner); o != "" && !tbdRE().MatchString(o) {
			if groupWords(strings.Fields(o)) || p.titleBody(o) {
				// "all", "Board" in the board's minutes.
				it.Owners = []string{Group}
			} else if names, ok := p.names(o, true); ok {
				it.Owners = names
			} else if hs := handles(o); len(hs) > 0 {
				it.Owners = hs
			}
		}
		if len(it.Owners) == 0 {
			it.Owners, _ = p.ownerForms(text, true)
		}
		if d := cell(row, due); d != "" && !tbdRE().MatchString(d) {
			it.Text += " (deadline: " + d + ")"
		}
		t.Items = append(t.Items, it)
	}
}

// tableList writes a table that is neither attendance nor actions (an
// agenda, a discussion "| Topic | Subtopic | Details |") as the outline it
// stands for: a bullet a row, named by its label cells (one line of at
// most eight words: "Katya on metrics / Display issues"), with each line of
// its other cells ("- **ACTION**: Pari will update the interval<br>- ...")
// a bullet under it. A row of only a label is a bullet alone.
//
// A cell of a column whose header names actions ("Actions: Responsible/
// None", "Next steps") is lines, however short: "Hwang to amend the
// schedule" is an item under its row, not a part of the row's name.
func tableList(b block) []block {
	var out []block
	acts := make([]bool, len(b.cells[0]))
	for i, h := range b.cells[0] {
		acts[i] = i > 0 && actionHeadRE().MatchString(plain(h))
	}
	for k, row := range b.cells[1:] {
		line := b.rows[k+1]
		var label []string
		var lines []string
		for i, c := range row {
			c = trimSpace(c)
			if c == "" {
				continue
			}
			if !strings.Contains(c, "\n") && len(strings.Fields(c)) <= 8 && !startsBullet(c) && (i >= len(acts) || !acts[i]) {
				label = append(label, c)
				continue
			}
			for _, ln := range strings.Split(c, "\n") {
				if ln = trimSpace(ln); ln != "" {
					if rest, ok := bulletAt(ln); ok {
						ln = rest
					}
					lines = append(lines, ln)
				}
			}
		}
		if len(label) == 0 && len(lines) == 0 {
			continue
		}
		depth := 0
		if len(label) > 0 {
			out = append(out, block{kind: bBullet, text: strings.Join(label, " / "), line: line, list: b.list})
			depth = 1
		}
		for _, ln := range lines {
			out = append(out, block{kind: bBullet, depth: depth, text: ln, line: line, list: b.list})
		}
	}
	return out
}

// startsBullet reports whether a cell's text starts with a bullet ("- x",
// "• x").
func startsBullet(s string) bool {
	_, ok := bulletAt(s)
	return ok
}
