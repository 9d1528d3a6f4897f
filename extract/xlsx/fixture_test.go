package xlsx_test

import (
	"os"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestWriteFixture writes testdata/labour.xlsx when NEWSETL_WRITE_XLSX is
// set: the fixture is generated, so its contents are stated here.
func TestWriteFixture(t *testing.T) {
	if os.Getenv("NEWSETL_WRITE_XLSX") == "" {
		t.Skip("set NEWSETL_WRITE_XLSX=1 to rewrite testdata/labour.xlsx")
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Notes")
	f.SetCellValue("Notes", "A1", "Labour force, fixture for newsetl. © newsetl tests")
	f.NewSheet("Quarterly")
	set := func(sheet, cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	q := "Quarterly"
	for cell, v := range map[string]any{
		"A1": "", "B1": "Unemployment rate ;  Persons ;", "C1": "Employed persons ;  > Full-time ;",
		"A2": "Unit", "B2": "Percent", "C2": "000 Persons",
		"A3": "Series ID", "B3": "UR_T", "C3": "EMP_FT",
	} {
		set(q, cell, v)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("mmm-yyyy")})
	pctStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
	for i, d := range []time.Time{
		time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC),
	} {
		row := i + 4
		cell, _ := excelize.CoordinatesToCellName(1, row)
		set(q, cell, d)
		f.SetCellStyle(q, cell, cell, dateStyle)
	}
	for i, v := range []any{0.037, 0.0355, 0.0362, 0.039} {
		cell, _ := excelize.CoordinatesToCellName(2, i+4)
		set(q, cell, v)
		f.SetCellStyle(q, cell, cell, pctStyle)
	}
	for i, v := range []any{9876.54321, "np", "10,234.5", 10012.25} {
		cell, _ := excelize.CoordinatesToCellName(3, i+4)
		set(q, cell, v)
	}
	w := "Regionen"
	f.NewSheet(w)
	for cell, v := range map[string]any{
		"A1": "Region", "B1": "Einwohner (1 000)", "B2": 2021, "C2": 2022, "D2": 2023,
		"A3": "Nord", "B3": 1234.5, "C3": 1240.25, "D3": "–",
		"A4": "Süd", "B4": 2345.75, "C4": 2351, "D4": 2360.5,
	} {
		set(w, cell, v)
	}
	f.MergeCell(w, "A1", "A2")
	f.MergeCell(w, "B1", "D1")
	tt := "Titled"
	f.NewSheet(tt)
	for cell, v := range map[string]any{
		"A1": "Tabelle 3: Krankenhausbetten je 100 000 Einwohner",
		"A3": "Jahr", "B3": "Betten (Anzahl)",
		"A4": 2021, "B4": 791.5,
		"A5": 2022, "B5": 788.25,
		"A7": "Quelle: Statistisches Testamt, 2024",
	} {
		set(tt, cell, v)
	}
	if err := f.SaveAs("testdata/labour.xlsx"); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }
