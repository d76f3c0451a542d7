package main

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLogLimits: a binary file given to replay or import is refused after
// its first kilobytes with one message (before, one warning per line:
// 816,782 lines for a 59 MB file), and a log over limits.max_log_bytes is
// refused before it is read (before, a 200 MB log took 2-3.5 GB), the
// store left as it was.
func TestLogLimits(t *testing.T) {
	dir, cfg := notesSetup(t)
	bin := filepath.Join(dir, "photo.2026-01-02-10.00.log.txt")
	b := make([]byte, 2<<20)
	rand.New(rand.NewSource(1)).Read(b)
	for i := 100; i < len(b); i += 80 {
		b[i] = '\n'
	}
	if err := os.WriteFile(bin, b, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"replay", "--out", t.TempDir(), bin}, {"import", "-c", cfg, "--no-publish", bin}} {
		rc, so, se := gavel(t, args...)
		if rc != 1 || !strings.Contains(se, "is not a text file") || strings.Count(se, "\n") > 2 || strings.Contains(se, "warning") {
			t.Errorf("gavel %s of a binary file: exit %d, %d lines of stderr (want one refusal):\n%.600s\n%s", args[0], rc, strings.Count(se, "\n"), se, so)
		}
	}
	// A log over the default limit (a sparse file: no disk used).
	big := filepath.Join(dir, "big.2026-01-02-10.00.log.txt")
	if err := os.WriteFile(big, []byte("10:00:00 <alice> #startmeeting big\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 200<<20); err != nil {
		t.Fatal(err)
	}
	rc, _, se := gavel(t, "replay", "--out", t.TempDir(), big)
	if rc != 1 || !strings.Contains(se, "over limits.max_log_bytes (8MiB)") {
		t.Errorf("replay of a 200 MB log: exit %d\n%s", rc, se)
	}
	// import takes the configured limit.
	small := filepath.Join(dir, "gavel.toml")
	conf, err := os.ReadFile(small)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(small, append(conf, "\n[limits]\nmax_log_bytes = \"4KiB\"\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(dir, "long.2026-01-02-10.00.log.txt")
	text := "10:00:00 <alice> #startmeeting long\n" + strings.Repeat("10:00:01 <alice> we talk and talk\n", 200) + "10:05:00 <alice> #endmeeting\n"
	if err := os.WriteFile(log, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	rc, _, se = gavel(t, "import", "-c", cfg, "--no-publish", "--channel", "#fudcon", log)
	if rc != 1 || !strings.Contains(se, "over limits.max_log_bytes (4KiB)") {
		t.Errorf("import over the configured limit: exit %d\n%s", rc, se)
	}
	if m, _ := storeCounts(t, filepath.Join(dir, "data/gavel.db")); m != 0 {
		t.Errorf("a refused log was stored: %d meetings", m)
	}
}

// TestLogLineLimit: [limits] max_line_bytes bounds the lines of a log that
// gavel import reads, and a log that turns to garbage after its first
// kilobytes gets at most logfile.MaxWarnings warnings and one line
// counting the rest, not one warning per line.
func TestLogLineLimit(t *testing.T) {
	dir, cfg := notesSetup(t)
	conf, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append(conf, "\n[limits]\nmax_line_bytes = \"1KiB\"\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(dir, "long.2026-01-02-10.00.log.txt")
	text := "10:00:00 <alice> #startmeeting long\n10:00:01 <alice> #info " + strings.Repeat("x", 2000) +
		"\n10:00:02 <alice> #info short\n10:05:00 <alice> #endmeeting\n"
	if err := os.WriteFile(log, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	rc, so, se := gavel(t, "import", "-c", cfg, "--no-publish", "--channel", "#fudcon", log)
	if rc != 0 || !strings.Contains(se, ":2: line longer than 1024 bytes ([limits] max_line_bytes); skipped") || !strings.Contains(so, "1 meetings imported") {
		t.Errorf("import with max_line_bytes = 1KiB: exit %d\n%s\n%s", rc, so, se)
	}

	// Text for 8 KiB, then 200,000 lines that are no log lines.
	var b strings.Builder
	b.WriteString("10:00:00 <alice> #startmeeting garbage\n")
	for b.Len() < 9000 {
		b.WriteString("10:00:01 <alice> a line of the meeting\n")
	}
	for i := 0; i < 200000; i++ {
		b.WriteString("\x00\x01 garbage\n")
	}
	garbage := filepath.Join(dir, "garbage.2026-01-03-10.00.log.txt")
	if err := os.WriteFile(garbage, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	rc, so, se = gavel(t, "replay", "--out", t.TempDir(), garbage)
	if n := strings.Count(se, "\n"); rc != 0 || n > 105 || !strings.Contains(se, "more warnings not listed") {
		t.Errorf("replay of a log that turns to garbage: exit %d, %d lines of stderr\n%.800s\n%s", rc, n, se, so)
	}
}

// TestReadLimitedLarge: a log of any size, small or several MB, read
// straight into its buffer, is read whole, byte for byte (with or without
// huge pages asked for), and one over the limit is refused before it is
// read.
func TestReadLimitedLarge(t *testing.T) {
	var sb strings.Builder
	for i := 0; sb.Len() < 5<<20+123; i++ {
		sb.WriteString("10:00:01 <alice> we talk and talk, line ")
		sb.WriteString(strings.Repeat("x", i%97))
		sb.WriteString("\n")
	}
	all := sb.String()
	for _, n := range []int{0, 1, sniffBytes - 1, sniffBytes, sniffBytes + 1, 1<<20 - 1, 1 << 20, 2<<20 + 1, len(all)} {
		want := all[:n]
		path := filepath.Join(t.TempDir(), "large.2026-01-02-10.00.log.txt")
		if err := os.WriteFile(path, []byte(want), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, huge := range []bool{false, true} {
			got, err := readLimited(path, fileLimit{key: "max_log_bytes", bytes: int64(len(want)), text: true, huge: huge})
			if err != nil || got != want {
				t.Fatalf("%d bytes, huge %v: read %d bytes (err %v), same: %v", n, huge, len(got), err, got == want)
			}
		}
		if n == 0 {
			continue
		}
		if _, err := readLimited(path, fileLimit{key: "max_log_bytes", bytes: int64(len(want) - 1), text: true}); err == nil || !strings.Contains(err.Error(), "over limits.max_log_bytes") {
			t.Errorf("a log of %d bytes, one byte over the limit: %v", n, err)
		}
	}
}

// TestReadLimitedPipe: a file whose size is not known beforehand (a named
// pipe) is read whole, the buffer grown as it comes, and cut with one
// message once it passes the limit.
func TestReadLimitedPipe(t *testing.T) {
	want := strings.Repeat("10:00:01 <alice> a line from a pipe\n", 3*sniffBytes/10)
	for _, limit := range []int{len(want), len(want) - 1} {
		path := filepath.Join(t.TempDir(), "pipe.2026-01-02-10.00.log.txt")
		if err := syscall.Mkfifo(path, 0o600); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err == nil {
				_, err = f.WriteString(want)
				f.Close()
			}
			done <- err
		}()
		got, err := readLimited(path, fileLimit{key: "max_log_bytes", bytes: int64(limit), text: true})
		if limit == len(want) && (err != nil || got != want) {
			t.Errorf("read %d bytes of %d from a pipe (err %v), same: %v", len(got), len(want), err, got == want)
		}
		if limit < len(want) && (err == nil || !strings.Contains(err.Error(), "grew over [limits] max_log_bytes")) {
			t.Errorf("a pipe one byte over the limit: %v", err)
		}
		// Once the reader has stopped, the writer's write fails (EPIPE).
		if err := <-done; err != nil && limit == len(want) {
			t.Errorf("writing the pipe: %v", err)
		}
	}
}
