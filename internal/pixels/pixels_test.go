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
	if s := Measure(blank); s.Mean != 255 || s.Variance != 0 || s.Colours != 1 {
		t.Errorf("white image: %+v, want mean 255, variance 0, 1 colour", s)
	}
	// Half black, half white: mean 127.5, variance 127.5².
	half := image.NewGray(image.Rect(0, 0, 2, 1))
	half.SetGray(1, 0, color.Gray{Y: 255})
	if s := Measure(half); s.Mean != 127.5 || math.Abs(s.SD()-127.5) > 1e-9 || s.Colours != 2 {
		t.Errorf("black and white: %+v (sd %v), want mean 127.5, sd 127.5, 2 colours", s, s.SD())
	}
	// Pure red weighs 0.299.
	red := image.NewRGBA(image.Rect(0, 0, 1, 1))
	red.Set(0, 0, color.RGBA{R: 255, A: 255})
	if s := Measure(red); math.Abs(s.Mean-0.299*255) > 1e-9 {
		t.Errorf("red: mean %v, want %v", s.Mean, 0.299*255)
	}
	if s := Measure(image.NewGray(image.Rect(0, 0, 0, 0))); s != (Stats{}) {
		t.Errorf("empty image: %+v", s)
	}
}
