package chart

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"os"
	"strings"
	"testing"

	"golang.org/x/image/font/opentype"
)

// chinese is a chart whose legend and title are Chinese.
func chinese() Chart {
	c := institutions()
	c.Title = "卫生总费用"
	c.Series[0].Name = "全国"
	c.Series[1].Name = "北京"
	return c
}

func TestChinesePNGNeedsAndUsesACJKFont(t *testing.T) {
	if os.Getenv(FontEnv) == "" {
		if err := cjkFont(); err != nil {
			t.Skipf("no CJK font on this machine (%v): install fonts-wqy-microhei or fonts-noto-cjk", err)
		}
	}
	var buf bytes.Buffer
	if err := Render(&buf, "png", chinese()); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if v := Variance(img); v < 100 {
		t.Errorf("pixel variance %.1f", v)
	}

	// SVG text with Chinese is laid out with the CJK font too (its family
	// named, sans-serif after it).
	var svg bytes.Buffer
	if err := Render(&svg, "svg", chinese()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(svg.String(), "font-family:Liberation") || !strings.Contains(svg.String(), ", sans-serif;") {
		t.Errorf("Chinese SVG not in the CJK font: %.300s", svg.String())
	}

	t.Setenv(FontEnv, "/nonexistent/font.ttc")
	err = Render(&bytes.Buffer{}, "png", chinese())
	if err == nil || !strings.Contains(err.Error(), FontEnv+"=/nonexistent/font.ttc") || !strings.Contains(err.Error(), "SVG and HTML need no font") {
		t.Errorf("missing font: %v", err)
	}
	// SVG and HTML leave the glyphs to the viewer, and Latin text needs
	// no CJK font.
	for _, f := range []string{"svg", "html"} {
		if err := Render(&bytes.Buffer{}, f, chinese()); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if err := Render(&bytes.Buffer{}, "png", institutions()); err != nil {
		t.Errorf("latin png: %v", err)
	}
}

func TestRepackSFNTRealignsTables(t *testing.T) {
	// A collection of one font with two tables, the second at an odd
	// offset (as in wqy-microhei.ttc).
	var b bytes.Buffer
	b.WriteString("ttcf")
	binary.Write(&b, binary.BigEndian, []uint32{0x00010000, 1, 16})
	binary.Write(&b, binary.BigEndian, []uint32{0x00010000})
	binary.Write(&b, binary.BigEndian, []uint16{2, 32, 1, 0})
	binary.Write(&b, binary.BigEndian, []uint32{0x61616161, 7, 60, 3}) // "aaaa" at 60, 3 bytes
	binary.Write(&b, binary.BigEndian, []uint32{0x62626262, 9, 63, 2}) // "bbbb" at 63: unaligned
	b.WriteString("xyzpq")
	out, err := repackSFNT(b.Bytes(), 0)
	if err != nil {
		t.Fatal(err)
	}
	off := func(i int) uint32 { return binary.BigEndian.Uint32(out[12+16*i+8:]) }
	if off(0) != 44 || off(1) != 48 || string(out[44:47]) != "xyz" || string(out[48:50]) != "pq" || len(out)%4 != 0 {
		t.Errorf("repacked: offsets %d %d, % x", off(0), off(1), out)
	}
	if _, err := repackSFNT(b.Bytes(), 1); err == nil {
		t.Error("font 1 of a one-font collection: no error")
	}
	if _, err := repackSFNT(b.Bytes()[:64], 0); err == nil || !strings.Contains(err.Error(), "past the end") {
		t.Errorf("truncated: %v", err)
	}

	const wqy = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
	raw, err := os.ReadFile(wqy)
	if err != nil {
		t.Skipf("%s: %v (fonts-wqy-microhei not installed)", wqy, err)
	}
	coll, err := opentype.ParseCollection(raw)
	if err == nil {
		if _, err := coll.Font(0); err == nil {
			t.Logf("x/image reads %s as it is now; repackSFNT is no longer needed for it", wqy)
		}
	}
	one, err := repackSFNT(raw, 0)
	if err != nil {
		t.Fatal(err)
	}
	f, err := opentype.Parse(one)
	if err != nil {
		t.Fatalf("%s repacked: %v", wqy, err)
	}
	if n := f.NumGlyphs(); n < 20000 {
		t.Errorf("%s: %d glyphs", wqy, n)
	}
}

// FuzzRepackSFNT: never panics; a result is 4-byte aligned and keeps the
// table count.
func FuzzRepackSFNT(f *testing.F) {
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"), 0)
	f.Add([]byte("\x00\x01\x00\x00\x00\x01\x00\x10\x00\x00\x00\x00aaaa\x00\x00\x00\x00\x00\x00\x00\x1c\x00\x00\x00\x02xy"), 0)
	f.Fuzz(func(t *testing.T, b []byte, index int) {
		out, err := repackSFNT(b, index)
		if err != nil {
			return
		}
		if len(out)%4 != 0 || len(out) < 12 {
			t.Fatalf("length %d", len(out))
		}
		n := int(binary.BigEndian.Uint16(out[4:6]))
		if 12+16*n > len(out) {
			t.Fatalf("%d tables in %d bytes", n, len(out))
		}
		for i := range n {
			off := binary.BigEndian.Uint32(out[12+16*i+8:])
			size := binary.BigEndian.Uint32(out[12+16*i+12:])
			if off%4 != 0 || uint64(off)+uint64(size) > uint64(len(out)) {
				t.Fatalf("table %d at %d, %d bytes, in %d", i, off, size, len(out))
			}
		}
	})
}
