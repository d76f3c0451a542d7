package store

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestPendingIndexWrites: a write transaction whose index writes wait for
// its end (Store.Update) stores exactly what one writing each at once
// stores (a Tx without pending writes, as the migrations use), and its
// reads of the indexes in between (meetings of a series, open meetings,
// items by owner, status, series, due date and meeting) see every write
// made before them (an index's entries of one value read while others'
// wait), through random meetings started and changed (series,
// end, import key) and items put one by one and in batches, replaced and
// deleted, and rolled-back transactions.
func TestPendingIndexWrites(t *testing.T) {
	deferred, _ := openTemp(t)
	direct, _ := openTemp(t)
	rng := rand.New(rand.NewPCG(11, 12))
	at := time.Date(2026, 3, 6, 13, 0, 0, 0, time.UTC)
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	var meetings []string
	type op func(tx *Tx) (string, error)
	// ops makes one transaction's operations; both stores run the same.
	ops := func(round int) []op {
		var out []op
		for i := range 1 + rng.IntN(12) {
			switch rng.IntN(6) {
			case 0:
				id := fmt.Sprintf("m%d.%d", round, i)
				rec := MeetingRecord{ID: id, Channel: "#x", Series: pick("fudcon", "infra", "fudcon-2"),
					Started: at.Add(time.Duration(rng.IntN(100)) * time.Hour), TimeZone: "UTC"}
				if rng.IntN(2) == 0 {
					rec.Ended = rec.Started.Add(time.Hour)
				}
				if rng.IntN(2) == 0 {
					rec.ImportKey = fmt.Sprint("key", rng.IntN(30))
				}
				meetings = append(meetings, id)
				out = append(out, func(tx *Tx) (string, error) {
					err := tx.StartMeeting(rec)
					return fmt.Sprint("start ", err), nil
				})
			case 1:
				if len(meetings) == 0 {
					continue
				}
				id := meetings[rng.IntN(len(meetings))]
				series, end, key := pick("fudcon", "infra", "fudcon-2"), rng.IntN(2) == 0, fmt.Sprint("key", rng.IntN(30))
				out = append(out, func(tx *Tx) (string, error) {
					err := tx.UpdateMeeting(id, func(r *MeetingRecord) error {
						r.Series, r.ImportKey = series, key
						if end {
							r.Ended = r.Started.Add(2 * time.Hour)
						}
						return nil
					})
					return fmt.Sprint("update ", err), nil
				})
			case 2, 3:
				var items []ActionRecord
				for j := range 1 + rng.IntN(80) {
					a := ActionRecord{ID: fmt.Sprint("a", rng.IntN(200)), Text: fmt.Sprintf("item %d.%d", round, j),
						Series: pick("fudcon", "infra"), Status: pick(StatusOpen, StatusOpen, StatusDone, StatusDropped),
						Meetings: []string{pick("m1", "m2", "m3")}, Created: at, Updated: at}
					for range rng.IntN(3) {
						a.Owners = append(a.Owners, pick("PJP", "kushal", "Saleem", " rahul "))
					}
					if rng.IntN(2) == 0 {
						a.Due = at.AddDate(0, 0, rng.IntN(40)).Format("2006-01-02")
					}
					items = append(items, a)
				}
				seen := map[string]bool{}
				var batch []ActionRecord
				for _, a := range items {
					if !seen[a.ID] {
						seen[a.ID] = true
						batch = append(batch, a)
					}
				}
				one := rng.IntN(2) == 0
				out = append(out, func(tx *Tx) (string, error) {
					if one {
						for _, a := range batch {
							if err := tx.PutAction(a); err != nil {
								return "", err
							}
						}
						return "", nil
					}
					return "", tx.PutActions(batch)
				})
			case 4:
				id := fmt.Sprint("a", rng.IntN(200))
				out = append(out, func(tx *Tx) (string, error) { return "", tx.DeleteAction(id) })
			case 5:
				// Reads of every index, to compare between the two.
				out = append(out, func(tx *Tx) (string, error) {
					var s string
					for _, series := range []string{"fudcon", "infra", "fudcon-2"} {
						recs, err := tx.Meetings(series)
						if err != nil {
							return "", err
						}
						for _, r := range recs {
							s += r.ID + " "
						}
					}
					open, err := tx.OpenMeetings()
					if err != nil {
						return "", err
					}
					s += fmt.Sprint(len(open), " open; ")
					for _, f := range []ActionFilter{{Owner: "pjp"}, {Status: StatusDone}, {Series: "infra"},
						{DueBefore: "2026-03-20"}, {Meeting: "m2"}, {Owner: "kushal"}, {Series: "fudcon"}} {
						items, err := tx.Actions(f)
						if err != nil {
							return "", err
						}
						for _, a := range items {
							s += a.ID + " "
						}
						s += "; "
					}
					id, ok, err := tx.ByImportKey("key7")
					return s + fmt.Sprint(id, ok), err
				})
			}
		}
		return out
	}
	waited := 0 // index writes that waited for their transaction's end
	for round := range 60 {
		tx := ops(round)
		rollback := rng.IntN(6) == 0
		run := func(t2 *Tx) ([]string, error) {
			var seen []string
			for _, o := range tx {
				s, err := o(t2)
				if err != nil {
					return nil, err
				}
				seen = append(seen, s)
			}
			return seen, nil
		}
		var got, want []string
		errRollback := fmt.Errorf("rolled back")
		err := deferred.Update(func(t2 *Tx) error {
			if t2.pending == nil {
				t.Fatal("Store.Update's transaction keeps no index writes: both stores would write at once")
			}
			var err error
			got, err = run(t2)
			waited += t2.pending.n
			if err == nil && rollback {
				err = errRollback
			}
			return err
		})
		if err != nil && err != errRollback {
			t.Fatalf("round %d: %v", round, err)
		}
		err = direct.db.Update(func(btx *bolt.Tx) error {
			var err error
			if want, err = run(&Tx{tx: btx}); err == nil && rollback {
				err = errRollback
			}
			return err
		})
		if err != nil && err != errRollback {
			t.Fatalf("round %d, writing at once: %v", round, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: reads in the transaction\n%q\nwant (writes at once)\n%q", round, got, want)
		}
	}
	if waited == 0 {
		t.Error("no index write waited for its transaction's end: the comparison checked nothing")
	}
	if got, want := dumpFile(t, deferred), dumpFile(t, direct); got != want {
		t.Errorf("the stores differ:\n%s\nwant (writes at once)\n%s", got, want)
	}
}
