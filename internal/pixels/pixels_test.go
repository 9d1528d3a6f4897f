package pixels

import (
	"image"
	"image/color"
	"math"
	"testing"
)

func TestMeasure(t *testing.T) {
	blank := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for i := range blank.Pix {
		blank.Pix[i] = 0xff
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
	if s := Measure(blank); !near(s.Mean, 255) || !near(s.Variance, 0) || s.Colours != 1 {
		t.Errorf("white image: %+v, want mean 255, variance 0, 1 colour", s)
	}
	// Half black, half white: mean 127.5, variance 127.5².
	half := image.NewGray(image.Rect(0, 0, 2, 1))
	half.SetGray(1, 0, color.Gray{Y: 255})
	if s := Measure(half); !near(s.Mean, 127.5) || !near(s.SD(), 127.5) || s.Colours != 2 {
		t.Errorf("black and white: %+v (sd %v), want mean 127.5, sd 127.5, 2 colours", s, s.SD())
	}
	// Pure red weighs 0.299.
	red := image.NewRGBA(image.Rect(0, 0, 1, 1))
	red.Set(0, 0, color.RGBA{R: 255, A: 255})
	if s := Measure(red); !near(s.Mean, 0.299*255) {
		t.Errorf("red: mean %v, want %v", s.Mean, 0.299*255)
	}
	if s := Measure(image.NewGray(image.Rect(0, 0, 0, 0))); s != (Stats{}) {
		t.Errorf("empty image: %+v", s)
	}
}
