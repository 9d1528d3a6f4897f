// Package pixels measures an image for tests that must tell a drawn chart
// or page from a blank one: the spread of its grey levels and the number
// of its colours.
package pixels

import (
	"image"
	"math"
)

// Stats are the grey levels (luma, 0..255, ITU-R BT.601 weights) of an
// image's pixels: their mean and variance (0 for a blank image, one colour)
// and how many distinct 8-bit RGB colours it has.
type Stats struct {
	Mean, Variance float64
	Colours        int
}

// SD is the standard deviation of the grey levels.
func (s Stats) SD() float64 { return math.Sqrt(s.Variance) }

// Measure reads every pixel of img. An empty image has zero Stats.
func Measure(img image.Image) Stats {
	b := img.Bounds()
	seen := map[[3]uint32]bool{}
	var sum, sum2, n float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			l := (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 257
			sum += l
			sum2 += l * l
			n++
		}
	}
	if n == 0 {
		return Stats{}
	}
	mean := sum / n
	return Stats{Mean: mean, Variance: math.Max(0, sum2/n-mean*mean), Colours: len(seen)}
}
