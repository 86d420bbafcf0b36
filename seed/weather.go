package seed

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Uccle climate normals 1991–2020 (Royal Meteorological Institute): monthly
// mean temperature (°C), precipitation (mm) and mean daily range (°C).
var (
	normalTemp   = [12]float64{3.6, 4.1, 7.0, 10.3, 14.0, 17.0, 19.0, 18.6, 15.3, 11.4, 7.1, 4.1}
	normalPrecip = [12]float64{76, 63, 58, 45, 60, 72, 77, 86, 65, 74, 80, 88}
	normalRange  = [12]float64{5.0, 5.8, 7.2, 8.9, 9.6, 9.6, 9.7, 9.5, 8.5, 7.0, 5.6, 4.9}
)

// monthly interpolates a monthly normal linearly between mid-months, so the
// series has no steps on the first of the month.
func monthly(n *[12]float64, month, mday int) float64 {
	pos := float64(month-1) + (float64(mday)-15.5)/30.5
	lo := int(math.Floor(pos))
	f := pos - float64(lo)
	return n[(lo+12)%12]*(1-f) + n[(lo+13)%12]*f
}

// genWeather fills in a synthetic day-by-day series: an AR(1) temperature
// anomaly (weather lasts several days), and a two-state Markov chain for
// wet days (about half the days) with exponential rain amounts.
func genWeather(days []day, seed int64) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x3ea7e5))
	const phi = 0.8
	anom, wet := 0.0, false
	for i := range days {
		d := &days[i]
		mean := monthly(&normalTemp, d.month, d.mday)
		sd := 3.4 // winter anomalies are larger: cold spells and mild westerlies
		if d.month >= 5 && d.month <= 9 {
			sd = 2.8
		}
		anom = phi*anom + rng.NormFloat64()*sd*math.Sqrt(1-phi*phi)
		rng2 := monthly(&normalRange, d.month, d.mday) * (0.75 + 0.5*rng.Float64())
		if wet {
			rng2 *= 0.7 // clouds keep days and nights closer
		}
		d.tmean = mean + anom
		d.tmin = d.tmean - rng2/2 + rng.NormFloat64()*0.7
		d.tmax = d.tmean + rng2/2 + rng.NormFloat64()*0.7
		if d.tmin > d.tmax {
			d.tmin, d.tmax = d.tmax, d.tmin
		}
		pWet := 0.35
		if wet {
			pWet = 0.65
		}
		wet = rng.Float64() < pWet
		d.precip, d.snow = 0, 0
		if wet {
			perWetDay := monthly(&normalPrecip, d.month, d.mday) / 30.4 / 0.5
			d.precip = math.Round(perWetDay*rng.ExpFloat64()*10) / 10
			if d.tmean < 1 {
				d.snow = math.Round(d.precip*10) / 10 // about 1 cm of snow per mm of water
			}
		}
		d.tmin = math.Round(d.tmin*10) / 10
		d.tmax = math.Round(d.tmax*10) / 10
		d.tmean = math.Round(d.tmean*10) / 10
	}
}

func writeWeather(ctx context.Context, pool *pgxpool.Pool, days []day) error {
	var w copyBuf
	w.header()
	for i := range days {
		d := &days[i]
		w.row(8)
		w.int4(municipalityID)
		w.date(d.unixDay)
		w.text("synthetic")
		w.float4(d.tmin)
		w.float4(d.tmax)
		w.float4(d.tmean)
		w.float4(d.precip)
		w.float4(d.snow)
	}
	w.trailer()
	return copyAll(ctx, pool, "weather_daily", []string{"municipality_id", "day", "source",
		"temp_min_c", "temp_max_c", "temp_mean_c", "precip_mm", "snow_cm"}, &w)
}
