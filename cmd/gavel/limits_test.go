package main

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
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
	if rc != 1 || !strings.Contains(se, "over limits.max_log_bytes (32MiB)") {
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
