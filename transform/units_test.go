package transform

import (
	"testing"
	"time"
)

// TestUnitsAgreeAcrossLanguages parses the same figure written in English and
// in Chinese and checks both get one unit name.
func TestUnitsAgreeAcrossLanguages(t *testing.T) {
	pub := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ en, zh, unit string }{
		{"The mill produced 320 tonnes of steel.", "该厂生产钢材320吨。", "t"},
		{"The province built 120 kilometres of road.", "该省修建道路120公里。", "km"},
		{"The park covers 500 square kilometers.", "公园面积达500平方公里。", "km2"},
		{"The plant generated 20 kilowatt-hours.", "该厂发电20千瓦时。", "kWh"},
		{"Farmers planted 300 hectares of rice.", "农民种植水稻300公顷。", "ha"},
		{"Hospitals received 13.33 million person-times.", "医院接诊1333万人次。", "person-times"},
		{"The group runs 182 medical institutions.", "该集团有医疗机构182家。", ""},
		{"The hospital added 27,000 beds.", "医院新增床位2.7万张。", ""},
	} {
		en := Parse(c.en, Options{Lang: "en", Published: pub})
		zh := Parse(c.zh, Options{Lang: "zh", Published: pub})
		if len(en) != 1 || len(zh) != 1 {
			t.Errorf("%q: %d figures, %q: %d figures, want 1 each", c.en, len(en), c.zh, len(zh))
			continue
		}
		if en[0].Unit != c.unit || zh[0].Unit != c.unit {
			t.Errorf("unit of %q = %q, of %q = %q, want %q", c.en, en[0].Unit, c.zh, zh[0].Unit, c.unit)
		}
	}
}

func TestUnitName(t *testing.T) {
	for in, want := range map[string]string{
		"tonnes": "t", "Tonnes": "t", "tons": "ton", "TEUs": "TEU", "家": "", "人次": "person-times",
		"percent": "percent", "CNY": "CNY", "furlongs": "furlongs", "": "",
	} {
		if got := unitName(in); got != want {
			t.Errorf("unitName(%q) = %q, want %q", in, got, want)
		}
	}
}
