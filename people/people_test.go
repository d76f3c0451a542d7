package people

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/config"
)

func testDir(t *testing.T) *Directory {
	t.Helper()
	c, err := config.Parse([]byte(`
[[people]]
name = "Kushal Das"
nicks = ["kushal", "kushal_"]
timezone = "Asia/Kolkata"

[[people]]
name = "Huzaifa Sidhpurwala"
nicks = ["huzaifas"]
aliases = ["Huzaifa"]

[[people]]
name = "P J P"
nicks = ["pjp"]
aliases = ["PJP", "Prasad"]

[[people]]
name = "Rahul Sundaram"
nicks = ["mether"]

[[people]]
name = "Rahul Bhalerao"
nicks = ["rbhalera"]
`), "test.toml")
	if err != nil {
		t.Fatal(err)
	}
	return FromConfig(c)
}

func TestLookup(t *testing.T) {
	d := testDir(t)
	for _, tc := range []struct{ in, want string }{
		{"kushal", "Kushal Das"},
		{"Kushal", "Kushal Das"},
		{"KUSHAL DAS", "Kushal Das"},
		{"  kushal   das ", "Kushal Das"},
		{"@kushal_:", "Kushal Das"},
		{"PJP", "P J P"},
		{"prasad", "P J P"},
		{"mether", "Rahul Sundaram"},
		{"Rahul", "Rahul"}, // two Rahuls: ambiguous first name stays as written
		{"Huzaifa", "Huzaifa Sidhpurwala"},
		{"Saleem", "Saleem"},
		{"  Ankur   Sinha ", "Ankur Sinha"},
		{"", ""},
		{"Ankur_Sinha", "Ankur Sinha"},
		{"kushal_", "Kushal Das"},
		{"foo_bar", "foo_bar"},
	} {
		if got := d.Canonical(tc.in); got != tc.want {
			t.Errorf("Canonical(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	p, ok := d.Lookup("kushal")
	if !ok || p.Location.String() != "Asia/Kolkata" {
		t.Errorf("Lookup(kushal) = %+v, %v", p, ok)
	}
	if !d.Same("kushal", "Kushal Das") || d.Same("kushal", "pjp") || !d.Same("Saleem", "saleem") {
		t.Error("Same is wrong")
	}
	if got, got2 := d.Token("Kushal Das"), d.Token(" Ankur  Sinha"); got != "kushal" || got2 != "Ankur_Sinha" {
		t.Errorf("Token = %q, %q", got, got2)
	}
	if got := d.Token("Dr. Who (O'Brien)"); got != "Dr_Who_O'Brien" {
		t.Errorf("Token = %q", got)
	}
	if got := d.Nick("Kushal Das"); got != "kushal" {
		t.Errorf("Nick = %q", got)
	}
	if got := d.CanonicalAll([]string{"kushal", "Kushal Das", "Saleem", " ", "saleem"}); len(got) != 2 || got[0] != "Kushal Das" || got[1] != "Saleem" {
		t.Errorf("CanonicalAll = %q", got)
	}
}

// TestTokenApostrophe checks that a name with an apostrophe (ASCII or
// typographic) keeps it in its token and comes back from Canonical as
// written (issue 9: "Matthew Weier O'Phinney" was "Matthew Weier
// OPhinney"), that an apostrophe outside a word is dropped, and that an old
// token without it still reads as it did.
func TestTokenApostrophe(t *testing.T) {
	d := testDir(t)
	for _, tc := range []struct{ name, token, canonical string }{
		{"Matthew Weier O'Phinney", "Matthew_Weier_O'Phinney", "Matthew Weier O'Phinney"},
		{"Dana d'Oliveiro", "Dana_d'Oliveiro", "Dana d'Oliveiro"},
		{"Lawrence d’Oliveiro", "Lawrence_d’Oliveiro", "Lawrence d’Oliveiro"},
		{"Chris O’Halloran", "Chris_O’Halloran", "Chris O’Halloran"},
		{"O'Phinney", "O'Phinney", "O'Phinney"},
		{"'Ann' Smith'", "Ann_Smith", "Ann Smith"},
		{"Matthew Weier OPhinney", "Matthew_Weier_OPhinney", "Matthew Weier OPhinney"},
	} {
		tok := d.Token(tc.name)
		if tok != tc.token {
			t.Errorf("Token(%q) = %q, want %q", tc.name, tok, tc.token)
		}
		if got := d.Canonical(tok); got != tc.canonical {
			t.Errorf("Canonical(%q) = %q, want %q", tok, got, tc.canonical)
		}
	}
}

func TestNilDirectory(t *testing.T) {
	var d *Directory
	if d.Known("x") || d.Canonical(" a  b ") != "a b" || d.People() != nil {
		t.Error("nil directory misbehaves")
	}
}

func TestLooksLikeName(t *testing.T) {
	for s, want := range map[string]bool{
		"Rahul": true, "Kushal Das": true, "PJP": true, "rahul": false, "Needs help from Rahul": false,
		"": false, "Logistics team": true, "Rahul, Saleem": false, "O'Brien": true, "Murty is talking": false, "Logistics Team": true,
		"Lawrence d'Oliveiro": true, "Lawrence d’Oliveiro": true, "d'Oliveiro": false, "Lawrence d'oliveiro": false,
		"Ann dis'Tant": false, "Chris O’Halloran": true,
	} {
		if got := LooksLikeName(s); got != want {
			t.Errorf("LooksLikeName(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestSpellings checks Spellings against Same: every spelling names the
// same person, and every name of the test set that Same matches is among
// the spellings (case-insensitively), so that an index keyed by the names
// as stored finds every item Same would match.
func TestSpellings(t *testing.T) {
	d := testDir(t)
	names := []string{"Kushal Das", "kushal", "KUSHAL_", "Kushal", "Huzaifa Sidhpurwala", "huzaifas", "Huzaifa",
		"P J P", "pjp", "PJP", "prasad", "P", "Rahul Sundaram", "mether", "Rahul", "Rahul Bhalerao", "rbhalera",
		"bob", "Bob", "Ankur Sinha", "Ankur_Sinha", "Kushal_Das", "nobody known"}
	for _, s := range names {
		sp := d.Spellings(s)
		if len(sp) == 0 {
			t.Errorf("Spellings(%q) is empty", s)
		}
		has := func(b string) bool {
			for _, x := range sp {
				if strings.EqualFold(x, b) {
					return true
				}
			}
			return false
		}
		for _, x := range sp {
			if !d.Same(s, x) {
				t.Errorf("Spellings(%q) holds %q, which Same says is someone else", s, x)
			}
		}
		for _, b := range names {
			if d.Same(s, b) && !has(d.Canonical(b)) && !has(b) {
				t.Errorf("Same(%q, %q) but neither %q nor its canonical form is in Spellings = %q", s, b, b, sp)
			}
		}
	}
	if got := d.Spellings("mether"); len(got) != 2 || got[0] != "Rahul Sundaram" || got[1] != "mether" {
		t.Errorf("Spellings(mether) = %q (\"Rahul\" names two people, so it is not one of them)", got)
	}
	if got := fmt.Sprint(d.Spellings("pjp")); got != "[P J P pjp Prasad P]" {
		t.Errorf("Spellings(pjp) = %s, want the name, the nick, the alias Prasad (PJP folds with pjp) and the first name P", got)
	}
}

// FuzzSpaced checks spaced, which skips splitting a name already written
// with single spaces, against the words joined with one space.
func FuzzSpaced(f *testing.F) {
	for _, s := range []string{"", " ", "Rahul", "Kushal Das", " Kushal  Das ", "a\tb", "a\u00a0b", "Zoë Ng", "a \u3000b", "x\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := spaced(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("spaced(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestKey checks that names compare with case, spacing, a leading '@' and
// accents aside, and that different names stay apart.
func TestKey(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"Tomáš", "Tomas", true},
		{"@José  Valim", "jose valim", true},
		{"Zoë", "ZOE", true},
		{"Tomas", "Thomas", false},
		{"Søren", "Soren", false}, // ø has no decomposition: a letter of its own
	} {
		if got := Key(c.a) == Key(c.b); got != c.same {
			t.Errorf("Key(%q) == Key(%q) is %v (%q, %q), want %v", c.a, c.b, got, Key(c.a), Key(c.b), c.same)
		}
	}
	d := testDir(t)
	if !d.Same("Kúshal", "kushal") {
		t.Errorf("Same(Kúshal, kushal) is false: the directory folds accents as Key does")
	}
}

// TestSameName checks SameName against Key on names with and without
// accents, handles, spacing and punctuation Key trims.
func TestSameName(t *testing.T) {
	names := []string{"Tomáš", "tomas", "Tomas", "TOMAS ", "@tomas", "tomas:", "Thomas", "Tom  Mraz", "tom mraz", "Zoë", "zoe", "Søren", "soren", ""}
	for _, a := range names {
		for _, b := range names {
			if got, want := SameName(a, b), Key(a) == Key(b); got != want {
				t.Errorf("SameName(%q, %q) = %v, Key says %v", a, b, got, want)
			}
		}
	}
	if !SameName("Tomáš", "Tomas") || SameName("Tomas", "Thomas") {
		t.Errorf("SameName: Tomáš/Tomas must be one name, Tomas/Thomas two")
	}
}

// FuzzSameName checks SameName, which skips building the keys of plain
// ASCII names, against comparing the keys, and plainASCII against Key.
func FuzzSameName(f *testing.F) {
	for _, c := range [][2]string{{"Ann Smith", "ann smith"}, {"Ann  Smith", "ann smith"}, {"@ann", "Ann"}, {"ann:", "Ann"},
		{"J. Doe", "j. doe"}, {"Tomáš", "Tomas"}, {" Bo", "bo"}, {"a\tb", "a b"}, {"", ""}, {"x.", "x"}} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := SameName(a, b), Key(a) == Key(b); got != want {
			t.Errorf("SameName(%q, %q) = %v, Key compares %q and %q", a, b, got, Key(a), Key(b))
		}
		if plainASCII(a) && Key(a) != strings.ToLower(a) {
			t.Errorf("plainASCII(%q) but Key is %q", a, Key(a))
		}
	})
}
