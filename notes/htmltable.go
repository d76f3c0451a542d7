package notes

import (
	"html"
	"strings"

	"github.com/gavel-irc/gavel/internal/ascii"
	"github.com/yuin/goldmark/ast"
)

// HTML tables: notes exported from GitBook, Confluence or Notion, and
// notes typed by people who want a line break in a cell, hold raw HTML
// tables ("<table><tr><th>Discussion Points</th><th>Actions</th></tr>
// ..."). Markdown keeps them as an HTML block, which is otherwise skipped;
// a block holding a table is read as the table it stands for, cell by
// cell, as GitHub's tables are.

var (
	htmlRowRE  = lazyRE(`(?is)<tr\b[^>]*>(.*?)</tr\s*>`)
	htmlCellRE = lazyRE(`(?is)<t[hd]\b[^>]*>(.*?)</t[hd]\s*>`)
	// htmlBreakRE matches what ends a line of a cell: a break, the end of
	// a list item, a paragraph or a division.
	htmlBreakRE = lazyRE(`(?i)<br\s*/?>|</(?:li|p|div)\s*>|<(?:li|p|div)\b[^>]*>`)
	htmlTagRE   = lazyRE(`<[^<>]*>`)
	// htmlItemRE matches the start of a list item, which a cell's line
	// keeps as a bullet ("- Hwang to submit the revision").
	htmlItemRE = lazyRE(`(?i)<li\b[^>]*>`)
)

// htmlTable adds the table an HTML block holds, if it holds one with rows
// of cells, and reports whether it did.
func (w *walker) htmlTable(n *ast.HTMLBlock) bool {
	lines := n.Lines()
	if lines.Len() == 0 {
		return false
	}
	var sb strings.Builder
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		sb.Write(seg.Value(w.src))
	}
	if n.HasClosure() {
		seg := n.ClosureLine
		sb.Write(seg.Value(w.src))
	}
	src := sb.String()
	if !ascii.ContainsFold(src, "<table") {
		return false
	}
	cells, rows := htmlTableCells(src)
	if len(cells) < 2 {
		return false
	}
	first := w.lineOf(lines.At(0).Start)
	b := block{kind: bTable, line: first, cells: cells}
	var text []string
	for k := range cells {
		b.rows = append(b.rows, first+rows[k])
		text = append(text, "| "+strings.Join(cells[k], " | ")+" |")
	}
	w.ls.reset()
	w.list++
	b.list = w.list
	b.text = strings.Join(text, "\n")
	w.add(b)
	w.ls.reset()
	return true
}

// htmlTableCells returns the rows of cells of the HTML table in src (the
// header row first, as written), each cell's text with its tags dropped,
// its entities read, a line for each break, paragraph or list item ("- "
// before an item's), and the line of each row within src (0 for the
// first).
func htmlTableCells(src string) (cells [][]string, rows []int) {
	for _, m := range htmlRowRE().FindAllStringSubmatchIndex(src, -1) {
		var row []string
		for _, c := range htmlCellRE().FindAllStringSubmatch(src[m[2]:m[3]], -1) {
			row = append(row, htmlCellText(c[1]))
		}
		if len(row) == 0 {
			continue
		}
		cells = append(cells, row)
		rows = append(rows, strings.Count(src[:m[0]], "\n"))
	}
	return cells, rows
}

// htmlCellText returns the text of a cell's HTML: lines at breaks,
// paragraphs and list items, tags dropped, entities read, white space
// made single spaces.
func htmlCellText(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	s = htmlItemRE().ReplaceAllString(s, "\n- ")
	s = htmlBreakRE().ReplaceAllString(s, "\n")
	s = htmlTagRE().ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	var out []string
	for _, ln := range strings.Split(s, "\n") {
		if ln = strings.Join(strings.Fields(ln), " "); ln != "" && ln != "-" {
			out = append(out, ln)
		}
	}
	return strings.Join(out, "\n")
}

// emojiBox reads a task box written as a symbol, as notes pasted from
// editors write them: "☐ Order the stickers" (open), "☑ ...", "☒ ..."
// (done), and "[] ..." (open), typed without the space the task-list
// extension needs; a check mark ("✅ Merged the PR") is a status, not a
// box. It returns the box (0 none, 1 open, 2 done) and the text without
// it.
func emojiBox(s string) (int, string) {
	if strings.HasPrefix(s, "[]") {
		// "- [] AWG Chair will ...": an open box typed without its
		// space, which the task-list extension does not take.
		if n, _ := checkLen(s); n > 0 {
			return 1, trimSpace(s[n:])
		}
	}
	if s == "" || s[0] < 0x80 {
		return 0, s
	}
	for _, b := range []struct {
		sym   string
		check int
	}{{"☐", 1}, {"☑️", 2}, {"☑", 2}, {"☒", 2}} {
		if rest, ok := strings.CutPrefix(s, b.sym); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			return b.check, trimSpace(rest)
		}
	}
	return 0, s
}
