package csv

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Encodings a source may name in its encoding key.
var encodings = map[string]encoding.Encoding{
	"utf-8":        encoding.Nop,
	"utf8":         encoding.Nop,
	"utf-16":       xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM),
	"utf-16le":     xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM),
	"utf-16be":     xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM),
	"windows-1252": charmap.Windows1252,
	"cp1252":       charmap.Windows1252,
	"iso-8859-1":   charmap.ISO8859_1,
	"latin1":       charmap.ISO8859_1,
	"iso-8859-15":  charmap.ISO8859_15,
	"gbk":          simplifiedchinese.GB18030, // GB18030 is a superset of GBK and GB2312
	"gb2312":       simplifiedchinese.GB18030,
	"gb18030":      simplifiedchinese.GB18030,
}

// EncodingNames lists the names the encoding key accepts.
const EncodingNames = "utf-8, utf-16 (by BOM), utf-16le, utf-16be, windows-1252, iso-8859-1, iso-8859-15, gbk, gb18030"

// LookupEncoding returns the encoding a config names.
func LookupEncoding(name string) (encoding.Encoding, bool) {
	e, ok := encodings[strings.ToLower(strings.TrimSpace(name))]
	return e, ok
}

// EncodingError is a file whose encoding cannot be told from its bytes, or
// whose bytes do not decode cleanly in the encoding given: never read as
// mojibake.
type EncodingError struct{ Msg string }

func (e *EncodingError) Error() string { return e.Msg }

// DetectEncoding tells a file's encoding from its bytes:
//   - a byte-order mark: UTF-8, UTF-16LE or UTF-16BE;
//   - UTF-16 without a BOM, when every other byte of ASCII text is NUL;
//   - valid UTF-8;
//   - GB18030 when every run of high bytes has an even length and decodes
//     to Chinese characters;
//   - Windows-1252 when high bytes stand alone between ASCII and decode
//     to letters and punctuation;
//
// and anything else is an *EncodingError asking for the encoding key.
func DetectEncoding(raw []byte) (encoding.Encoding, string, error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		return encoding.Nop, "utf-8", nil
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		return encodings["utf-16le"], "utf-16le", nil
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return encodings["utf-16be"], "utf-16be", nil
	}
	if name := utf16NoBOM(raw); name != "" {
		return encodings[name], name, nil
	}
	if utf8.Valid(raw) {
		return encoding.Nop, "utf-8", nil
	}
	runs, single := highRuns(raw)
	if runs > 0 && single == 0 && mostly(raw, simplifiedchinese.GB18030, isCJK) {
		return simplifiedchinese.GB18030, "gb18030", nil
	}
	if runs > 0 && float64(single) >= 0.8*float64(runs) && !hasUndefined1252(raw) && mostly(raw, charmap.Windows1252, isLatinText) {
		return charmap.Windows1252, "windows-1252", nil
	}
	return nil, "", &EncodingError{Msg: fmt.Sprintf("the file is not UTF-8 and its encoding cannot be told from its bytes (%d runs of non-ASCII bytes); set encoding: one of %s", runs, EncodingNames)}
}

// utf16NoBOM recognises UTF-16 text without a BOM by its NUL bytes.
func utf16NoBOM(raw []byte) string {
	n := min(len(raw), 4096) &^ 1
	if n < 8 {
		return ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if raw[i] == 0 {
			even++
		}
		if raw[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd*10 >= half*9 && even == 0:
		return "utf-16le"
	case even*10 >= half*9 && odd == 0:
		return "utf-16be"
	}
	return ""
}

// highRuns counts the runs of bytes >= 0x80 and those of length one.
func highRuns(raw []byte) (runs, single int) {
	for i := 0; i < len(raw); {
		if raw[i] < 0x80 {
			i++
			continue
		}
		j := i
		for j < len(raw) && raw[j] >= 0x80 {
			j++
		}
		runs++
		if (j-i)%2 == 1 {
			single++
		}
		i = j
	}
	return runs, single
}

// hasUndefined1252 reports bytes Windows-1252 leaves undefined.
func hasUndefined1252(raw []byte) bool {
	for _, b := range raw {
		if b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D {
			return true
		}
	}
	return false
}

// mostly reports whether raw decodes under e with no replacement
// character and with at least 95% of its non-ASCII characters passing ok.
func mostly(raw []byte, e encoding.Encoding, ok func(rune) bool) bool {
	out, err := e.NewDecoder().Bytes(raw)
	if err != nil {
		return false
	}
	var high, good int
	for _, r := range string(out) {
		if r < 0x80 {
			continue
		}
		if r == utf8.RuneError {
			return false
		}
		high++
		if ok(r) {
			good++
		}
	}
	return high > 0 && good*100 >= high*95
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) || r == '…' || r == '—' || r == '·' || r == '“' || r == '”'
}

func isLatinText(r rune) bool {
	return unicode.In(r, unicode.Latin) || strings.ContainsRune("€£¥§°±²³µ·¹º»«¿¡–—‘’“”„…•‰ ×÷¢©®¬¶¼½¾", r)
}

// decodeFile returns raw as UTF-8 text. configured (from the encoding key)
// wins; else a charset the server declares, unless it says UTF-8 (servers
// label files UTF-8 by default); else DetectEncoding. A decoder that meets
// bytes it cannot map, a declared single-byte charset over bytes that are
// valid multi-byte UTF-8 (the server's label is wrong), or a configured
// UTF-8 over invalid bytes is an *EncodingError: mojibake is never read.
func decodeFile(raw []byte, configured encoding.Encoding, configuredName, contentType string) ([]byte, string, error) {
	enc, name := configured, configuredName
	if enc == nil {
		if cs := declaredCharset(contentType); cs != "" && cs != "utf-8" && cs != "utf8" {
			declared, err := htmlindex.Get(cs)
			if err != nil {
				return nil, "", &EncodingError{Msg: fmt.Sprintf("the server declares charset %q, which is not known; set encoding:", cs)}
			}
			enc, name = declared, cs
			if !bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}) && utf8.Valid(raw) && hasMultiByte(raw) && !strings.HasPrefix(cs, "utf") {
				return nil, "", &EncodingError{Msg: fmt.Sprintf("the server declares charset %q but the file is valid UTF-8 with non-ASCII text; set encoding: utf-8 (or the right one)", cs)}
			}
		} else {
			var err error
			if enc, name, err = DetectEncoding(raw); err != nil {
				return nil, "", err
			}
		}
	}
	if enc == encoding.Nop {
		body := bytes.TrimPrefix(raw, []byte{0xEF, 0xBB, 0xBF})
		if !utf8.Valid(body) {
			i := firstInvalid(body)
			return nil, "", &EncodingError{Msg: fmt.Sprintf("the file is read as utf-8 but byte %d (0x%02X) is not UTF-8; set encoding: to the file's encoding", i, body[i])}
		}
		return body, name, nil
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return nil, "", &EncodingError{Msg: fmt.Sprintf("decoding as %s: %v", name, err)}
	}
	if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
		return nil, "", &EncodingError{Msg: fmt.Sprintf("decoding as %s: bytes that are not %s near %q; set encoding: to the file's encoding", name, name, around(out, i))}
	}
	return bytes.TrimPrefix(out, []byte("\uFEFF")), name, nil
}

func declaredCharset(contentType string) string {
	i := strings.Index(strings.ToLower(contentType), "charset=")
	if i < 0 {
		return ""
	}
	cs := contentType[i+len("charset="):]
	if j := strings.IndexAny(cs, "; "); j >= 0 {
		cs = cs[:j]
	}
	return strings.ToLower(strings.Trim(cs, `"'`))
}

func hasMultiByte(raw []byte) bool {
	for _, b := range raw {
		if b >= 0x80 {
			return true
		}
	}
	return false
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return 0
}

func around(b []byte, i int) string {
	from, to := max(0, i-20), min(len(b), i+20)
	return strings.ToValidUTF8(string(b[from:to]), "?")
}
