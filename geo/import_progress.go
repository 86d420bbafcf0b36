package geo

import (
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// bigInput is the size from which an import shows a progress bar: small
// files finish before a bar would tell anyone anything.
const bigInput = 4 << 20

// withProgress counts the bytes read from in on a bar written to opt.Progress.
// finish ends the bar's line.
func withProgress(in io.Reader, opt ImportOptions, what string) (r io.Reader, finish func()) {
	if opt.Progress == nil || opt.Size < bigInput {
		return in, func() {}
	}
	bar := progressbar.NewOptions64(opt.Size,
		progressbar.OptionSetWriter(opt.Progress),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(250*time.Millisecond),
		progressbar.OptionSetWidth(30),
	)
	pr := progressbar.NewReader(in, bar)
	return &pr, func() {
		_ = bar.Finish()
		_, _ = io.WriteString(opt.Progress, "\n")
	}
}
