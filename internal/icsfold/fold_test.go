package icsfold

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	long := "SUMMARY:" + strings.Repeat("Größe ", 40)
	var b bytes.Buffer
	w := NewWriter(&b)
	// Written in small pieces, as an encoder may.
	for _, chunk := range []string{"BEGIN:VCALENDAR\r", "\n" + long + "\r\n", "END:VCALENDAR\r\n"} {
		if _, err := w.Write([]byte(chunk)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	phys := strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n")
	var unfolded []string
	for _, l := range phys {
		if len(l) > MaxOctets {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("folding split a character: %q", l)
		}
		if strings.HasPrefix(l, " ") {
			unfolded[len(unfolded)-1] += l[1:]
			continue
		}
		unfolded = append(unfolded, l)
	}
	if want := []string{"BEGIN:VCALENDAR", long, "END:VCALENDAR"}; strings.Join(unfolded, "\n") != strings.Join(want, "\n") {
		t.Errorf("unfolded lines differ from what was written:\n%q", unfolded)
	}
	if len(phys) < 6 {
		t.Errorf("a %d-octet line folded into only %d lines", len(long), len(phys)-2)
	}
}

func TestEscape(t *testing.T) {
	if got := Escape("a;b,c\\d\ne\x01"); got != `a\;b\,c\\d\ne` {
		t.Errorf("Escape = %q", got)
	}
}
