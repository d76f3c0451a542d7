package store

import "fmt"

// SiteState returns the publisher's state: what it published last, by
// key (for example a meeting's revision, a feed entry's hash and date).
// The store keeps it so that the store is the only state; the publisher
// decides what the keys and values mean.
func (t *Tx) SiteState() (map[string]string, error) {
	out := map[string]string{}
	err := t.bucket(bSite).ForEach(func(k, v []byte) error {
		out[string(k)] = string(v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("site state: %w", err)
	}
	return out, nil
}

// PutSiteState sets the keys of set to their values; an empty value
// deletes the key.
func (t *Tx) PutSiteState(set map[string]string) error {
	b := t.bucket(bSite)
	for k, v := range set {
		if k == "" {
			return fmt.Errorf("site state: empty key")
		}
		var err error
		if v == "" {
			err = b.Delete([]byte(k))
		} else {
			err = b.Put([]byte(k), []byte(v))
		}
		if err != nil {
			return fmt.Errorf("site state %q: %w", k, err)
		}
	}
	return nil
}

// SiteState returns the publisher's state; see Tx.SiteState.
func (s *Store) SiteState() (state map[string]string, err error) {
	err = s.View(func(tx *Tx) error {
		state, err = tx.SiteState()
		return err
	})
	return state, err
}

// PutSiteState changes the publisher's state in one transaction; see
// Tx.PutSiteState.
func (s *Store) PutSiteState(set map[string]string) error {
	return s.Update(func(tx *Tx) error { return tx.PutSiteState(set) })
}

// SiteStateKey returns one key of the publisher's state ("" when unset).
func (s *Store) SiteStateKey(key string) (v string, err error) {
	err = s.View(func(tx *Tx) error {
		v = string(tx.bucket(bSite).Get([]byte(key)))
		return nil
	})
	return v, err
}
