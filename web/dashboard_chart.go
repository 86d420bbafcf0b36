package web

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// svgChart is a chart the server draws as inline SVG: the page needs no
// chart library and shows its charts without JavaScript. Every chart has
// a title and a description for assistive technology, and the page puts
// a table with the same numbers beside it; each mark carries its value in
// a <title> as a tooltip. Coordinates are in the viewBox's pixels.
type svgChart struct {
	ID            string // unique on the page; its title and description hang off it
	Title, Desc   string
	Width, Height float64
	Plot          svgBox
	XTicks        []svgTick
	YTicks        []svgTick // horizontal grid lines with their values
	XGrid         bool      // vertical grid lines at the x ticks
	Refs          []svgLine // reference lines drawn over the grid
	Areas         []svgArea
	Bars          []svgBar
	Lines         []svgLine
	Paths         []svgArea
	Dots          []svgDot
	Labels        []svgLabel
}

type svgBox struct{ X, Y, W, H float64 }

func (b svgBox) Right() float64  { return b.X + b.W }
func (b svgBox) Bottom() float64 { return b.Y + b.H }

type svgTick struct {
	At   float64
	Text string
}

type svgBar struct {
	X, Y, W, H   float64
	Class, Title string
}

type svgLine struct {
	X1, Y1, X2, Y2 float64
	Class, Title   string
}

// svgArea is a polygon (Areas) or a polyline (Paths) through Points.
type svgArea struct {
	Points, Class string
}

type svgDot struct {
	X, Y, R      float64
	Class, Title string
}

type svgLabel struct {
	X, Y                float64
	Text, Anchor, Class string
}

// px rounds a coordinate to a tenth of a pixel, keeping the markup short.
func px(v float64) float64 { return math.Round(v*10) / 10 }

// points writes coordinates as an SVG points list.
func points(xs, ys []float64) string {
	var b strings.Builder
	for i := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(px(xs[i]), 'f', -1, 64))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(px(ys[i]), 'f', -1, 64))
	}
	return b.String()
}

// niceScale is a round top for an axis up to max, and the step of about
// four ticks up to it: 1, 2 or 5 times a power of ten, at least minStep.
func niceScale(max, minStep float64) (top, step float64) {
	if !(max > 0) {
		return minStep * 4, minStep
	}
	raw := max / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	switch n := raw / mag; {
	case n <= 1:
		step = mag
	case n <= 2:
		step = 2 * mag
	case n <= 5:
		step = 5 * mag
	default:
		step = 10 * mag
	}
	step = math.Max(step, minStep)
	return math.Ceil(max/step-1e-9) * step, step
}

// fmtNum writes v with decimals in lang's way: a decimal comma in Dutch
// and French.
func fmtNum(lang string, v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if s == "-0" || strings.HasPrefix(s, "-0.") && strings.Trim(s[3:], "0") == "" {
		s = s[1:]
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// fmtPct writes a share (0…1) as a percentage.
func fmtPct(lang string, share float64, decimals int) string {
	if lang == "en" {
		return fmtNum(lang, share*100, decimals) + "%"
	}
	return fmtNum(lang, share*100, decimals) + "\u00a0%"
}

// fmtSigned writes a percentage change with its sign: +38 %, −12 %.
func fmtSigned(lang string, pct float64) string {
	s := fmtNum(lang, math.Abs(pct), 0)
	sign := "+"
	if math.Round(pct) < 0 {
		sign = "−"
	}
	if lang == "en" {
		return sign + s + "%"
	}
	return sign + s + "\u00a0%"
}

// fmtDay writes a calendar day as the pages do.
func fmtDay(t time.Time) string { return t.Format("02/01/2006") }

// monthNames are the short month names of lang, January first.
func monthNames(lang string) []string { return strings.Fields(translate(lang, "dash.months")) }

// weeklyChart draws counts per week as bars. small charts are the small
// multiples of the category groups.
func weeklyChart(id, title, desc, lang string, weeks []time.Time, counts []int, small bool, markTitle func(i int) string) svgChart {
	c := svgChart{ID: id, Title: title, Desc: desc, Width: 760, Height: 240}
	if small {
		c.Width, c.Height = 360, 150
	}
	c.Plot = svgBox{X: 40, Y: 10, W: c.Width - 48, H: c.Height - 36}
	peak := 0
	for _, n := range counts {
		peak = max(peak, n)
	}
	top, step := niceScale(float64(peak), 1)
	y := func(v float64) float64 { return c.Plot.Bottom() - c.Plot.H*v/top }
	for v := 0.0; v <= top+1e-9; v += step {
		c.YTicks = append(c.YTicks, svgTick{At: px(y(v)), Text: fmtNum(lang, v, 0)})
	}
	n := float64(len(counts))
	bw := c.Plot.W / math.Max(n, 1)
	months := monthNames(lang)
	for i, v := range counts {
		x := c.Plot.X + float64(i)*bw
		c.Bars = append(c.Bars, svgBar{X: px(x + bw*0.1), Y: px(y(float64(v))), W: px(math.Max(bw*0.8, 1)),
			H: px(c.Plot.Bottom() - y(float64(v))), Class: "mark", Title: markTitle(i)})
		w := weeks[i]
		switch {
		case len(weeks) <= 10:
			c.XTicks = append(c.XTicks, svgTick{At: px(x + bw/2), Text: w.Format("02/01")})
		case i > 0 && w.Month() != weeks[i-1].Month() && (!small || (w.Month()-1)%3 == 0):
			c.XTicks = append(c.XTicks, svgTick{At: px(x), Text: months[w.Month()-1]})
		}
	}
	return c
}

// hbar is one row of a horizontal bar chart: a bar up to Value and, when
// Whisker is above it, a line on to Whisker.
type hbar struct {
	Label          string
	Value, Whisker float64
	Title          string
}

// hbarChart draws rows as horizontal bars with their labels on the left;
// tick writes an axis value.
func hbarChart(id, title, desc string, rows []hbar, tick func(float64) string, minStep float64) svgChart {
	const rowH = 24
	c := svgChart{ID: id, Title: title, Desc: desc, Width: 720, XGrid: true}
	c.Height = float64(len(rows))*rowH + 34
	c.Plot = svgBox{X: 220, Y: 6, W: c.Width - 220 - 24, H: float64(len(rows)) * rowH}
	peak := 0.0
	for _, r := range rows {
		peak = math.Max(peak, math.Max(r.Value, r.Whisker))
	}
	top, step := niceScale(peak, minStep)
	x := func(v float64) float64 { return c.Plot.X + c.Plot.W*math.Min(v, top)/top }
	for v := 0.0; v <= top+1e-9; v += step {
		c.XTicks = append(c.XTicks, svgTick{At: px(x(v)), Text: tick(v)})
	}
	for i, r := range rows {
		y := c.Plot.Y + float64(i)*rowH
		mid := px(y + rowH/2)
		c.Bars = append(c.Bars, svgBar{X: c.Plot.X, Y: px(y + 5), W: px(x(r.Value) - c.Plot.X), H: rowH - 10, Class: "mark", Title: r.Title})
		if r.Whisker > r.Value {
			c.Lines = append(c.Lines,
				svgLine{X1: px(x(r.Value)), Y1: mid, X2: px(x(r.Whisker)), Y2: mid, Class: "whisker", Title: r.Title},
				svgLine{X1: px(x(r.Whisker)), Y1: px(y + 6), X2: px(x(r.Whisker)), Y2: px(y + rowH - 6), Class: "whisker", Title: r.Title})
		}
		c.Labels = append(c.Labels, svgLabel{X: c.Plot.X - 8, Y: px(mid + 4), Text: shorten(r.Label, 32), Anchor: "end"})
	}
	return c
}

// shorten cuts a label to n characters, marking the cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// effectRow is one term of a forest plot: a change in percent with its
// 95 % interval; Clear when the interval leaves out no change.
type effectRow struct {
	Label           string
	Percent, Lo, Hi float64
	Clear           bool
	Title           string
}

// forestChart draws effects as points with their 95 % intervals on a
// ratio scale, so −50 % and +100 % lie as far from "no change".
func forestChart(id, title, desc, lang string, rows []effectRow) svgChart {
	const rowH = 24
	c := svgChart{ID: id, Title: title, Desc: desc, Width: 720, XGrid: true}
	c.Height = float64(len(rows))*rowH + 34
	c.Plot = svgBox{X: 260, Y: 6, W: c.Width - 260 - 44, H: float64(len(rows)) * rowH}
	ratio := func(pct float64) float64 { return math.Log2(math.Max(1+pct/100, 1.0/64)) }
	lo, hi := -1.0, 1.0 // at least halving to doubling
	for _, r := range rows {
		lo, hi = math.Min(lo, ratio(r.Lo)), math.Max(hi, ratio(r.Hi))
	}
	lo, hi = math.Max(math.Floor(lo), -4), math.Min(math.Ceil(hi), 4)
	step := 1.0 // a tick per doubling, or per two where they would crowd
	if hi-lo > 4 {
		step = 2
		lo, hi = 2*math.Floor(lo/2), 2*math.Ceil(hi/2)
	}
	x := func(pct float64) float64 {
		return c.Plot.X + c.Plot.W*(math.Min(math.Max(ratio(pct), lo), hi)-lo)/(hi-lo)
	}
	for k := lo; k <= hi; k += step {
		pct := (math.Pow(2, k) - 1) * 100
		c.XTicks = append(c.XTicks, svgTick{At: px(x(pct)), Text: fmtSigned(lang, pct)})
	}
	c.Refs = append(c.Refs, svgLine{X1: px(x(0)), Y1: c.Plot.Y, X2: px(x(0)), Y2: c.Plot.Bottom(), Class: "ref"})
	for i, r := range rows {
		mid := px(c.Plot.Y + float64(i)*rowH + rowH/2)
		c.Lines = append(c.Lines, svgLine{X1: px(x(r.Lo)), Y1: mid, X2: px(x(r.Hi)), Y2: mid, Class: "whisker", Title: r.Title})
		class := "mark unclear"
		if r.Clear {
			class = "mark"
		}
		c.Dots = append(c.Dots, svgDot{X: px(x(r.Percent)), Y: mid, R: 5, Class: class, Title: r.Title})
		c.Labels = append(c.Labels, svgLabel{X: c.Plot.X - 8, Y: px(mid + 4), Text: shorten(r.Label, 40), Anchor: "end"})
	}
	return c
}

// bandDay is one day of a forecast chart.
type bandDay struct {
	Day                          time.Time
	Mean, Lo80, Hi80, Lo95, Hi95 float64
	Title                        string
}

// bandChart draws a forecast: the 95 % and 80 % intervals as bands, the
// expected count as a line with a dot a day.
func bandChart(id, title, desc, lang string, days []bandDay) svgChart {
	c := svgChart{ID: id, Title: title, Desc: desc, Width: 360, Height: 170}
	c.Plot = svgBox{X: 34, Y: 10, W: c.Width - 42, H: c.Height - 36}
	peak := 0.0
	for _, d := range days {
		peak = math.Max(peak, math.Max(d.Hi95, d.Mean))
	}
	top, step := niceScale(peak, 1)
	y := func(v float64) float64 { return c.Plot.Bottom() - c.Plot.H*math.Min(v, top)/top }
	for v := 0.0; v <= top+1e-9; v += step {
		c.YTicks = append(c.YTicks, svgTick{At: px(y(v)), Text: fmtNum(lang, v, 0)})
	}
	n := len(days)
	xs := make([]float64, n)
	for i := range days {
		xs[i] = c.Plot.X + (float64(i)+0.5)*c.Plot.W/float64(n)
	}
	band := func(lo, hi func(bandDay) float64, class string) svgArea {
		bx, by := make([]float64, 0, 2*n), make([]float64, 0, 2*n)
		for i, d := range days {
			bx, by = append(bx, xs[i]), append(by, y(hi(d)))
		}
		for i := n - 1; i >= 0; i-- {
			bx, by = append(bx, xs[i]), append(by, y(lo(days[i])))
		}
		return svgArea{Points: points(bx, by), Class: class}
	}
	c.Areas = append(c.Areas,
		band(func(d bandDay) float64 { return d.Lo95 }, func(d bandDay) float64 { return d.Hi95 }, "band95"),
		band(func(d bandDay) float64 { return d.Lo80 }, func(d bandDay) float64 { return d.Hi80 }, "band80"))
	ys := make([]float64, n)
	for i, d := range days {
		ys[i] = y(d.Mean)
		c.Dots = append(c.Dots, svgDot{X: px(xs[i]), Y: px(ys[i]), R: 3, Class: "mark", Title: d.Title})
		if i%2 == 0 {
			c.XTicks = append(c.XTicks, svgTick{At: px(xs[i]), Text: d.Day.Format("2/1")})
		}
	}
	c.Paths = append(c.Paths, svgArea{Points: points(xs, ys), Class: "mean"})
	return c
}
