package publisher

import (
	"net/http"
	"path"
	"strings"
)

// contentTypes are the types Handler gives by file extension.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".atom": "application/atom+xml; charset=utf-8",
	".xml":  "application/xml; charset=utf-8",
	".json": "application/json; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".md":   "text/markdown; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".ics":  "text/calendar; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
}

// Handler serves the site folder dir for preview (gavel serve) or from
// gavel run: static files with correct content types (.atom as
// application/atom+xml), index.html for folders, no listing of folders
// without one, and no dot files (the publisher's state).
func Handler(dir string) http.Handler {
	fs := http.FileServer(noListing{http.Dir(dir)})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		for _, part := range strings.Split(p, "/") {
			if strings.HasPrefix(part, ".") {
				http.NotFound(w, r)
				return
			}
		}
		name := p
		if strings.HasSuffix(r.URL.Path, "/") {
			name = path.Join(p, "index.html")
		}
		h := w.Header()
		if ct, ok := contentTypes[path.Ext(name)]; ok {
			h.Set("Content-Type", ct)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data:; object-src 'none'; base-uri 'self'")
		fs.ServeHTTP(w, r)
	})
}

// noListing hides folders that have no index.html.
type noListing struct{ fs http.FileSystem }

func (n noListing) Open(name string) (http.File, error) {
	f, err := n.fs.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st.IsDir() {
		idx, err := n.fs.Open(path.Join(name, "index.html"))
		if err != nil {
			f.Close()
			return nil, err
		}
		idx.Close()
	}
	return f, nil
}
