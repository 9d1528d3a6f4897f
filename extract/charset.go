package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// MismatchSuffix marks a Page.Charset (and DecodeCharset's name) for a
// body that is valid UTF-8 although its header or <meta> names another
// charset: the body was read as UTF-8, e.g. "utf-8 (declared windows-1252)".
const MismatchSuffix = " (declared "

// decodeCharset implements DecodeCharset, in the WHATWG order: a byte
// order mark, then the Content-Type header, then a <meta> in the first
// 1024 bytes, then detection. Two corrections to the declared charset:
//
//   - A body that is valid UTF-8 and not plain ASCII is read as UTF-8
//     whatever legacy charset is declared (a site moved to UTF-8 but kept
//     its old <meta charset=gbk>, or a server adds iso-8859-1 to every
//     page); the name returned says so: "utf-8 (declared gbk)".
//   - A header that says UTF-8 over bytes that are not UTF-8 gives way to
//     a <meta> charset; without one the body is refused.
//
// Without any declaration a body that is not UTF-8 is detected
// (github.com/gogs/chardet); a detection under minConfidence falls back
// to windows-1252, the WHATWG default.
func decodeCharset(raw []byte, contentType string) ([]byte, string, error) {
	if isJSON(contentType) {
		// JSON is UTF-8 (RFC 8259): no guessing from the first kilobyte.
		if !utf8.Valid(raw) {
			return nil, "utf-8", errors.New("charset: JSON body is not valid UTF-8")
		}
		return raw, "utf-8", nil
	}
	if hasBOM(raw) {
		enc, name, _ := charset.DetermineEncoding(raw, "")
		return decodeWith(raw, enc, name)
	}
	label := headerCharset(contentType)
	if label == "" {
		label = metaCharset(raw)
	}
	if label != "" {
		enc, name := charset.Lookup(label)
		if enc != nil {
			if name == "utf-8" {
				if utf8.Valid(raw) {
					return raw, "utf-8", nil
				}
				if e, n := charset.Lookup(metaCharset(raw)); e != nil && n != "utf-8" {
					return decodeWith(raw, e, n)
				}
				return nil, "utf-8", errors.New("charset: body is not valid UTF-8 and no other charset is declared")
			}
			if !isASCII(raw) && utf8.Valid(raw) {
				return raw, "utf-8" + MismatchSuffix + name + ")", nil
			}
			return decodeWith(raw, enc, name)
		}
	}
	if utf8.Valid(raw) {
		return raw, "utf-8", nil
	}
	if enc, name := detect(raw); enc != nil {
		return decodeWith(raw, enc, name)
	}
	enc, name := charset.Lookup("windows-1252")
	return decodeWith(raw, enc, name)
}

// minConfidence is the least chardet confidence (0-100) taken.
const minConfidence = 50

// detect guesses the charset of a body that declares none and is not
// UTF-8, with chardet's HTML detector; nil when it is not confident.
func detect(raw []byte) (encoding.Encoding, string) {
	res, err := chardet.NewHtmlDetector().DetectBest(raw)
	if err != nil || res == nil || res.Confidence < minConfidence {
		return nil, ""
	}
	return charset.Lookup(res.Charset)
}

func decodeWith(raw []byte, enc encoding.Encoding, name string) ([]byte, string, error) {
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(raw)))
	if err != nil {
		return nil, name, fmt.Errorf("charset %s: %w", name, err)
	}
	return out, name, nil
}

// hasBOM reports whether raw opens with a UTF-8 or UTF-16 byte order mark.
func hasBOM(raw []byte) bool {
	return bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) || bytes.HasPrefix(raw, []byte{0xFF, 0xFE})
}

// headerCharset returns the charset parameter of a Content-Type header, or "".
func headerCharset(contentType string) string {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(params["charset"])
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
