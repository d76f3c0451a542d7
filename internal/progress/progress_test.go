package progress

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

func TestBar(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "importing", "files", 4)
	for i := 0; i < 4; i++ {
		b.Add(1)
	}
	b.Add(3) // past the total: clamped, no redraw
	b.Done()
	got := buf.String()
	want := "\rimporting [#######.......................]  25% 1/4 files" +
		"\rimporting [###############...............]  50% 2/4 files" +
		"\rimporting [######################........]  75% 3/4 files" +
		"\rimporting [##############################] 100% 4/4 files\n"
	if got != want {
		t.Fatalf("bar drew\n%q\nwant\n%q", got, want)
	}
}

func TestSilent(t *testing.T) {
	New(nil, "x", "y", 3).Add(1) // no writer: nothing, no panic
	var buf bytes.Buffer
	b := New(&buf, "x", "y", 0)
	b.Add(1)
	b.Done()
	var nilBar *Bar
	nilBar.Add(1)
	nilBar.Done()
	if buf.Len() != 0 {
		t.Fatalf("a bar with no total drew %q", buf.String())
	}
}

func TestConcurrent(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "publishing", "meetings", 1000)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 250; i++ {
				b.Add(1)
			}
		}()
	}
	wg.Wait()
	b.Done()
	if !strings.HasSuffix(buf.String(), "100% 1000/1000 meetings\n") {
		t.Fatalf("bar ended with %q", buf.String()[max(0, buf.Len()-60):])
	}
}
