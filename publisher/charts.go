package publisher

import (
	"html/template"
	"math"
	"strconv"
	"strings"
)

// The charts are inline SVG written at build time: no script, no request,
// colours from the style sheet's variables (so dark mode and print apply),
// and each comes with a table of the same numbers (the figure's text
// alternative). A small writer rather than a chart library: the pages
// need three shapes (bars, grouped horizontal bars, lines), the library
// served (go-analyze/charts) inlines fonts and fixed colours and weighs
// more than the whole page budget.

// chartSeries is one named row of values (one per label).
type chartSeries struct {
	Name   string
	Values []int
}

// chartKind is the shape of a chart.
type chartKind int

const (
	// barChart draws one vertical bar per label for each series.
	barChart chartKind = iota
	// lineChart draws one line per series across the labels.
	lineChart
	// hbarChart draws one horizontal bar per label for each series,
	// label text at the left (owners).
	hbarChart
)

// chart is a chart and its data table.
type chart struct {
	ID      string
	Title   string
	Kind    chartKind
	Labels  []string
	Series  []chartSeries
	LabelTH string // the table's first column heading
}

// chartView is what the templates show: the SVG and the table rows.
type chartView struct {
	ID      string
	Title   string
	SVG     template.HTML
	LabelTH string
	Heads   []string
	Rows    []chartRow
}

// chartRow is one row of a chart's table.
type chartRow struct {
	Label  string
	Values []int
}

// view renders c for a page; nil when it has no data.
func (c chart) view() *chartView {
	if len(c.Labels) == 0 || len(c.Series) == 0 {
		return nil
	}
	v := &chartView{ID: c.ID, Title: c.Title, SVG: template.HTML(c.svg()), LabelTH: c.LabelTH}
	for _, s := range c.Series {
		v.Heads = append(v.Heads, s.Name)
	}
	for i, l := range c.Labels {
		row := chartRow{Label: l}
		for _, s := range c.Series {
			row.Values = append(row.Values, valueAt(s.Values, i))
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

func valueAt(v []int, i int) int {
	if i < len(v) {
		return v[i]
	}
	return 0
}

// maxValue is the largest value of the chart (at least 1).
func (c chart) maxValue() int {
	m := 1
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v > m {
				m = v
			}
		}
	}
	return m
}

// niceTop rounds m up to a value with a short scale: 1, 2, 5 times a
// power of ten.
func niceTop(m int) int {
	if m <= 5 {
		return m
	}
	p := int(math.Pow(10, math.Floor(math.Log10(float64(m)))))
	for _, f := range []int{1, 2, 5, 10} {
		if f*p >= m {
			return f * p
		}
	}
	return 10 * p
}

// svgBuf builds SVG markup; every text is escaped.
type svgBuf struct{ strings.Builder }

func (b *svgBuf) num(f float64) {
	b.WriteString(strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64))
}

func (b *svgBuf) attr(name string, f float64) {
	b.WriteByte(' ')
	b.WriteString(name)
	b.WriteString(`="`)
	b.num(f)
	b.WriteByte('"')
}

func (b *svgBuf) text(x, y float64, anchor, class, s string) {
	b.WriteString(`<text`)
	b.attr("x", x)
	b.attr("y", y)
	if anchor != "" {
		b.WriteString(` text-anchor="` + anchor + `"`)
	}
	if class != "" {
		b.WriteString(` class="` + class + `"`)
	}
	b.WriteByte('>')
	template.HTMLEscape(&b.Builder, []byte(s))
	b.WriteString("</text>")
}

// svg writes the chart. The picture is described by its title (the
// table beside it has the numbers), so it is role="img" with a <title>.
func (c chart) svg() string {
	if c.Kind == hbarChart {
		return c.hbarSVG()
	}
	if c.Kind == lineChart && len(c.Labels) == 1 {
		c.Kind = barChart // a line through one point shows nothing
	}
	const w, h = 480.0, 220.0
	const left, right, top, bottom = 34.0, 8.0, 26.0, 30.0
	pw, ph := w-left-right, h-top-bottom
	top1 := niceTop(c.maxValue())
	var b svgBuf
	c.open(&b, w, h)
	// Axis and scale: 0, half, top.
	scale := []int{0, top1 / 2, top1}
	if top1 < 2 {
		scale = []int{0, top1}
	}
	for _, v := range scale {
		y := top + ph - ph*float64(v)/float64(top1)
		b.WriteString(`<line class="grid"`)
		b.attr("x1", left)
		b.attr("x2", w-right)
		b.attr("y1", y)
		b.attr("y2", y)
		b.WriteString("/>")
		b.text(left-4, y+4, "end", "", strconv.Itoa(v))
	}
	n := len(c.Labels)
	step := pw / float64(n)
	// At most about 4 labels on the axis (the table has them all).
	every := (n + 3) / 4
	for i, l := range c.Labels {
		if i%every == 0 {
			b.text(left+step*(float64(i)+0.5), h-bottom+16, "middle", "", l)
		}
	}
	switch c.Kind {
	case barChart:
		gw := step * 0.8
		bw := gw / float64(len(c.Series))
		for si, s := range c.Series {
			b.WriteString(`<g class="s` + strconv.Itoa(si) + `">`)
			for i := range c.Labels {
				v := valueAt(s.Values, i)
				bh := ph * float64(v) / float64(top1)
				b.WriteString("<rect")
				b.attr("x", left+step*float64(i)+step*0.1+bw*float64(si))
				b.attr("y", top+ph-bh)
				b.attr("width", math.Max(bw-1, 1))
				b.attr("height", bh)
				b.WriteString("/>")
			}
			b.WriteString("</g>")
		}
	case lineChart:
		for si, s := range c.Series {
			b.WriteString(`<polyline class="s` + strconv.Itoa(si) + `" points="`)
			for i := range c.Labels {
				if i > 0 {
					b.WriteByte(' ')
				}
				b.num(left + step*(float64(i)+0.5))
				b.WriteByte(',')
				b.num(top + ph - ph*float64(valueAt(s.Values, i))/float64(top1))
			}
			b.WriteString(`"/>`)
		}
	}
	c.legend(&b, left, 14)
	b.WriteString("</svg>")
	return b.String()
}

// hbarSVG draws one row per label (an owner) with a bar per series.
func (c chart) hbarSVG() string {
	const w = 480.0
	const left, right, top, rowH = 120.0, 36.0, 26.0, 26.0
	n := len(c.Labels)
	h := top + rowH*float64(n) + 8
	pw := w - left - right
	top1 := float64(c.maxValue())
	var b svgBuf
	c.open(&b, w, h)
	for i, l := range c.Labels {
		y := top + rowH*float64(i)
		if len([]rune(l)) > 14 {
			l = string([]rune(l)[:13]) + "…"
		}
		b.text(left-6, y+rowH*0.65, "end", "", l)
		bh := (rowH - 6) / float64(len(c.Series))
		for si, s := range c.Series {
			v := valueAt(s.Values, i)
			bw := pw * float64(v) / top1
			b.WriteString(`<rect class="s` + strconv.Itoa(si) + `"`)
			b.attr("x", left)
			b.attr("y", y+3+bh*float64(si))
			b.attr("width", bw)
			b.attr("height", bh-1)
			b.WriteString("/>")
			b.text(left+bw+4, y+3+bh*float64(si)+bh-2, "", "v", strconv.Itoa(v))
		}
	}
	c.legend(&b, left, 14)
	b.WriteString("</svg>")
	return b.String()
}

// open writes the <svg> element and its title.
func (c chart) open(b *svgBuf, w, h float64) {
	b.WriteString(`<svg class="chart" role="img" aria-labelledby="` + c.ID + `-t" viewBox="0 0 `)
	b.num(w)
	b.WriteByte(' ')
	b.num(h)
	b.WriteString(`" preserveAspectRatio="xMinYMin meet"><title id="` + c.ID + `-t">`)
	template.HTMLEscape(&b.Builder, []byte(c.Title))
	b.WriteString("</title>")
}

// legend writes a key of the series at (x, y).
func (c chart) legend(b *svgBuf, x, y float64) {
	if len(c.Series) < 2 {
		return
	}
	for si, s := range c.Series {
		b.WriteString(`<rect class="s` + strconv.Itoa(si) + `"`)
		b.attr("x", x)
		b.attr("y", y-9)
		b.attr("width", 10)
		b.attr("height", 10)
		b.WriteString("/>")
		b.text(x+14, y, "", "", s.Name)
		x += 14 + 8*float64(len(s.Name)) + 14
	}
}
