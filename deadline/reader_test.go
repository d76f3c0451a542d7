package deadline

import (
	"testing"
	"time"
)

// readerTexts are action texts, several repeating a phrase, some with
// unreadable or out-of-range phrases.
var readerTexts = []string{
	"bob to send it by next Friday, then review", "alice to fix it (deadline: 5 Aug)", "carol to call (deadline: 5 Aug)",
	"bob to do it due Feb 30", "bob to do it by Feb 29", "due: when pigs fly, sadly", "deadline is someday",
	"bob to send it until Dec 4, 2027 (hard)", "by the way", "nothing at all", "dave to pay (deadline: in 9999 weeks)",
	"erin to go due Aug 10", "frank to go due Aug 10", "bob to send it before end of month", "due 2026-12-04",
}

// TestReaderMatchesRead: a Reader, read twice over the same texts against
// several days (the second time from its memory), gives what Read gives.
func TestReaderMatchesRead(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	refs := []time.Time{
		time.Date(2026, 7, 22, 10, 0, 0, 0, time.UTC), time.Date(2026, 7, 22, 23, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 30, 9, 0, 0, 0, time.UTC), time.Date(2026, 7, 22, 10, 0, 0, 0, kolkata),
		time.Date(2028, 2, 1, 10, 0, 0, 0, time.UTC),
	}
	var r Reader
	for pass := 0; pass < 2; pass++ {
		for _, ref := range refs {
			for _, s := range readerTexts {
				p1, d1, f1, ok1 := Read(s, ref)
				p2, d2, f2, ok2 := r.Read(s, ref)
				if p1 != p2 || !d1.Equal(d2) || d1.Location() != d2.Location() || f1 != f2 || ok1 != ok2 {
					t.Errorf("pass %d, ref %v: Reader.Read(%q) = %q %v %v %v, Read = %q %v %v %v", pass, ref, s, p2, d2, f2, ok2, p1, d1, f1, ok1)
				}
				fp1, fs1, fe1, ff1 := Find(s)
				fp2, fs2, fe2, ff2 := r.Find(s)
				if fp1 != fp2 || fs1 != fs2 || fe1 != fe2 || ff1 != ff2 {
					t.Errorf("Reader.Find(%q) = %q %d %d %v, Find = %q %d %d %v", s, fp2, fs2, fe2, ff2, fp1, fs1, fe1, ff1)
				}
				pd1, pok1 := Parse(s, ref)
				pd2, pok2 := r.Parse(s, ref)
				if !pd1.Equal(pd2) || pok1 != pok2 {
					t.Errorf("Reader.Parse(%q, %v) = %v %v, Parse = %v %v", s, ref, pd2, pok2, pd1, pok1)
				}
			}
		}
	}
	if len(r.memo) == 0 {
		t.Errorf("the Reader remembered nothing")
	}
	var nilReader *Reader
	if p, _, found, _ := nilReader.Read("bob by Friday", refs[0]); !found || p != "Friday" {
		t.Errorf("nil Reader: %q %v", p, found)
	}
}

// TestReaderBounded: past maxMemo phrases the Reader keeps reading right
// without remembering more.
func TestReaderBounded(t *testing.T) {
	var r Reader
	ref := time.Date(2026, 7, 22, 10, 0, 0, 0, time.UTC)
	for i := 0; i < maxMemo+50; i++ {
		day := ref.AddDate(0, 0, i%400)
		s := "bob to do it by " + day.Format("Jan 2")
		p1, d1, f1, ok1 := Read(s, day)
		p2, d2, f2, ok2 := r.Read(s, day)
		if p1 != p2 || !d1.Equal(d2) || f1 != f2 || ok1 != ok2 {
			t.Fatalf("Reader.Read(%q, %v) = %q %v %v %v, Read = %q %v %v %v", s, day, p2, d2, f2, ok2, p1, d1, f1, ok1)
		}
	}
	if len(r.memo) > maxMemo {
		t.Errorf("memo holds %d phrases, bound %d", len(r.memo), maxMemo)
	}
}

// FuzzReader: a Reader used over and over gives what Read gives.
func FuzzReader(f *testing.F) {
	for _, s := range readerTexts {
		f.Add(s, int64(1784700000))
	}
	var r Reader
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		ref := time.Unix(unix%(1<<40), 0).UTC()
		for i := 0; i < 2; i++ {
			p1, d1, f1, ok1 := Read(s, ref)
			p2, d2, f2, ok2 := r.Read(s, ref)
			if p1 != p2 || !d1.Equal(d2) || f1 != f2 || ok1 != ok2 {
				t.Fatalf("Reader.Read(%q, %v) = %q %v %v %v, Read = %q %v %v %v", s, ref, p2, d2, f2, ok2, p1, d1, f1, ok1)
			}
		}
	})
}
