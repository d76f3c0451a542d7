package minutes

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/meeting"
)

// synthetic20k is the 20,000-line log of
// /work/shared/corpus/tools/gen_synthetic_log.py 20000, kept by the engine.
var synthetic20k = filepath.Join("..", "meeting", "testdata", "synthetic20k.log.txt")

func loadSynthetic(b *testing.B) string {
	data, err := os.ReadFile(synthetic20k)
	if err != nil {
		b.Fatalf("%v (generate it with python3 /work/shared/corpus/tools/gen_synthetic_log.py 20000)", err)
	}
	return string(data)
}

var benchRead = logfile.ReadOptions{Channel: "#load", Date: time.Date(2026, 7, 26, 0, 0, 0, 0, time.UTC)}

// BenchmarkReplay20k is gavel replay's whole work on the 20,000-line log:
// read, run through the engine, write all six formats.
func BenchmarkReplay20k(b *testing.B) {
	data := loadSynthetic(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		evs, _, err := logfile.ReadString(data, "synthetic20k.log.txt", benchRead)
		if err != nil {
			b.Fatal(err)
		}
		rs := Replay(evs, "#load", meeting.Options{})
		if len(rs) != 1 {
			b.Fatalf("%d meetings", len(rs))
		}
		if _, err := Write(rs[0].Meeting, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRead20k is the log reader alone.
func BenchmarkRead20k(b *testing.B) {
	data := loadSynthetic(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := logfile.ReadString(data, "synthetic20k.log.txt", benchRead); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite20k is the six writers alone on the replayed meeting.
func BenchmarkWrite20k(b *testing.B) {
	data := loadSynthetic(b)
	evs, _, err := logfile.ReadString(data, "synthetic20k.log.txt", benchRead)
	if err != nil {
		b.Fatal(err)
	}
	m := Replay(evs, "#load", meeting.Options{})[0].Meeting
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(m, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
