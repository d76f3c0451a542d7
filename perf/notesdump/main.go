// Command notesdump writes, for a set of notes files, what gavel makes of
// them: the parsed notes and the events notes.Feed gives the engine (as
// JSON), and every key and value the import stores (life.Keeper.ImportNotes
// into a new store, every bucket of the bbolt file listed in key order). Two
// commits that must give the same output give the same dump, byte for byte:
// perf/notes-dump-check.sh builds this tool into both trees and compares.
//
// The inputs are the files given as arguments, then three generated ones,
// the dense 5,000-line outline, the seeds repeated to 5,000 lines and the
// 5,000 lines of Markdown, built as the notes and tracker benchmarks build
// theirs. Each file is imported into a
// store of its own without a people directory; then the three seeds (SEEDS,
// the folder holding f2f-2011-07-*.txt) are imported one after the other
// into one store with a directory, so that items link across meetings.
//
// usage: go run ./perf/notesdump -seeds notes/testdata FILE... >dump.txt
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/gavel-irc/gavel/internal/notesgen"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/notes"
	"github.com/gavel-irc/gavel/people"
	"github.com/gavel-irc/gavel/store"
)

func main() {
	seeds := flag.String("seeds", "notes/testdata", "`DIR` holding the seeds f2f-2011-07-{12,19,26}.txt")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	if err := run(w, *seeds, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "notesdump:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "notesdump:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, seeds string, files []string) error {
	tmp, err := os.MkdirTemp("", "notesdump")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	seed, err := notesgen.Seeds(seeds)
	if err != nil {
		return err
	}
	type input struct{ name, src string }
	var in []input
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		in = append(in, input{f, string(b)})
	}
	in = append(in, input{"generated: dense", notesgen.Dense(5000)}, input{"generated: seed-like", notesgen.SeedLike(seed, 5000)},
		input{"generated: markdown", notesgen.Markdown(5000)})
	date := time.Date(2011, 7, 19, 15, 0, 0, 0, time.UTC)
	for i, f := range in {
		fmt.Fprintf(w, "== %s\n", f.name)
		n, err := notes.Parse(strings.NewReader(f.src), "x", notes.Options{Date: date})
		j, _ := json.Marshal(n)
		fmt.Fprintf(w, "parse err=%v\n%s\n", err, j)
		if err != nil {
			continue
		}
		c := meeting.NewChannel("f2f", meeting.Options{Series: "big", Source: "f2f"})
		evs, m, err := n.Feed(c, notes.EventOptions{})
		j, _ = json.Marshal(evs)
		k, _ := json.Marshal(m)
		fmt.Fprintf(w, "feed err=%v\n%s\n%s\n", err, j, k)
		path := filepath.Join(tmp, fmt.Sprintf("%d.db", i))
		if err := importAll(w, path, nil, []*notes.Notes{n}); err != nil {
			return err
		}
	}
	// The seeds into one store, with a directory: items link across them.
	dir := people.New([]config.Person{
		{Name: "Kushal Das", Nicks: []string{"kushal"}},
		{Name: "Prasad J Pandit", Nicks: []string{"pjp"}, Aliases: []string{"PJP"}},
		{Name: "Rahul Sundaram", Nicks: []string{"mether"}, Aliases: []string{"Rahul"}},
	})
	ist, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		return err
	}
	var ns []*notes.Notes
	for i, day := range notesgen.SeedDays {
		d, _ := time.ParseInLocation("2006-01-02 15:04", day+" 15:00", ist)
		n, err := notes.Parse(strings.NewReader(seed[i]), "f2f-"+day+".txt", notes.Options{Date: d, People: dir})
		if err != nil {
			return err
		}
		ns = append(ns, n)
	}
	fmt.Fprintf(w, "== the seeds, one store, with a directory\n")
	return importAll(w, filepath.Join(tmp, "seeds.db"), dir, ns)
}

// importAll imports ns one after the other into a new store at path, then
// writes the import's results and every bucket of the file.
func importAll(w io.Writer, path string, dir *people.Directory, ns []*notes.Notes) error {
	st, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	k := life.New(st, dir)
	for i, n := range ns {
		imp, err := k.ImportNotes(context.Background(), n, life.NotesOptions{Series: "big", Key: fmt.Sprint("key", i)})
		if err != nil {
			fmt.Fprintf(w, "import err=%v\n", err)
			continue
		}
		fmt.Fprintf(w, "import %s revision %d, %d events\n", imp.Meeting.ID, imp.Revision, len(imp.Events))
		for _, c := range imp.Changes {
			fmt.Fprintf(w, "  %s\n", c)
		}
	}
	if err := st.Close(); err != nil {
		return err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return dumpBucket(w, fmt.Sprintf("%q", name), b)
		})
	})
}

func dumpBucket(w io.Writer, path string, b *bolt.Bucket) error {
	fmt.Fprintf(w, "bucket %s seq %d\n", path, b.Sequence())
	return b.ForEach(func(k, v []byte) error {
		if v == nil {
			if sub := b.Bucket(k); sub != nil {
				return dumpBucket(w, fmt.Sprintf("%s/%q", path, k), sub)
			}
		}
		_, err := fmt.Fprintf(w, "%q = %q\n", k, v)
		return err
	})
}
