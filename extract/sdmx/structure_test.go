package sdmx

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The OECD structure message of the dev set: flow name, the DSD's
// dimensions in order, its time dimension and attributes.
func TestReadStructureOECD(t *testing.T) {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			t.Skip("no go.mod")
		}
		dir = filepath.Dir(dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, "..", "shared", "devsets", "statistics", "sdmx-csv", "oecd-g20-prices.structure.xml"))
	if err != nil {
		t.Skipf("statistics dev set absent: %v", err)
	}
	s, err := readStructure(b, "en")
	if err != nil {
		t.Fatal(err)
	}
	if s.FlowID != "DSD_G20_PRICES@DF_G20_PRICES" || s.FlowName != "G20 - Consumer price indices, all items" || s.TimeDimension != "TIME_PERIOD" {
		t.Errorf("flow %q %q, time %q", s.FlowID, s.FlowName, s.TimeDimension)
	}
	want := []string{"REF_AREA", "FREQ", "METHODOLOGY", "MEASURE", "UNIT_MEASURE", "EXPENDITURE", "ADJUSTMENT", "TRANSFORMATION"}
	if !reflect.DeepEqual(s.Dimensions, want) {
		t.Errorf("dimensions = %v", s.Dimensions)
	}
	for _, a := range []string{"OBS_STATUS", "UNIT_MULT", "BASE_PER", "DURABILITY", "DECIMALS"} {
		if !s.Attributes[a] {
			t.Errorf("attribute %s missing: %v", a, s.Attributes)
		}
	}
	// A structure with a code list gives labels.
	cl := []byte(`<message:Structure xmlns:message="m" xmlns:structure="s" xmlns:common="c"><message:Structures>
<structure:Codelists><structure:Codelist id="CL_AREA"><structure:Code id="CHN"><common:Name xml:lang="fr">Chine</common:Name><common:Name xml:lang="en">China</common:Name></structure:Code></structure:Codelist></structure:Codelists>
<structure:DataStructures><structure:DataStructure id="D"><structure:DataStructureComponents><structure:DimensionList>
<structure:Dimension id="REF_AREA"><structure:LocalRepresentation><structure:Enumeration><Ref id="CL_AREA"/></structure:Enumeration></structure:LocalRepresentation></structure:Dimension>
</structure:DimensionList></structure:DataStructureComponents></structure:DataStructure></structure:DataStructures></message:Structures></message:Structure>`)
	s, err = readStructure(cl, "en")
	if err != nil || s.label("REF_AREA", "CHN") != "China" {
		t.Errorf("label = %q, %v", s.label("REF_AREA", "CHN"), err)
	}
}
