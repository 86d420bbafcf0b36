package web

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// fieldOverview is the sheet's map: the area's outline, the built-up
// blocks of the address register, the main streets' names and the listed
// tickets by their number. Paper cannot pan or load tiles, so it is drawn
// here as SVG in Web Mercator metres (y turned down, as SVG wants).
type fieldOverview struct {
	ViewBox string
	Area    string // the outline as a path
	Blocks  string // the address grid's occupied cells as one path
	Streets []overviewLabel
	Tickets []overviewMark
	Centre  string // a cross on the chosen point, for a circle
	Scale   overviewScale
	North   overviewLabel // the "N" over the north arrow
	Arrow   string        // the north arrow
	Font    float64       // text size; the rest is scaled from it
}

type overviewLabel struct {
	X, Y float64
	Text string
}

// overviewMark is a ticket's dot, its number beside it at TX, TY.
type overviewMark struct {
	X, Y, TX, TY float64
	N            int
	Open         bool
}

// overviewScale is the scale bar: Path draws it, the text stands at X, Y.
type overviewScale struct {
	Path   string
	X, Y   float64
	Metres int // what the bar measures on the ground
}

// Sizes of the drawing, as parts of its width.
const (
	overviewMargin = 0.08 // around the area
	overviewCells  = 110  // address grid cells across
	overviewFont   = 1.0 / 40
	overviewLabels = 14 // street names at most
)

// Dot is the radius of a ticket's mark.
func (o *fieldOverview) Dot() float64 { return o.Font * 0.35 }

// Halo is the width of the white edge that keeps text readable over lines.
func (o *fieldOverview) Halo() float64 { return o.Font * 0.25 }

// Line is the width of the outline.
func (o *fieldOverview) Line() float64 { return o.Font * 0.15 }

// Dash is the outline's dash pattern.
func (o *fieldOverview) Dash() string { return fmt.Sprintf("%.0f %.0f", o.Font*0.6, o.Font*0.35) }

// Small is the size of street names.
func (o *fieldOverview) Small() float64 { return o.Font * 0.75 }

// mercator is (lon, lat) in Web Mercator metres.
func mercator(lon, lat float64) (float64, float64) {
	const r = 6378137.0
	return r * lon * math.Pi / 180, r * math.Log(math.Tan(math.Pi/4+lat*math.Pi/360))
}

// fieldOverviewOf draws the area with ts on it.
func (h *Handler) fieldOverviewOf(ctx context.Context, municipalityID int, a *fieldArea, ts []*fieldTicket) (*fieldOverview, error) {
	w0, h0 := a.frame[2]-a.frame[0], a.frame[3]-a.frame[1]
	m := max(w0, h0) * overviewMargin
	x0, y0, x1, y1 := a.frame[0]-m, a.frame[1]-m, a.frame[2]+m, a.frame[3]+m
	width, height := x1-x0, y1-y0
	o := &fieldOverview{
		ViewBox: fmt.Sprintf("%.0f %.0f %.0f %.0f", x0, -y1, width, height),
		Area:    a.outlineSVG,
		Font:    math.Round(width * overviewFont),
	}
	f := o.Font
	if a.IsPoint() {
		c := f * 0.6
		o.Centre = fmt.Sprintf("M%.0f %.0fh%.0fM%.0f %.0fv%.0f", a.x-c, -a.y, 2*c, a.x, -a.y-c, 2*c)
	}
	for _, t := range ts {
		o.Tickets = append(o.Tickets, overviewMark{X: t.x, Y: -t.y, TX: t.x + f*0.45, TY: -t.y - f*0.2, N: t.N, Open: t.Open()})
	}
	// A Web Mercator metre is 1/cos(latitude) metres on the ground.
	ground := math.Cos(a.Lat * math.Pi / 180)
	o.Scale.Metres = niceLength(width * ground / 5)
	bar := float64(o.Scale.Metres) / ground
	sx, sy := x0+width*0.04, -y0-height*0.04
	o.Scale.Path = fmt.Sprintf("M%.0f %.0fv%.0fh%.0fv%.0f", sx, sy-f*0.4, f*0.4, bar, -f*0.4)
	o.Scale.X, o.Scale.Y = sx+bar+f*0.3, sy
	nx, ny := x1-width*0.05, -y1+height*0.05
	o.North = overviewLabel{X: nx, Y: ny + f, Text: "N"}
	o.Arrow = fmt.Sprintf("M%.0f %.0fl%.0f %.0fh%.0fz", nx, ny+f*1.3, f*0.4, f*1.4, -f*0.8)

	cell := width / overviewCells
	rows, err := h.pool.Query(ctx, `
		SELECT DISTINCT floor(ST_X(p) / $6)::int8, floor(ST_Y(p) / $6)::int8
		FROM (SELECT ST_Transform(geom, 3857) AS p FROM address
		      WHERE municipality_id = $1 AND geom && ST_Transform(ST_MakeEnvelope($2, $3, $4, $5, 3857), 4326)) a`,
		municipalityID, x0, y0, x1, y1, cell)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "drawing the overview failed")
	}
	var b strings.Builder
	var cx, cy int64
	side := cell * 0.8
	_, err = pgx.ForEachRow(rows, []any{&cx, &cy}, func() error {
		fmt.Fprintf(&b, "M%.0f %.0fh%.0fv%.0fh-%.0fz", (float64(cx)+0.1)*cell, -(float64(cy)+0.9)*cell, side, side, side)
		return nil
	})
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "drawing the overview failed")
	}
	o.Blocks = b.String()

	rows, err = h.pool.Query(ctx, `
		SELECT street_nl, ST_X(c), ST_Y(c) FROM (
			SELECT street_nl, ST_Centroid(ST_Collect(ST_Transform(geom, 3857))) AS c, count(*) AS n FROM address
			WHERE municipality_id = $1 AND geom && ST_Transform(ST_MakeEnvelope($2, $3, $4, $5, 3857), 4326)
			GROUP BY street_nl) s
		ORDER BY n DESC, street_nl LIMIT $6`, municipalityID, x0, y0, x1, y1, overviewLabels)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "drawing the overview failed")
	}
	var l overviewLabel
	_, err = pgx.ForEachRow(rows, []any{&l.Text, &l.X, &l.Y}, func() error {
		o.Streets = append(o.Streets, overviewLabel{X: l.X, Y: -l.Y, Text: l.Text})
		return nil
	})
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "drawing the overview failed")
	}
	return o, nil
}

// niceLength is a round length in metres near m, for the scale bar.
func niceLength(m float64) int {
	best := 10
	for _, n := range []int{10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000} {
		if float64(n) <= m {
			best = n
		}
	}
	return best
}
