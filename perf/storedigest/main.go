// Command storedigest prints one line per top-level bucket of a gavel store
// (a bbolt file): its name, the SHA-256 of everything in it (every key and
// value in key order, nested buckets and every bucket's sequence included)
// and its number of keys. Two stores that print the same lines hold the
// same data, whatever their pages look like. perf/import-dump-check.sh
// compares what two gavel binaries make of the same import with it.
//
// With -migrate it first opens the store read-write with this tree's store
// package, which brings an older schema up to this one (changing the file),
// so that stores written by gavels on either side of a schema change can be
// compared: a migrated store must hold what a new import makes.
//
// usage: go run ./perf/storedigest [-migrate] STORE.db
package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"hash"
	"os"

	"github.com/gavel-irc/gavel/store"
	bolt "go.etcd.io/bbolt"
)

func main() {
	migrate := flag.Bool("migrate", false, "migrate the store to this tree's schema first (changes the file)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: storedigest [-migrate] STORE.db")
		os.Exit(2)
	}
	if *migrate {
		st, err := store.Open(flag.Arg(0), store.Options{})
		if err == nil {
			err = st.Close()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "storedigest:", err)
			os.Exit(1)
		}
	}
	if err := run(flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "storedigest:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("opening %s: %w", path, err)
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			h := sha256.New()
			n, err := digest(h, b, 0)
			if err != nil {
				return fmt.Errorf("bucket %s: %w", name, err)
			}
			fmt.Printf("%-20s %x %d\n", name, h.Sum(nil), n)
			return nil
		})
	})
}

// digest writes b's sequence and every key and value under it to h and
// returns how many keys it holds, nested buckets' keys included.
func digest(h hash.Hash, b *bolt.Bucket, depth int) (int, error) {
	fmt.Fprintf(h, "seq %d\n", b.Sequence())
	n := 0
	err := b.ForEach(func(k, v []byte) error {
		n++
		fmt.Fprintf(h, "%d %q ", depth, k)
		if v != nil {
			fmt.Fprintf(h, "%q\n", v)
			return nil
		}
		h.Write([]byte("{\n"))
		m, err := digest(h, b.Bucket(k), depth+1)
		n += m
		h.Write([]byte("}\n"))
		return err
	})
	return n, err
}
