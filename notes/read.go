package notes

import (
	"bytes"
	"context"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/internal/english"
	"github.com/gavel-irc/gavel/people"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	gmparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// DefaultMaxBytes is the largest notes file Parse reads when
// Options.MaxBytes is 0: 16 MiB, far beyond any notes a person types
// (the seeds are 3 to 5 KB), small enough that reading it whole is safe.
const DefaultMaxBytes = 16 << 20

// checkEvery is how many lines are read between two looks at the context.
const checkEvery = 4096

// mdParser is goldmark's block and inline parser with task-list items
// ("- [ ] x", "- [x] x") and GitHub's tables. It is safe for concurrent use
// once built.
var mdParser = func() gmparser.Parser {
	return goldmark.New(goldmark.WithExtensions(extension.TaskList, extension.Table)).Parser()
}()

// scan reads the file (at most max bytes), checks it, reads its front
// matter and turns the rest into the outline: the blocks of goldmark's
// syntax tree (headings, lists with their nesting and task marks,
// paragraphs), where each paragraph's lines go through the plain-text
// outline reader (bullets such as "•" nested by indentation), so Markdown
// and plain-text notes give the same model.
func scan(ctx context.Context, r io.Reader, name string, max int64) ([]block, frontMatter, error) {
	if max <= 0 {
		max = DefaultMaxBytes
	}
	src, err := readAll(r, max+1)
	if err != nil {
		return nil, frontMatter{}, &Error{Name: name, Msg: "reading: " + err.Error()}
	}
	if int64(len(src)) > max {
		return nil, frontMatter{}, &Error{Name: name, Msg: "file larger than " + strconv.FormatInt(max, 10) + " bytes (the notes size limit): not a notes file?"}
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	// Line starts, and the checks every line must pass.
	starts := make([]int, 0, bytes.Count(src, []byte{'\n'})+1)
	for off, n := 0, 1; off < len(src); n++ {
		if n%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, frontMatter{}, err
			}
		}
		starts = append(starts, off)
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		line := src[off:end]
		switch {
		case len(line) > maxLine:
			return nil, frontMatter{}, &Error{Name: name, Line: n, Msg: "line longer than 64 KiB (not a notes file?)"}
		case bytes.IndexByte(line, 0) >= 0:
			return nil, frontMatter{}, &Error{Name: name, Line: n, Msg: "NUL byte: this is a binary file, not notes"}
		case !utf8.Valid(line):
			return nil, frontMatter{}, &Error{Name: name, Line: n, Msg: "text is not UTF-8"}
		}
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t' || line[0] == 0xc2) { // indented (0xc2: a no-break space)
			if col, rest := indentOf(string(line)); col > maxIndent && trimSpace(rest) != "" {
				return nil, frontMatter{}, &Error{Name: name, Line: n, Msg: "indentation of " + strconv.Itoa(col) + " columns is too deep (at most 64)"}
			}
		}
		off = end + 1
	}
	lineText := func(i int) string {
		end := len(src)
		if i+1 < len(starts) {
			end = starts[i+1] - 1
		}
		return strings.TrimRight(string(src[starts[i]:end]), "\r\n")
	}
	fm, body := readFrontMatter(len(starts), lineText)
	if body >= len(starts) {
		return nil, fm, nil
	}
	// The body, with no-break spaces made spaces (as bullets and names are
	// separated by them in pasted text).
	md := src[starts[body]:]
	if bytes.Contains(md, []byte("\u00a0")) {
		md = bytes.ReplaceAll(md, []byte("\u00a0"), []byte(" "))
	}
	md = tightMarks(md)
	w := &walker{ctx: ctx, name: name, src: md, text: string(md), base: body}
	w.ls.w = w
	w.starts = make([]int, 0, len(starts)-body)
	for off := 0; off < len(md); {
		w.starts = append(w.starts, off)
		i := bytes.IndexByte(md[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	// About a block a line in outlines (bounded: one long paragraph is
	// one block).
	w.blocks = make([]block, 0, min(len(w.starts), 1<<14))
	doc := mdParser.Parse(text.NewReader(md))
	if err := w.walk(doc, 0, 0); err != nil {
		return nil, frontMatter{}, err
	}
	w.ls.flush()
	return w.blocks, fm, nil
}

// readAll reads at most n bytes of r, as io.ReadAll(io.LimitReader(r, n))
// does, in one allocation when r says how much it holds (the file gavel
// notes read, given as a *strings.Reader or *bytes.Reader) instead of
// doubling its buffer a dozen times.
func readAll(r io.Reader, n int64) ([]byte, error) {
	lr := io.LimitReader(r, n)
	l, ok := r.(interface{ Len() int })
	if !ok {
		return io.ReadAll(lr)
	}
	// bytes.Buffer reads into at least bytes.MinRead bytes of room.
	buf := bytes.NewBuffer(make([]byte, 0, min(int64(l.Len()), n)+bytes.MinRead))
	if _, err := buf.ReadFrom(lr); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// walker turns goldmark's syntax tree into blocks.
type walker struct {
	ctx  context.Context
	name string
	src  []byte
	// text is src as a string, made once: the outline's lines are its
	// substrings, not a string made for each line.
	text   string
	starts []int // byte offset of each line of src
	base   int   // lines of the file before src
	blocks []block
	list   int // lists seen so far: each list gets its own number
	ls     lineScanner
	seen   int // nodes walked, to look at the context now and then
	// cellBR is set while a table cell is read: its "<br>" break lines.
	cellBR bool
}

// isBR reports whether the raw HTML of segs is a line break, "<br>",
// "<br/>" or "<br />".
func isBR(segs *text.Segments, src []byte) bool {
	var b strings.Builder
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		b.Write(seg.Value(src))
	}
	t := strings.ToLower(strings.ReplaceAll(b.String(), " ", ""))
	return t == "<br>" || t == "<br/>"
}

// lineOf returns the 1-based line number in the file of byte offset off
// of src.
func (w *walker) lineOf(off int) int {
	return w.base + sort.Search(len(w.starts), func(i int) bool { return w.starts[i] > off })
}

// firstLine returns the byte offset where the text of n (a block) starts,
// or -1 when n has no text.
func firstLine(n ast.Node) int {
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() != ast.TypeBlock {
			continue
		}
		if off := firstLine(c); off >= 0 {
			return off
		}
	}
	return -1
}

// walk adds the blocks of n; depth is the list nesting (0 outside lists)
// and list the number of the enclosing list.
func (w *walker) walk(n ast.Node, depth, list int) error {
	if w.seen++; w.seen%checkEvery == 0 {
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
	switch n := n.(type) {
	case *ast.Heading:
		w.ls.reset()
		if n.Lines().Len() == 0 {
			return nil
		}
		w.add(block{kind: bHeading, level: n.Level, text: trimSpace(w.inline(n, nil, " ")), line: w.lineOf(n.Lines().At(0).Start)})
		w.ls.reset()
		return nil
	case *ast.ThematicBreak:
		w.ls.reset()
		return nil
	case *ast.HTMLBlock:
		// Skipped, but for a table (htmlTable).
		w.htmlTable(n)
		return nil
	case *extast.Table:
		w.ls.reset()
		w.table(n)
		w.ls.reset()
		return nil
	case *ast.FencedCodeBlock:
		w.ls.reset()
		lines := n.Lines()
		if lines.Len() == 0 {
			return nil
		}
		parts := make([]string, 0, lines.Len())
		for i := 0; i < lines.Len(); i++ {
			if s := trimSpace(string(w.src[lines.At(i).Start:lines.At(i).Stop])); s != "" {
				parts = append(parts, s)
			}
		}
		if len(parts) > 0 {
			w.add(block{kind: bPara, text: strings.Join(parts, "\n"), line: w.lineOf(lines.At(0).Start)})
		}
		w.ls.reset()
		return nil
	case *ast.Paragraph, *ast.CodeBlock:
		return w.paragraph(n)
	case *ast.List:
		w.ls.reset()
		if depth == 0 {
			w.list++
			list = w.list
		}
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			if err := w.item(it, n.IsOrdered(), depth, list); err != nil {
				return err
			}
		}
		w.ls.reset()
		return nil
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if err := w.walk(c, depth, list); err != nil {
			return err
		}
	}
	return nil
}

// paragraph feeds the lines of a paragraph (or indented block) to the
// plain-text outline reader; a paragraph that is only prose becomes one
// block with its inline Markdown read (emphasis dropped, links as their
// text).
func (w *walker) paragraph(n ast.Node) error {
	lines := n.Lines()
	if lines.Len() == 0 {
		return nil
	}
	before := len(w.blocks)
	first := w.lineOf(lines.At(0).Start)
	if _, isPara := n.(*ast.Paragraph); isPara && !(w.ls.open && w.ls.inBullet) && !w.hasBullet(lines) {
		if seg := lines.At(0); w.starts[first-w.base-1] == seg.Start {
			if level, title, ok := orgHeading(string(w.src[seg.Start:seg.Stop])); ok {
				// "** Agree minutes from previous meeting": an Org-mode
				// heading of plain-text minutes (level 1 would be a bullet).
				w.ls.reset()
				w.add(block{kind: bHeading, level: level, text: title, line: first})
				if lines.Len() > 1 {
					var rest []string
					for i := 1; i < lines.Len(); i++ {
						seg := lines.At(i)
						rest = append(rest, trimSpace(string(w.src[seg.Start:seg.Stop])))
					}
					w.add(block{kind: bPara, text: strings.Join(rest, "\n"), line: first + 1})
				}
				return nil
			}
		}
		// Prose only: one block, no line-by-line outline reading.
		w.add(block{kind: bPara, text: trimSpace(w.inline(n, nil, "\n")), line: first})
		w.ls.reset()
		return nil
	}
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		ln := w.lineOf(seg.Start)
		// The indentation is what precedes the text on its line
		// (blockquote marks count as columns).
		ls := w.starts[ln-w.base-1]
		pre := w.text[ls:seg.Start]
		col, spaces := 0, true
		for _, c := range pre {
			if c == '\t' {
				col += tabWidth - col%tabWidth
			} else {
				col++
			}
			spaces = spaces && c == ' '
		}
		line := w.text[ls:seg.Stop] // the indentation as written, when it is spaces
		if !spaces {
			line = strings.Repeat(" ", col) + w.text[seg.Start:seg.Stop]
		}
		if err := w.ls.line(ln, line); err != nil {
			return err
		}
	}
	w.ls.flush()
	if _, isPara := n.(*ast.Paragraph); isPara && len(w.blocks) == before+1 && w.blocks[before].kind == bPara && w.blocks[before].line == first {
		w.blocks[before].text = trimSpace(w.inline(n, nil, "\n"))
	}
	return nil
}

// hasBullet reports whether a line of the paragraph starts with a bullet
// of the plain-text outline ("•", "1.", ...).
func (w *walker) hasBullet(lines *text.Segments) bool {
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		if _, ok := bulletAt(trimSpace(string(w.src[seg.Start:min(seg.Stop, seg.Start+16)]) + " x")); ok {
			return true
		}
	}
	return false
}

// item adds a list item: its text (the first paragraph, with later ones
// joined to it) as a bullet block, then what is nested in it.
func (w *walker) item(it ast.Node, ord bool, depth, list int) error {
	w.ls.reset()
	off := firstLine(it)
	if off < 0 {
		return nil
	}
	line := w.lineOf(off)
	if depth+1 > maxDepth {
		return &Error{Name: w.name, Line: line, Msg: "bullets nested more than 16 levels deep"}
	}
	b := block{kind: bBullet, depth: depth, line: line, list: list, ord: ord}
	var rest []ast.Node
	var acts []block
	first := true
	for c := it.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			if first {
				if s := trimSpace(w.inline(c, &b.check, " ")); s != "" {
					b.text, first = s, false
					if c.Lines().Len() > 1 {
						b.text, acts = w.actionLinesOf(c, b.text, depth+1, list)
					}
				}
				continue
			}
		}
		rest = append(rest, c)
	}
	if b.check == 0 {
		// "- ☐ Order the stickers", "- ✅ Sent the invoices".
		b.check, b.text = emojiBox(b.text)
	}
	w.add(b)
	for _, a := range acts {
		w.add(a)
	}
	for _, c := range rest {
		switch c.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			// A later paragraph of the item ("4. Officer Reports" over
			// "Brian reported that ... Jim will be sending email ..."):
			// prose under it, its lines kept.
			if c.Lines().Len() == 0 {
				continue
			}
			if s := trimSpace(w.inline(c, nil, "\n")); s != "" {
				w.add(block{kind: bBullet, depth: depth + 1, line: w.lineOf(c.Lines().At(0).Start), list: list, text: s, prose: true})
			}
			continue
		}
		if err := w.walk(c, depth+1, list); err != nil {
			return err
		}
	}
	return nil
}

// actionLineRE matches a line that starts an action with its label:
// "Action: ...", "Action Mark/Philippe: ...", "AI: ...", "TODO: ...",
// "AI[Bob]: ...", "AI(bob): ...", "AI @bob: ...", "[AI: Bob] ..." (a colon after the label: "AI-generated"
// starts no action).
var actionLineRE = lazyRE(`^(?:(?i:action(?:\s+(?:items?|points?))?|AI|TODO)(?:\s+(?:\p{Lu}|@)[^:\[\]()]{0,60}?)?\s*:\s*\S|(?i:AI|action(?:\s+item)?|todo)\s*(?:\[[^\[\]]{1,60}\]|\([^()]{1,40}\)\s*:)|\[\s*(?i:AI|action(?:\s+item)?|todo)\s*[:\-–—]?\s*[^\[\]]{1,60}\])`)

// turnLine reports whether ln opens a speaker's turn as scribes write it:
// a name of one or two capitalised words, the first no ordinary English
// word ("Mark", "Adam Langley", not "Answer", "Note", "TLS"), a colon.
func turnLine(ln string) bool {
	i := strings.IndexByte(ln, ':')
	if i < 2 || i > 40 || i+1 >= len(ln) || ln[i+1] != ' ' {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(ln); !unicode.IsUpper(r) {
		return false
	}
	m := speakerColRE().FindStringSubmatch(ln[:min(len(ln), i+3)])
	if m == nil || isUpperWord(m[1]) || camelCase(m[1]) {
		return false
	}
	f, _, _ := strings.Cut(m[1], " ")
	return people.LooksLikeName(m[1]) && !english.NotAName(f)
}

// actionLinesOf splits off the lines of a list item's paragraph that start
// an action ("- HTTP 1.1" / "Review of documents ..." / "Action Mark: Will
// have a cross-document WGLC." / "Action Mark/Philippe: Go talk to W3C",
// plain text that Markdown reads as one item, its lines lazy
// continuations): the item's text is the lines before the first, and each
// action line, with the lines that follow it up to the next, becomes a
// bullet under the item. text is the paragraph's text as one line; it is
// returned unchanged when no later line starts an action.
func (w *walker) actionLinesOf(c ast.Node, text string, depth, list int) (string, []block) {
	lines := strings.Split(w.inline(c, nil, "\n"), "\n")
	segs := c.Lines()
	var head []string
	var acts []block
	for k, ln := range lines {
		ln = trimSpace(ln)
		if k > 0 && (ln != "" && strings.IndexByte("aAtT[", ln[0]) >= 0) && actionLineRE().MatchString(ln) {
			at := w.lineOf(segs.At(min(k, segs.Len()-1)).Start)
			acts = append(acts, block{kind: bBullet, depth: depth, line: at, list: list, text: ln})
			continue
		}
		if k > 0 && turnLine(ln) {
			// "- TLS" / "Mark: Discussing with EKR" / "Adam: Google has
			// said ...": scribed turns under a topic's line, read as the
			// turns of a paragraph under it (who spoke, what each
			// undertook), not as the topic's title.
			if n := len(acts); n > 0 && acts[n-1].prose {
				acts[n-1].text += "\n" + ln
			} else {
				at := w.lineOf(segs.At(min(k, segs.Len()-1)).Start)
				acts = append(acts, block{kind: bBullet, depth: depth, line: at, list: list, text: ln, prose: true})
			}
			continue
		}
		if n := len(acts); n > 0 && acts[n-1].prose {
			acts[n-1].text += "\n" + ln
		} else if n > 0 {
			acts[n-1].text += " " + ln
		} else {
			head = append(head, ln)
		}
	}
	if len(acts) == 0 {
		return text, nil
	}
	return trimSpace(strings.Join(head, " ")), acts
}

// table adds a table as one block: its rows' cells (the header first),
// each row's line, and the rows' text as a paragraph would have it (what
// the parser reads when the table is neither attendance nor actions).
func (w *walker) table(n *extast.Table) {
	b := block{kind: bTable}
	var lines []string
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			w.cellBR = true
			cells = append(cells, trimSpace(w.inline(c, nil, " ")))
			w.cellBR = false
		}
		ln := w.lineOf(r.Pos())
		if b.line == 0 {
			b.line = ln
		}
		b.cells = append(b.cells, cells)
		b.rows = append(b.rows, ln)
		lines = append(lines, "| "+strings.Join(cells, " | ")+" |")
	}
	if len(b.cells) == 0 {
		return
	}
	w.list++
	b.list = w.list
	b.text = strings.Join(lines, "\n")
	w.add(b)
}

// add appends a block made from the syntax tree.
func (w *walker) add(b block) {
	w.ls.flush()
	w.blocks = append(w.blocks, b)
}

// inline returns the text of n's inline content: emphasis marks dropped,
// links and images as their text, line breaks as br. A task box sets
// *check (1 open, 2 done).
func (w *walker) inline(n ast.Node, check *int, br string) string {
	var sb strings.Builder
	var rec func(n ast.Node)
	rec = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				sb.Write(c.Segment.Value(w.src))
				if c.SoftLineBreak() || c.HardLineBreak() {
					sb.WriteString(br)
				}
			case *ast.String:
				sb.Write(c.Value)
			case *ast.AutoLink:
				sb.Write(c.Label(w.src))
			case *ast.RawHTML:
				if w.cellBR && isBR(c.Segments, w.src) {
					// "<br>" in a table cell: the cell's lines.
					sb.WriteByte('\n')
				}
			case *extast.TaskCheckBox:
				if check != nil {
					*check = 1
					if c.IsChecked {
						*check = 2
					}
				}
			case *ast.Link:
				if c.FirstChild() == nil {
					sb.Write(c.Destination)
				} else {
					rec(c)
				}
			default:
				rec(c)
			}
		}
	}
	rec(n)
	return sb.String()
}

// lineScanner reads plain-text outline lines: bullets ("•", "-", "1."
// ...) nested by indentation, lines under a bullet continuing it, other
// lines prose paragraphs.
type lineScanner struct {
	w         *walker
	stack     []int // indentation columns of the open bullet levels
	lastLine  int
	lastBlank bool
	inBullet  bool // the last block is a bullet that may continue
	lastOrd   bool // the last top-level bullet was numbered
	open      bool // the last block is this scanner's and may grow
	more      []string
}

// reset ends the outline: a structural Markdown block came between.
func (s *lineScanner) reset() {
	s.flush()
	s.stack, s.inBullet, s.lastBlank, s.open = s.stack[:0], false, true, false
}

// flush joins the continuation lines of the last block into its text:
// once, so a long paragraph is built in linear time.
func (s *lineScanner) flush() {
	if len(s.more) == 0 {
		return
	}
	b := &s.w.blocks[len(s.w.blocks)-1]
	sep := "\n"
	if b.kind == bBullet {
		sep = " "
	}
	b.text += sep + strings.Join(s.more, sep)
	s.more = s.more[:0]
}

func (s *lineScanner) push(b block) {
	s.flush()
	s.w.blocks = append(s.w.blocks, b)
	s.open = true
}

// line reads line ln of the file.
func (s *lineScanner) line(ln int, raw string) error {
	if ln > s.lastLine+1 {
		s.lastBlank = true
	}
	s.lastLine = ln
	raw = strings.TrimRight(raw, " \t\r")
	col, str := indentOf(raw)
	if trimSpace(str) == "" {
		s.lastBlank = true
		return nil
	}
	if rest, ok := bulletAt(str); ok {
		ord := orderedLen(str) > 0
		for len(s.stack) > 0 && s.stack[len(s.stack)-1] > col {
			s.stack = s.stack[:len(s.stack)-1]
		}
		// A new list starts after prose, or where numbered and plain
		// top-level bullets meet.
		if len(s.stack) == 0 || (len(s.stack) == 1 && s.stack[0] == col && ord != s.lastOrd) {
			s.w.list++
			s.stack = s.stack[:0]
		}
		if len(s.stack) <= 1 {
			s.lastOrd = ord
		}
		if len(s.stack) == 0 || s.stack[len(s.stack)-1] < col {
			s.stack = append(s.stack, col)
		}
		if len(s.stack) > maxDepth {
			return &Error{Name: s.w.name, Line: ln, Msg: "bullets nested more than 16 levels deep"}
		}
		b := block{kind: bBullet, depth: len(s.stack) - 1, text: rest, line: ln, list: s.w.list, ord: ord}
		if n, ticked := checkLen(rest); n > 0 {
			b.check = 1
			if ticked {
				b.check = 2
			}
			b.text = trimSpace(rest[n:])
		} else {
			b.check, b.text = emojiBox(rest)
		}
		s.push(b)
		s.lastBlank, s.inBullet = false, true
		return nil
	}
	text := trimSpace(str)
	// A line under a bullet, indented, continues it.
	if s.open && s.inBullet && col > 0 && len(s.stack) > 0 && (col >= s.stack[len(s.stack)-1] || !s.lastBlank) {
		s.more = append(s.more, text)
		s.lastBlank = false
		return nil
	}
	if s.open && !s.lastBlank && s.w.blocks[len(s.w.blocks)-1].kind == bPara {
		s.more = append(s.more, text)
		return nil
	}
	s.push(block{kind: bPara, text: text, line: ln})
	s.lastBlank, s.inBullet, s.stack = false, false, s.stack[:0]
	return nil
}

// orgHeading reads an Org-mode heading of level 2 or more at the start of a
// line ("** Stable updates policy discussion"): stars, a space, the title,
// and no closing stars (which would be strong emphasis).
func orgHeading(line string) (level int, title string, ok bool) {
	for level < len(line) && line[level] == '*' {
		level++
	}
	if level < 2 || level > 6 || level >= len(line) || line[level] != ' ' {
		return 0, "", false
	}
	title = trimSpace(strings.TrimRight(line[level:], " \t"))
	if title == "" || strings.HasSuffix(title, "*") {
		return 0, "", false
	}
	return level, title, true
}

// tightMarks gives a space to the headings and bullets typed without one,
// as GitHub's Markdown read them before it followed CommonMark (2017) and
// as notes of that time are written: "###Present" is a heading, "*Rowan
// Alexander" a bullet. Only before a letter: "#9092" is an issue, "#topic"
// and the other MeetBot commands stay as typed, and "*Note* ..." is
// emphasis. Lines are not added or removed, so line numbers hold.
func tightMarks(md []byte) []byte {
	if !bytes.Contains(md, []byte("\n#")) && !bytes.Contains(md, []byte("\n*")) && (len(md) == 0 || md[0] != '#' && md[0] != '*') {
		return md
	}
	var out []byte
	done := 0
	for off := 0; off < len(md); {
		end := bytes.IndexByte(md[off:], '\n')
		if end < 0 {
			end = len(md)
		} else {
			end += off
		}
		if at := tightAt(md[off:end]); at > 0 {
			if out == nil {
				out = make([]byte, 0, len(md)+64)
			}
			out = append(out, md[done:off+at]...)
			out = append(out, ' ')
			done = off + at
		}
		off = end + 1
	}
	if out == nil {
		return md
	}
	return append(out, md[done:]...)
}

// tightAt returns where a space goes in line, a heading's hashes or a
// bullet's star right before a letter, or 0.
func tightAt(line []byte) int {
	if len(line) < 2 || line[0] != '#' && line[0] != '*' {
		return 0
	}
	n := 1
	if line[0] == '#' {
		for n < len(line) && n < 7 && line[n] == '#' {
			n++
		}
		if n > 6 {
			return 0
		}
	}
	if n >= len(line) {
		return 0
	}
	r, _ := utf8.DecodeRune(line[n:])
	if !unicode.IsLetter(r) {
		return 0
	}
	if line[0] == '*' {
		if bytes.IndexByte(line[1:], '*') >= 0 {
			// "*Note* that ...": emphasis.
			return 0
		}
		return 1
	}
	w := line[n:]
	if i := bytes.IndexAny(w, " \t"); i >= 0 {
		w = w[:i]
	}
	if meetBotWords[strings.ToLower(string(w))] {
		return 0
	}
	return n
}

// meetBotWords are MeetBot's commands, which a chair may type into notes:
// "#topic Budget" is not a heading.
var meetBotWords = map[string]bool{"topic": true, "info": true, "action": true, "agreed": true, "idea": true,
	"link": true, "help": true, "done": true, "startmeeting": true, "endmeeting": true, "chair": true,
	"unchair": true, "nick": true, "undo": true, "meetingname": true, "meetingtopic": true, "accepted": true,
	"rejected": true, "commands": true, "save": true, "vote": true, "endvote": true, "startvote": true}
