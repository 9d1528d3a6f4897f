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

// benchTextZh is realistic Chinese press text: the Chinese version of the
// SASAC seed and the Chinese test sentences, repeated.
func benchTextZh(b *testing.B) string {
	in, err := os.ReadFile(filepath.Join("testdata", "golden", "sasac-medical-institutions-reform-zh.txt"))
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for rep := 0; rep < 4; rep++ {
		sb.Write(in)
		sb.WriteByte('\n')
		for _, c := range chineseCases {
			sb.WriteString(c.in)
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

func BenchmarkParseChinese(b *testing.B) {
	text := benchTextZh(b)
	opt := Options{Lang: "zh", Published: time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)}
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
