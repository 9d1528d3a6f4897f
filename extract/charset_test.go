package extract_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/newsetl/newsetl/extract"
)

func gbk(t testing.TB, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The WHATWG order (BOM, header, <meta>, detection) with one correction:
// a body that is valid UTF-8 is read as UTF-8 whatever legacy charset it
// declares, and the charset name says so.
func TestDecodeCharsetOrderAndMismatch(t *testing.T) {
	zh := "中央企业所办1154家医疗机构深化改革完成率达到99.6%。"
	cases := []struct {
		name, ct string
		raw      []byte
		want     string // decoded text that must appear
		charset  string
	}{
		{"utf-8 body, meta windows-1252", "text/html",
			[]byte(`<html><head><meta charset="windows-1252"><title>Café</title></head><body><p>Crème brûlée — 3½ cups</p></body></html>`),
			"Crème brûlée — 3½ cups", "utf-8" + extract.MismatchSuffix + "windows-1252)"},
		{"utf-8 body, meta gbk", "text/html",
			[]byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body><p>` + zh + `</p></body></html>`),
			zh, "utf-8" + extract.MismatchSuffix + "gbk)"},
		{"utf-8 body, header iso-8859-1", "text/html; charset=iso-8859-1",
			[]byte(`<p>Zürich</p>`), "Zürich", "utf-8" + extract.MismatchSuffix + "windows-1252)"},
		{"gbk body, meta gbk", "text/html",
			append(append([]byte(`<html><head><meta charset="gbk"></head><body><p>`), gbk(t, zh)...), []byte(`</p></body></html>`)...),
			zh, "gbk"},
		{"gbk body, header wins over meta", "text/html; charset=gb18030",
			append(append([]byte(`<meta charset="windows-1252"><p>`), gbk(t, zh)...), []byte(`</p>`)...),
			zh, "gb18030"},
		{"latin-1 body, meta latin-1", "text/html",
			[]byte("<meta charset=\"iso-8859-1\"><p>Gr\xfc\xdfe aus K\xf6ln</p>"), "Grüße aus Köln", "windows-1252"},
		{"utf-8 BOM over a gbk header", "text/html; charset=gbk",
			append([]byte{0xEF, 0xBB, 0xBF}, []byte("<p>"+zh+"</p>")...), zh, "utf-8"},
		{"plain ascii, meta windows-1252", "text/html",
			[]byte(`<meta charset="windows-1252"><p>Plain text</p>`), "Plain text", "windows-1252"},
		{"undeclared gbk is detected", "text/html",
			append(append([]byte(`<html><body><p>`), gbk(t, strings.Repeat(zh, 4))...), []byte(`</p></body></html>`)...),
			zh, "gb18030"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, cs, err := extract.DecodeCharset(c.raw, c.ct)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), c.want) {
				t.Errorf("decoded %q, want it to hold %q", out, c.want)
			}
			if strings.Contains(string(out), "Ã") || strings.Contains(string(out), "Â") {
				t.Errorf("mojibake in %q", out)
			}
			if cs != c.charset {
				t.Errorf("charset %q, want %q", cs, c.charset)
			}
		})
	}
}

// Through the Fetcher: a UTF-8 page whose meta says windows-1252 arrives
// as UTF-8 and Page.Charset records the mismatch.
func TestFetchUTF8PageDeclaredLegacy(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><meta charset="windows-1252"></head><body><p>Bürgerämter öffnen — 12 neue Standorte</p></body></html>`))
	}))
	defer srv.Close()
	p, err := testFetcher(nil).Get(context.Background(), srv.URL+"/a.html")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(p.Body), "Bürgerämter öffnen — 12 neue Standorte") {
		t.Errorf("body %q", p.Body)
	}
	if !strings.HasPrefix(p.Charset, "utf-8"+extract.MismatchSuffix) {
		t.Errorf("charset %q, want the mismatch recorded", p.Charset)
	}
}

func FuzzDecodeCharset(f *testing.F) {
	f.Add([]byte(`<meta charset="gbk"><p>中文</p>`), "text/html")
	f.Add([]byte("<p>\xff\xfe</p>"), "text/html; charset=utf-8")
	f.Add([]byte{0xFE, 0xFF, 0, 'a'}, "")
	f.Add([]byte(`{"a":1}`), "application/json")
	f.Fuzz(func(t *testing.T, raw []byte, ct string) {
		out, _, err := extract.DecodeCharset(raw, ct)
		if err == nil && out == nil && len(raw) > 0 {
			t.Errorf("no error and no output for %q", raw)
		}
	})
}
