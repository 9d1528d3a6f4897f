package sdmx

import (
	"os"
	"testing"
)

func seed(f *testing.F, files ...string) {
	for _, name := range files {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// The SDMX readers never panic, whatever the bytes; what they return maps
// without panicking either.
func FuzzReadXML(f *testing.F) {
	seed(f, "nama_gdp.structurespecific.xml", "error.xml")
	f.Add([]byte(`<GenericData><DataSet><Series><SeriesKey><Value id="A" value="1"/></SeriesKey><Obs><ObsDimension value="2020"/><ObsValue value="1"/></Obs></Series></DataSet></GenericData>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := readXML(b, &readConfig{timeDim: "TIME_PERIOD"})
		if err == nil {
			Mapping{}.Observations(m)
		}
		readStructure(b, "en")
	})
}

func FuzzReadJSON(f *testing.F) {
	seed(f, "exr.sdmx.json")
	f.Add([]byte(`{"structure":{"dimensions":{"observation":[{"id":"TIME_PERIOD","values":[{"id":"2020"}]}]}},"dataSets":[{"observations":{"0":[1.5]}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, err := readJSON(b, "en"); err == nil {
			Mapping{}.Observations(m)
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	seed(f, "cpi.sdmx-csv")
	f.Add([]byte("STRUCTURE[;],STRUCTURE_ID,ACTION,DIM_1: D,OBS_VALUE\ndataflow,A:B(1.0),I,A: x,1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, err := readCSV(b, csvConfig{readConfig: &readConfig{timeDim: "TIME_PERIOD"}}); err == nil {
			Mapping{}.Observations(m)
		}
	})
}
