package publisher

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/gavel-irc/gavel/meeting"
)

// DefaultMinutes returns the built-in MinutesWriter (temporary, until the
// minutes package lands).
func DefaultMinutes() MinutesWriter { return fallbackMinutes{} }

type fallbackMinutes struct{}

var fallbackHTML = template.Must(template.New("m").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body>
<h1>{{.Title}}</h1>
<p>Meeting started by {{.Owner}} at {{.Started.UTC.Format "15:04:05"}} UTC.</p>
<h3>Meeting summary</h3>
<ol>
{{- range .Items}}
<li>{{if eq .Kind "topic"}}<b class="TOPIC">{{.Text}}</b>{{else}}<i>{{.Kind}}</i>: {{.Text}}{{end}} <span class="details">({{.Nick}}, {{.At.UTC.Format "15:04:05"}})</span></li>
{{- end}}
</ol>
<p>Meeting ended at {{.Ended.UTC.Format "15:04:05"}} UTC.</p>
</body></html>
`))

func (fallbackMinutes) base(m *meeting.Meeting, pattern string) string {
	s := m.Started.UTC()
	r := strings.NewReplacer("{series}", m.Series, "{date}", s.Format("2006-01-02"), "{time}", s.Format("15.04"),
		"{year}", s.Format("2006"), "{id}", m.ID, "{channel}", meeting.SanitizeName(m.Channel))
	return r.Replace(pattern)
}

func (f fallbackMinutes) Write(m *meeting.Meeting, pattern string) ([]MinutesFile, error) {
	var buf bytes.Buffer
	if err := fallbackHTML.Execute(&buf, m); err != nil {
		return nil, err
	}
	base := f.base(m, pattern)
	var txt strings.Builder
	fmt.Fprintf(&txt, "%s\n", m.Title)
	for _, it := range m.Items {
		fmt.Fprintf(&txt, "* %s: %s (%s)\n", it.Kind, it.Text, it.Nick)
	}
	return []MinutesFile{{Format: "html", Path: base + ".html", Data: buf.Bytes()}, {Format: "txt", Path: base + ".txt", Data: []byte(txt.String())}}, nil
}

func (f fallbackMinutes) HTMLPath(rec Record, pattern string) (string, error) {
	return f.base(&meeting.Meeting{ID: rec.ID, Series: rec.Series, Channel: rec.Channel, Started: rec.Started}, pattern) + ".html", nil
}
