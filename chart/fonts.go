package chart

import (
	"fmt"
	"os"
	"sync"
	"unicode"

	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot/font"
)

// FontEnv names the variable that points PNG rendering at a TrueType or
// OpenType font (.ttf, .otf, or a .ttc collection, whose first font is
// used) with Chinese glyphs.
const FontEnv = "NEWSETL_CHART_FONT"

// cjkFontPaths are where Debian's CJK font packages put their fonts
// (fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei, fonts-arphic-ukai),
// tried in order when FontEnv is unset.
var cjkFontPaths = []string{
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/truetype/arphic/ukai.ttc",
}

// cjkTypeface is the typeface name the CJK font is registered under in
// gonum's default font cache (next to Liberation, which stays the
// default).
const cjkTypeface = "newsetl-cjk"

var (
	fontMu     sync.Mutex
	fontLoaded = map[string]error{} // path → the error loading it (nil: registered)
)

// wide reports whether r needs a CJK font: Han, kana, Hangul, CJK
// punctuation and fullwidth forms; gonum/plot's Liberation fonts have
// none of them.
func wide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// cjkText returns the first text of c (title, labels, series names, point
// labels) that needs a CJK font, or "".
func cjkText(c Chart) string {
	texts := []string{c.Title, c.Unit, c.XLabel, c.YLabel}
	for _, s := range c.Series {
		texts = append(texts, s.Name)
		for _, p := range s.Points {
			texts = append(texts, p.Label)
		}
	}
	for _, t := range texts {
		for _, r := range t {
			if wide(r) {
				return t
			}
		}
	}
	return ""
}

// cjkFont registers a font with Chinese glyphs under cjkTypeface: the file
// FontEnv names, else the first of cjkFontPaths that exists. The error
// says how to get one.
func cjkFont() error {
	paths := cjkFontPaths
	if p := os.Getenv(FontEnv); p != "" {
		paths = []string{p}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			if len(paths) == 1 {
				return fmt.Errorf("%s=%s: %w", FontEnv, p, err)
			}
			continue
		}
		return loadFont(p)
	}
	return fmt.Errorf("no font with Chinese glyphs: install fonts-noto-cjk or fonts-wqy-microhei, or set %s to a .ttf/.otf/.ttc file", FontEnv)
}

// loadFont parses the font file at path once and registers it.
func loadFont(path string) error {
	fontMu.Lock()
	defer fontMu.Unlock()
	if err, ok := fontLoaded[path]; ok {
		return err
	}
	err := func() error {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		// The first font of a collection, its tables realigned (repackSFNT).
		one, err := repackSFNT(b, 0)
		if err != nil {
			return fmt.Errorf("reading font %s: %w", path, err)
		}
		f, err := opentype.Parse(one)
		if err != nil {
			return fmt.Errorf("reading font %s: %w", path, err)
		}
		font.DefaultCache.Add(font.Collection{
			{Font: font.Font{Typeface: cjkTypeface}, Face: f},
			{Font: font.Font{Typeface: cjkTypeface, Variant: "Sans"}, Face: f},
		})
		return nil
	}()
	fontLoaded[path] = err
	return err
}
