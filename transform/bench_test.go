package transform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchText is realistic press text: the seed articles and the English test
// sentences, repeated.
func benchText(b *testing.B) string {
	var sb strings.Builder
	for rep := 0; rep < 4; rep++ {
		for _, a := range goldenArticles {
			in, err := os.ReadFile(filepath.Join("testdata", "golden", a.name+".txt"))
			if err != nil {
				b.Fatal(err)
			}
			sb.Write(in)
			sb.WriteByte('\n')
		}
		for _, c := range englishCases {
			sb.WriteString(c.in)
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

func BenchmarkParseEnglish(b *testing.B) {
	text := benchText(b)
	opt := Options{Lang: "en", Published: time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(text, opt)
	}
}

func BenchmarkSplitSentences(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		SplitSentences(text)
	}
}
