package sitepath

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"fudcon":               "fudcon",
		"fedora_magazine":      "fedora_magazine",
		"infra.2026":           "infra.2026",
		"Prasad J Pandit":      "prasad~20j~20pandit",
		"index.html":           "~69ndex.html",
		"feed.atom":            "~66eed.atom",
		"actions.ics":          "~61ctions.ics",
		"actions":              "~61ctions",
		"_unassigned":          "~5funassigned",
		".hidden":              "~2ehidden",
		"trailing.":            "trailing~2e",
		"..":                   "~2e~2e",
		".":                    "~2e",
		"-rf":                  "~2drf",
		"a/b":                  "a~2fb",
		"":                     "~",
		"a~2fb":                "a~7e2fb",
		"Zoë":                  "zo~c3~ab",
		"\xff":                 "~ff",
		"x\x01y":               "x~01y",
		strings.Repeat("a", 3): "aaa",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	long := Slug(strings.Repeat("é", 100))
	if len(long) > maxSlug || !strings.Contains(long, "~~") || strings.Contains(long[:strings.Index(long, "~~")], "~~") {
		t.Errorf("long slug %q", long)
	}
	if Slug(strings.Repeat("a", 200)) == Slug(strings.Repeat("a", 201)) {
		t.Error("two long names share a slug")
	}
}

// FuzzSlug: whatever the name, its slug is one path component that is
// not hidden, not "." or "..", and not one of the site's own names; and two
// names that differ other than in case have different slugs.
func FuzzSlug(f *testing.F) {
	for _, s := range append(Reserved(), "", ".", "..", "a.", "-x", "~", "a~2e") {
		f.Add(s, s+"x")
	}
	reserved := map[string]bool{}
	for _, r := range Reserved() {
		reserved[r] = true
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		sa := Slug(a)
		if sa == "" || sa == "." || sa == ".." || strings.ContainsAny(sa, "/\\\x00") || sa[0] == '.' || sa[0] == '-' ||
			sa[len(sa)-1] == '.' || reserved[sa] || len(sa) > maxSlug {
			t.Fatalf("Slug(%q) = %q is not a safe path component", a, sa)
		}
		if len(sa) < 100 && !asciiFold(a, b) && sa == Slug(b) {
			t.Fatalf("Slug(%q) == Slug(%q) == %q", a, b, sa)
		}
	})
}

func TestReservedHasNoSlugs(t *testing.T) {
	for _, r := range Reserved() {
		if strings.ContainsAny(r, "~0123456789") {
			t.Errorf("reserved name %q has '~' or a digit: a slug or a minutes file could take it", r)
		}
	}
}

func asciiFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x >= 'A' && x <= 'Z' {
			x += 'a' - 'A'
		}
		if y >= 'A' && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
