package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/minutes"
	"github.com/gavel-irc/gavel/store"
)

const notesConfig = `
[store]
path = "data/gavel.db"

[site]
base_url = "https://minutes.example.org/"

[[people]]
name = "Kushal Das"
nicks = ["kushal"]

[[people]]
name = "Prasad J Pandit"
nicks = ["pjp"]
aliases = ["PJP"]
`

func notesSetup(t *testing.T) (dir, cfg string) {
	t.Helper()
	dir = t.TempDir()
	cfg = filepath.Join(dir, "gavel.toml")
	if err := os.WriteFile(cfg, []byte(notesConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, cfg
}

func gavel(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var so, se bytes.Buffer
	rc := run(args, &so, &se)
	return rc, so.String(), se.String()
}

// storeCounts opens the store and counts meetings and action items.
func storeCounts(t *testing.T, db string) (meetings, actions int) {
	t.Helper()
	if _, err := os.Stat(db); os.IsNotExist(err) {
		return 0, 0
	}
	st, err := store.Open(db, store.Options{LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ms, err := st.AllMeetings()
	if err != nil {
		t.Fatal(err)
	}
	as, err := st.Actions(store.ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(ms), len(as)
}

func TestNotesAndActions(t *testing.T) {
	dir, cfg := notesSetup(t)
	seed := filepath.Join("..", "..", "notes", "testdata", "f2f-2011-07-19.txt")
	base := []string{"notes", "-c", cfg, "--series", "fudcon", "--date", "2011-07-19", "--time", "15:00", "--tz", "Asia/Kolkata"}

	rc, so, se := gavel(t, append(base, "--dry-run", seed)...)
	if rc != 0 || !strings.Contains(so, "ACTION Goodies — owners: Kushal Das — due 2011-08-31") || !strings.Contains(so, "nothing stored") {
		t.Fatalf("dry run: exit %d\n%s\n%s", rc, so, se)
	}
	if m, a := storeCounts(t, filepath.Join(dir, "data/gavel.db")); m+a != 0 {
		t.Fatalf("dry run stored %d meetings, %d items", m, a)
	}

	rc, so, se = gavel(t, append(base, seed)...)
	if rc != 0 || !strings.Contains(so, "imported meeting fudcon.2011-07-19T093000Z: 14 topics, 18 action items") {
		t.Fatalf("import: exit %d\n%s\n%s", rc, so, se)
	}
	db := filepath.Join(dir, "data/gavel.db")
	m, a := storeCounts(t, db)
	if m != 1 || a != 18 {
		t.Errorf("store has %d meetings, %d items", m, a)
	}
	// Again: refused, nothing more stored.
	rc, _, se = gavel(t, append(base, seed)...)
	if rc != 1 || !strings.Contains(se, "already") || !strings.Contains(se, "nothing stored") {
		t.Errorf("second import: exit %d: %s", rc, se)
	}
	if m2, a2 := storeCounts(t, db); m2 != m || a2 != a {
		t.Errorf("second import changed the store: %d meetings, %d items", m2, a2)
	}

	rc, so, se = gavel(t, "actions", "-c", cfg, "--json", "--owner", "kushal")
	if rc != 0 {
		t.Fatalf("actions: exit %d: %s", rc, se)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(so), &items); err != nil {
		t.Fatalf("%v: %s", err, so)
	}
	var texts []string
	for _, it := range items {
		for _, k := range []string{"id", "text", "owners", "due", "due_text", "status", "series", "meetings"} {
			if _, ok := it[k]; !ok {
				t.Errorf("JSON item lacks %q: %v", k, it)
			}
		}
		texts = append(texts, it["text"].(string)+"@"+it["due"].(string))
	}
	want := "FUDPub@2011-07-25 Kushal to look at funnel@2011-07-25 Goodies@2011-08-31 " +
		"Kushal will get estimates for T-shirts, posters, banners, buttons, stickers, lanyards (tags).@2011-08-31"
	if strings.Join(texts, " ") != want {
		t.Errorf("kushal's items %q, want %q", strings.Join(texts, " "), want)
	}

	ics := filepath.Join(dir, "actions.ics")
	rc, so, se = gavel(t, "actions", "-c", cfg, "--overdue", "--today", "2011-08-15", "--ics", ics)
	if rc != 0 {
		t.Fatalf("actions --overdue: exit %d: %s", rc, se)
	}
	if !strings.Contains(so, "Caterers") || strings.Contains(so, "Goodies") || !strings.Contains(so, "Prasad J Pandit") {
		t.Errorf("overdue on 2011-08-15:\n%s", so)
	}
	feeds := filepath.Join(dir, "site")
	if rc, _, se := gavel(t, "actions", "-c", cfg, "--open", "--ics-dir", feeds); rc != 0 {
		t.Fatalf("actions --ics-dir: exit %d: %s", rc, se)
	}
	for _, f := range []string{"actions.ics", "actions/kushal~20das/actions.ics", "actions/prasad~20j~20pandit/actions.ics", "actions/saleem/actions.ics"} {
		if b, err := os.ReadFile(filepath.Join(feeds, f)); err != nil || !bytes.HasPrefix(b, []byte("BEGIN:VCALENDAR\r\n")) {
			t.Errorf("%s: %v", f, err)
		}
	}
	b, err := os.ReadFile(ics)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("BEGIN:VCALENDAR\r\n")) || !bytes.Contains(b, []byte("@minutes.example.org\r\n")) || bytes.Contains(b, []byte("Goodies")) {
		t.Errorf("ics:\n%s", b)
	}
}

func TestBrokenNotesStoreNothing(t *testing.T) {
	dir, cfg := notesSetup(t)
	for name, src := range map[string]string{
		"binary.txt":  "- Catering\n  - Owner: PJP\n  - \x00\x01\x02\n",
		"indent.txt":  "- Catering\n  - Owner: PJP\n" + strings.Repeat(" ", 100) + "- x\n",
		"notutf8.txt": "- Catering\n  - Owner: PJP\n  - caf\xe9\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		rc, _, se := gavel(t, "notes", "-c", cfg, "--series", "fudcon", "--date", "2011-07-19", p)
		if rc != 1 || !strings.Contains(se, name+":3:") || !strings.Contains(se, "nothing stored") {
			t.Errorf("%s: exit %d, stderr %q (want the line number)", name, rc, se)
		}
	}
	if m, a := storeCounts(t, filepath.Join(dir, "data/gavel.db")); m+a != 0 {
		t.Errorf("broken notes stored %d meetings, %d items", m, a)
	}
	// Front matter that nothing closes is a warning with its line, not a
	// refusal: the notes under it are stored.
	p := filepath.Join(dir, "matter.txt")
	if err := os.WriteFile(p, []byte("---\ntitle: x\n- Catering\n  - Owner: PJP\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if rc, _, se := gavel(t, "notes", "-c", cfg, "--series", "fudcon", "--date", "2011-07-19", "--no-publish", p); rc != 0 || !strings.Contains(se, "warning: "+p+":1: front matter") {
		t.Errorf("matter.txt: exit %d, stderr %q, want 0 and a warning naming line 1", rc, se)
	}
	if m, a := storeCounts(t, filepath.Join(dir, "data/gavel.db")); m != 1 || a != 1 {
		t.Errorf("notes under unclosed front matter: %d meetings, %d items stored, want 1 and 1", m, a)
	}
	if rc, _, _ := gavel(t, "notes", "-c", cfg, "--date", "2011-07-19", filepath.Join(dir, "x")); rc != 2 {
		t.Errorf("missing --series: exit %d, want 2", rc)
	}
}

// TestNotesMergeIntoImported merges notes into an IRC meeting that ended
// (imported from a raw log): gavel notes --merge applies them after the
// end, the minutes mark them, and gavel actions lists their items.
func TestNotesMergeIntoImported(t *testing.T) {
	dir, cfg := notesSetup(t)
	log := filepath.Join(dir, "fudcon.2011-07-19.log.txt")
	if err := os.WriteFile(log, []byte("09:30:00 <rbergeron> #startmeeting hybrid\n09:31:00 <rbergeron> #action rbergeron to book the room\n"+
		"09:32:00 <pjp> hi\n09:40:00 <rbergeron> #endmeeting\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rc, so, se := gavel(t, "import", "-c", cfg, "--channel", "#fudcon-planning", "--series", "fudcon", "--date", "2011-07-19", "--tz", "UTC", log)
	if rc != 0 || !strings.Contains(so, "imported fudcon.2011-07-19T093000Z") {
		t.Fatalf("import: exit %d\n%s\n%s", rc, so, se)
	}
	seed := filepath.Join("..", "..", "notes", "testdata", "f2f-2011-07-19.txt")
	rc, so, se = gavel(t, "notes", "-c", cfg, "--merge", "fudcon.2011-07-19T093000Z", "--date", "2011-07-19", "--tz", "Asia/Kolkata", seed)
	if rc != 0 || !strings.Contains(so, "merged into meeting fudcon.2011-07-19T093000Z") {
		t.Fatalf("merge into the ended meeting: exit %d\n%s\n%s", rc, so, se)
	}
	db := filepath.Join(dir, "data/gavel.db")
	if m, a := storeCounts(t, db); m != 1 || a != 19 {
		t.Errorf("store has %d meetings, %d items; want 1 and the log's 1 + the notes' 18 (TestSeeds' rows of 2011-07-19)", m, a)
	}
	// The same notes again: refused, nothing more stored.
	rc, _, se = gavel(t, "notes", "-c", cfg, "--merge", "fudcon.2011-07-19T093000Z", "--date", "2011-07-19", "--tz", "Asia/Kolkata", seed)
	if rc != 1 || !strings.Contains(se, "already merged") || !strings.Contains(se, "nothing stored") {
		t.Errorf("second merge: exit %d: %s", rc, se)
	}
	if m, a := storeCounts(t, db); m != 1 || a != 19 {
		t.Errorf("after the second merge the store has %d meetings, %d items", m, a)
	}
	rc, so, se = gavel(t, "actions", "-c", cfg, "--owner", "pjp")
	if rc != 0 || !strings.Contains(so, "Caterers") {
		t.Errorf("gavel actions --owner pjp: exit %d\n%s\n%s", rc, so, se)
	}
	// The stored events replay into minutes that show the notes' items.
	st, err := store.Open(db, store.Options{LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	evs, err := st.Events("fudcon.2011-07-19T093000Z")
	if err != nil {
		t.Fatal(err)
	}
	ms := minutes.Replay(evs, "#fudcon-planning", meeting.Options{Series: "fudcon", Source: "import"})
	if len(ms) != 1 || len(ms[0].Events) != len(evs) {
		t.Fatalf("replay of %d stored events: %d meetings", len(evs), len(ms))
	}
	var txt []byte
	for _, f := range must(minutes.Write(ms[0].Meeting, minutes.Options{})) {
		if f.Format == minutes.FormatText {
			txt = f.Data
		}
	}
	if !bytes.Contains(txt, []byte("Caterers (deadline: 10 Aug) (notes)")) || !bytes.Contains(txt, []byte("Meeting ended at 09:40:00 UTC")) {
		t.Errorf("text minutes:\n%s", txt)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestCommandsPublish: `gavel notes` and `gavel import` publish what they
// stored into site.dir (the minutes page, the actions page and
// actions.ics), and store only with --no-publish.
func TestCommandsPublish(t *testing.T) {
	seed := filepath.Join("..", "..", "notes", "testdata", "f2f-2011-07-19.txt")
	notesArgs := func(cfg string) []string {
		return []string{"notes", "-c", cfg, "--series", "fudcon", "--date", "2011-07-19", "--time", "15:00", "--tz", "Asia/Kolkata"}
	}
	pagePath := func(t *testing.T, dir, id string) string {
		t.Helper()
		st, err := store.Open(filepath.Join(dir, "data/gavel.db"), store.Options{LockTimeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		m, err := st.Replay(id)
		if err != nil {
			t.Fatal(err)
		}
		paths, err := minutes.Paths(m, minutes.Options{})
		if err != nil || paths[minutes.FormatHTML] == "" {
			t.Fatalf("meeting %s has no html path: %v %v", id, paths, err)
		}
		return filepath.Join(dir, "public", paths[minutes.FormatHTML])
	}
	t.Run("notes", func(t *testing.T) {
		dir, cfg := notesSetup(t)
		rc, so, se := gavel(t, append(notesArgs(cfg), seed)...)
		if rc != 0 || !strings.Contains(so, "published into") {
			t.Fatalf("notes: exit %d\n%s\n%s", rc, so, se)
		}
		page := pagePath(t, dir, "fudcon.2011-07-19T093000Z")
		for _, f := range []string{page, filepath.Join(dir, "public/actions/index.html"), filepath.Join(dir, "public/actions.ics")} {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatalf("not published: %v", err)
			}
			if !bytes.Contains(b, []byte("Goodies")) {
				t.Errorf("%s does not list the notes' action Goodies:\n%.400s", f, b)
			}
		}
	})
	t.Run("notes-no-publish", func(t *testing.T) {
		dir, cfg := notesSetup(t)
		if rc, so, se := gavel(t, append(notesArgs(cfg), "--no-publish", seed)...); rc != 0 || strings.Contains(so, "published") {
			t.Fatalf("notes --no-publish: exit %d\n%s\n%s", rc, so, se)
		}
		if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
			t.Errorf("--no-publish wrote site.dir: %v", err)
		}
	})
	t.Run("import", func(t *testing.T) {
		dir, cfg := notesSetup(t)
		log := filepath.Join(corpusDir, "meetbot/fedora/magazine.2020-06-10-12.02.log.txt")
		rc, so, se := gavel(t, "import", "-c", cfg, "--channel", "#fedora-meeting", log)
		if rc != 0 || !strings.Contains(so, "published into") {
			t.Fatalf("import: exit %d\n%s\n%s", rc, so, se)
		}
		b, err := os.ReadFile(pagePath(t, dir, "magazine_editorial_board.2020-06-10T120226Z"))
		if err != nil || !bytes.Contains(b, []byte("Meeting summary")) {
			t.Fatalf("imported meeting's minutes page: %v %.300s", err, b)
		}
		// Importing it again stores nothing, so publishes nothing.
		if rc, so, se := gavel(t, "import", "-c", cfg, "--channel", "#fedora-meeting", log); rc != 0 || strings.Contains(so, "published") {
			t.Errorf("second import: exit %d\n%s\n%s", rc, so, se)
		}
		dir2, cfg2 := notesSetup(t)
		if rc, so, se := gavel(t, "import", "-c", cfg2, "--no-publish", "--channel", "#fedora-meeting", log); rc != 0 || strings.Contains(so, "published") {
			t.Fatalf("import --no-publish: exit %d\n%s\n%s", rc, so, se)
		}
		if _, err := os.Stat(filepath.Join(dir2, "public")); !os.IsNotExist(err) {
			t.Errorf("--no-publish wrote site.dir: %v", err)
		}
	})
}
