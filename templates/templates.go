// Package templates holds gavel's default site templates, style sheet and
// search script, embedded in the binary. A site overrides any of them by
// putting a file of the same name in its site.templates folder.
//
// Page templates are html/template files; each defines "content" (and may
// define "head") and is executed inside layout.html.
package templates

import "embed"

// FS holds the default templates (*.html), the style sheet (style.css) and
// the search script (search.js) and the icon (favicon.svg).
//
//go:embed *.html *.css *.js *.svg
var FS embed.FS
