package countmodel

import (
	"math"
	"testing"
)

func TestAdjustBHByHand(t *testing.T) {
	cases := []struct{ p, want []float64 }{
		// Sorted 0.005, 0.01, 0.03, 0.04 → m·p/rank 0.02, 0.02, 0.04, 0.04.
		{[]float64{0.01, 0.04, 0.03, 0.005}, []float64{0.02, 0.04, 0.04, 0.02}},
		// 0.02·3/1 = 0.06 is lowered to 0.021·3/2 = 0.0315 by the step-up rule.
		{[]float64{0.02, 0.021, 0.9}, []float64{0.0315, 0.0315, 0.9}},
		{[]float64{1, 1}, []float64{1, 1}},
		{nil, []float64{}},
	}
	for _, c := range cases {
		got := AdjustBH(c.p)
		if len(got) != len(c.want) {
			t.Fatalf("AdjustBH(%v) = %v", c.p, got)
		}
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-15 {
				t.Errorf("AdjustBH(%v) = %v, want %v", c.p, got, c.want)
				break
			}
		}
	}
}

func TestCUSUMAlarmsOnLastingExcessOnly(t *testing.T) {
	c := cusum{k: 0.5, h: 5, clip: 2.5}
	spike := make([]float64, 20)
	spike[3] = 40
	if a := c.run(spike); len(a) != 0 {
		t.Errorf("one extreme day raised %v", a)
	}
	// 1.5 standard deviations a day from day 1 on: the sum grows by 1 a
	// day and passes 5 on day 6, then keeps alarming with the same onset.
	drift := []float64{-1, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5}
	a := c.run(drift)
	if len(a) != 2 || a[0] != (cusumAlarm{day: 6, onset: 1}) || a[1] != (cusumAlarm{day: 7, onset: 1}) {
		t.Errorf("alarms %v, want days 6 and 7 with onset 1", a)
	}
}
