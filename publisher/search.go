package publisher

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting"
)

// searchDoc is one meeting or post in the search index. The names are
// short because there are many.
type searchDoc struct {
	// U is the page's path from the site root.
	U string `json:"u"`
	// T is the title, D the date (YYYY-MM-DD), S the series.
	T string `json:"t"`
	D string `json:"d"`
	S string `json:"s,omitempty"`
	// K is "meeting" or "post".
	K string `json:"k"`
	// W is the distinct lower-case words, separated by spaces.
	W string `json:"w"`
}

// searchShard is one file of the index: the documents of one month.
type searchShard struct {
	Docs []searchDoc `json:"docs"`
}

// searchManifest is search/index.json: the shards to load.
type searchManifest struct {
	Version int      `json:"version"`
	Shards  []string `json:"shards"`
}

// words collects distinct lower-case words (letters, digits, '_'), at
// least two characters long, in the order first seen.
type words struct {
	seen map[string]bool
	list []string
}

func (w *words) add(s string) {
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			w.addText(s)
			return
		}
	}
	// ASCII, nearly all of a meeting's text: the same words as addText
	// gives, lower-cased a byte at a time, with no copy of s and none of
	// a word already seen.
	var buf [maxWord]byte
	n, long := 0, false
	for i := 0; i <= len(s); i++ {
		c := byte(' ')
		if i < len(s) {
			c = s[i]
		}
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			if n >= 2 && !long && !w.seen[string(buf[:n])] {
				f := string(buf[:n])
				w.seen[f] = true
				w.list = append(w.list, f)
			}
			n, long = 0, false
			continue
		}
		if n < maxWord {
			buf[n] = c
			n++
		} else {
			long = true
		}
	}
}

// maxWord is the longest word the search index keeps, in bytes.
const maxWord = 60

// addText is add for any text.
func (w *words) addText(s string) {
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
	}) {
		if len(f) < 2 || len(f) > maxWord || w.seen[f] {
			continue
		}
		w.seen[f] = true
		w.list = append(w.list, f)
	}
}

func (w *words) String() string { return strings.Join(w.list, " ") }

// meetingDoc indexes a meeting by its title, series, topics and items,
// owners, chairs and attendees (never its raw log).
func meetingDoc(r *ref, m *meeting.Meeting) searchDoc {
	var w words
	w.add(r.Name())
	w.add(r.Series)
	w.add(r.Channel)
	w.add(r.Summary)
	for _, it := range m.Items {
		w.add(it.Text)
		w.add(it.Nick)
		for _, o := range it.Owners {
			w.add(o)
		}
	}
	for _, v := range m.Votes {
		w.add(v.Question)
		w.add(strings.Join(v.Options, " "))
	}
	for n := range m.Chairs {
		w.add(n)
	}
	people := m.Attendees() // not the bot
	nicks := make([]string, 0, len(people))
	for _, a := range people {
		nicks = append(nicks, a.Nick)
	}
	sort.Strings(nicks)
	for _, n := range nicks {
		w.add(n)
	}
	return searchDoc{U: r.Path, T: r.Name(), D: r.Date(), S: r.Series, K: "meeting", W: w.String()}
}

// postDoc indexes a post by its title, tags, author and text.
func (p *Publisher) postDoc(ps *post) searchDoc {
	var w words
	w.add(ps.Title)
	w.add(ps.Author)
	w.add(ps.Summary)
	for _, t := range ps.Tags {
		w.add(t.Name)
	}
	w.add(string(ps.src))
	return searchDoc{U: strings.TrimSuffix(ps.Path, "index.html"), T: ps.Title, D: ps.DateText(), K: "post", W: w.String()}
}

func shardName(d searchDoc) string { return d.D[:7] + ".json" }

func sortDocs(docs []searchDoc) {
	sort.Slice(docs, func(i, j int) bool {
		if docs[i].D != docs[j].D {
			return docs[i].D < docs[j].D
		}
		return docs[i].U < docs[j].U
	})
}

// writeSearch writes the search index. With replace == nil, docs is the
// whole index. Otherwise docs replace (or join) the documents at the paths
// in replace, in the shards that hold them, and the other shards stay.
func (p *Publisher) writeSearch(b *build, docs []searchDoc, replace []string) error {
	shards := map[string][]searchDoc{}
	if replace == nil {
		for _, d := range docs {
			shards[shardName(d)] = append(shards[shardName(d)], d)
		}
	} else {
		drop := map[string]bool{}
		for _, u := range replace {
			drop[u] = true
		}
		for _, d := range docs {
			name := shardName(d)
			if _, ok := shards[name]; ok {
				continue
			}
			var old searchShard
			data, err := os.ReadFile(filepath.Join(p.opt.Dir, "search", name))
			if err == nil {
				if err := json.Unmarshal(data, &old); err != nil {
					return fmt.Errorf("publisher: search shard %s: %w", name, err)
				}
			} else if !os.IsNotExist(err) {
				return fmt.Errorf("publisher: %w", err)
			}
			kept := old.Docs[:0]
			for _, od := range old.Docs {
				if !drop[od.U] {
					kept = append(kept, od)
				}
			}
			shards[name] = kept
		}
		for _, d := range docs {
			shards[shardName(d)] = append(shards[shardName(d)], d)
		}
	}
	for _, name := range sortedKeys(shards) {
		list := shards[name]
		sortDocs(list)
		data, err := json.Marshal(searchShard{Docs: list})
		if err != nil {
			return fmt.Errorf("publisher: encoding search shard %s: %w", name, err)
		}
		if err := b.out.write("search/"+name, append(data, '\n')); err != nil {
			return err
		}
	}
	// The manifest lists every shard on disk plus the new ones.
	names := map[string]bool{}
	if replace != nil {
		if ents, err := os.ReadDir(filepath.Join(p.opt.Dir, "search")); err == nil {
			for _, e := range ents {
				if n := e.Name(); strings.HasSuffix(n, ".json") && n != "index.json" && !strings.HasPrefix(n, ".") {
					names[n] = true
				}
			}
		}
	}
	for n := range shards {
		names[n] = true
	}
	man, err := json.Marshal(searchManifest{Version: 1, Shards: sortedKeys(names)})
	if err != nil {
		return fmt.Errorf("publisher: encoding search manifest: %w", err)
	}
	if err := b.out.write("search/index.json", append(man, '\n')); err != nil {
		return err
	}
	return p.page(b, "search.html", "search/index.html", "Search", nil, nil)
}
