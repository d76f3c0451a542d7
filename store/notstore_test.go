package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestNotAStoreIsRefused: an empty file, a text file and another program's
// bbolt database are refused by Open (read-write and read-only), Copy and
// Verify with ErrNotStore, and none of them is changed. Before, bbolt took
// an empty file for a new database and gavel wrote a fresh store into it.
func TestNotAStoreIsRefused(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	text := filepath.Join(dir, "text.db")
	foreign := filepath.Join(dir, "foreign.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(text, bytes.Repeat([]byte("[irc]\nserver = \"a:1\"\n"), 400), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("widgets"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("v"))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, tc := range []struct{ path, want string }{
		{empty, "empty (0-byte) file"},
		{text, "not a bbolt database"},
		{foreign, `another program (buckets "widgets"`},
	} {
		before, err := os.ReadFile(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		check := func(what string, err error) {
			t.Helper()
			if !errors.Is(err, ErrNotStore) || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) {
				t.Errorf("%s of %s: error %v, want ErrNotStore saying %q", what, filepath.Base(tc.path), err, tc.want)
			}
		}
		s, err := Open(tc.path, Options{})
		if err == nil {
			s.Close()
		}
		check("Open", err)
		s, err = Open(tc.path, Options{ReadOnly: true})
		if err == nil {
			s.Close()
		}
		check("read-only Open", err)
		s, err = OpenReadOnly(context.Background(), tc.path, Options{})
		if err == nil {
			s.Close()
		}
		check("OpenReadOnly", err)
		_, err = Copy(context.Background(), tc.path, filepath.Join(dir, "copy.db"))
		check("Copy", err)
		_, err = Verify(tc.path)
		check("Verify", err)
		after, err := os.ReadFile(tc.path)
		if err != nil || !bytes.Equal(before, after) {
			t.Errorf("%s was changed (%d bytes before, %d after, %v)", filepath.Base(tc.path), len(before), len(after), err)
		}
		if _, err := os.Stat(filepath.Join(dir, "copy.db")); !os.IsNotExist(err) {
			t.Errorf("Copy of %s wrote a copy: %v", filepath.Base(tc.path), err)
		}
	}
	// gavel init's way: Init takes the empty file as a new store.
	s, err := Open(empty, Options{Init: true})
	if err != nil {
		t.Fatalf("Open with Init of an empty file: %v", err)
	}
	s.Close()
	if s, err = Open(empty, Options{}); err != nil {
		t.Fatalf("the initialised store does not open: %v", err)
	}
	s.Close()
	// A missing file is still created by Open.
	if s, err = Open(filepath.Join(dir, "sub", "new.db"), Options{}); err != nil {
		t.Fatalf("Open of a new path: %v", err)
	}
	s.Close()
}
