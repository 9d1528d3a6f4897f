package sdmx

import (
	"testing"
)

// A generic message with all dimensions at the observation (ObsKey) and a
// group in the generic form.
func TestGenericFlatAndGroup(t *testing.T) {
	msg := []byte(`<?xml version="1.0" encoding="UTF-8"?>
<message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:generic="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic">
 <message:Header><message:ID>X</message:ID><message:DataSetID>UNE</message:DataSetID></message:Header>
 <message:DataSet>
  <generic:Obs>
   <generic:ObsKey><generic:Value id="GEO" value="DE"/><generic:Value id="TIME_PERIOD" value="2024-01"/></generic:ObsKey>
   <generic:ObsValue value="3.1"/>
   <generic:Attributes><generic:Value id="UNIT_MULT" value="0"/><generic:Value id="UNIT_MEASURE" value="PC"/></generic:Attributes>
  </generic:Obs>
  <generic:Obs>
   <generic:ObsKey><generic:Value id="GEO" value="FR"/><generic:Value id="TIME_PERIOD" value="2024-01"/></generic:ObsKey>
   <generic:ObsValue value="7.5"/>
  </generic:Obs>
 </message:DataSet>
</message:GenericData>`)
	m, err := readXML(msg, &readConfig{timeDim: "TIME_PERIOD"})
	if err != nil {
		t.Fatal(err)
	}
	obs, errs, notices := Mapping{Dataset: "d"}.Observations(m)
	if len(obs) != 2 || len(errs) > 0 || len(notices) > 0 {
		t.Fatalf("%d obs, %v, %v", len(obs), errs, notices)
	}
	if o := obs[0]; o.IndicatorCode != "UNE" || *o.Value != 3.1 || o.Unit != "percent" || o.PeriodText != "2024-01" || o.Dims[0] != (struct{ Name, Value string }{"GEO", "DE"}) {
		t.Errorf("obs[0] = %+v", o)
	}
	if o := obs[1]; *o.Value != 7.5 || o.Unit != "" {
		t.Errorf("obs[1] = %+v", o)
	}
}
