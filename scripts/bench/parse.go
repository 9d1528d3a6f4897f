package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsetl/newsetl/internal/repo"

	"github.com/newsetl/newsetl/transform"
)

// corpus reads the English and Chinese article texts of the transform
// goldens (transform/testdata/golden/*.txt; "-zh" in the name is Chinese).
func corpus() (en, zh []string, err error) {
	root, err := repo.Root()
	if err != nil {
		return nil, nil, err
	}
	files, err := filepath.Glob(filepath.Join(root, "transform", "testdata", "golden", "*.txt"))
	if err != nil || len(files) == 0 {
		return nil, nil, fmt.Errorf("no article texts under transform/testdata/golden (%v)", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		if strings.Contains(filepath.Base(f), "-zh") {
			zh = append(zh, string(b))
		} else {
			en = append(en, string(b))
		}
	}
	if len(en) == 0 || len(zh) == 0 {
		return nil, nil, fmt.Errorf("want English and Chinese texts under transform/testdata/golden")
	}
	return en, zh, nil
}

// parseWorkload: transform.Parse over MB of article text per language,
// one call per article as ingest makes them (no reference: MB/s).
func parseWorkload(_ context.Context, quick bool) (result, error) {
	target := 20 << 20
	if quick {
		target = 2 << 20
	}
	en, zh, err := corpus()
	if err != nil {
		return result{}, err
	}
	published := time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)
	rate := func(docs []string, lang string) func() (float64, error) {
		return func() (float64, error) {
			n, figures := 0, 0
			start := time.Now()
			for n < target {
				for _, d := range docs {
					figures += len(transform.Parse(d, transform.Options{Lang: lang, Published: published}))
					n += len(d)
				}
			}
			if figures == 0 {
				return 0, fmt.Errorf("parse %s: no figures found", lang)
			}
			return float64(n) / (1 << 20) / time.Since(start).Seconds(), nil
		}
	}
	// English and Chinese interleaved: each pair is one run of each.
	p, err := pairs(quick, rate(en, "en"), rate(zh, "zh"))
	if err != nil {
		return result{}, err
	}
	mb := fmt.Sprintf("%d MB", target>>20)
	return result{Rows: []row{
		{What: "parse: transform.Parse, English, " + mb, Unit: "MB/s", Value: p.value},
		{What: "parse: transform.Parse, Chinese, " + mb, Unit: "MB/s", Value: p.ref},
	}, Values: map[string]float64{"parse_mb_per_s_en": p.value, "parse_mb_per_s_zh": p.ref}}, nil
}
