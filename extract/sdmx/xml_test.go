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

// SDMX-ML 2.0 GenericData: concept= instead of id=, <Time> as text; a unit
// code that carries its scale beside a UNIT_MULT is an error, not ×1e12.
func TestGeneric20AndUnitConflict(t *testing.T) {
	msg := []byte(`<?xml version="1.0" encoding="UTF-8"?>
<GenericData xmlns="http://www.SDMX.org/resources/SDMXML/schemas/v2_0/message" xmlns:generic="http://www.SDMX.org/resources/SDMXML/schemas/v2_0/generic">
 <Header><ID>X</ID></Header>
 <DataSet>
  <generic:KeyFamilyRef>NAMA</generic:KeyFamilyRef>
  <generic:Series>
   <generic:SeriesKey><generic:Value concept="GEO" value="DE"/><generic:Value concept="UNIT" value="CP_MEUR"/></generic:SeriesKey>
   <generic:Attributes><generic:Value concept="UNIT_MULT" value="6"/></generic:Attributes>
   <generic:Obs><generic:Time>2023</generic:Time><generic:ObsValue value="4121.2"/></generic:Obs>
  </generic:Series>
  <generic:Series>
   <generic:SeriesKey><generic:Value concept="GEO" value="FR"/><generic:Value concept="UNIT" value="CP_MEUR"/></generic:SeriesKey>
   <generic:Obs><generic:Time>2023</generic:Time><generic:ObsValue value="2803.1"/></generic:Obs>
  </generic:Series>
 </DataSet>
</GenericData>`)
	m, err := readXML(msg, &readConfig{timeDim: "TIME_PERIOD"})
	if err != nil {
		t.Fatal(err)
	}
	obs, errs, _ := Mapping{Dataset: "nama"}.Observations(m)
	if len(obs) != 1 || len(errs) != 1 {
		t.Fatalf("%d obs, errors %v", len(obs), errs)
	}
	if o := obs[0]; *o.Value != 2803100000 || o.Unit != "EUR" || o.Scale != 1e6 || o.PeriodText != "2023" {
		t.Errorf("FR = %+v", o)
	}
	if e := errs[0].Error(); e != `series 1, observation 1: unit "CP_MEUR" already means ×1e+06 and UNIT_MULT says ×1e+06: which applies is not certain` {
		t.Errorf("error = %s", e)
	}
}

// With dimensionAtObservation TIME_PERIOD, an Obs's other components are
// attributes: a flag that changes is not a new series.
func TestObsComponentsAreAttributes(t *testing.T) {
	msg := []byte(`<m:StructureSpecificData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">
<m:Header><m:ID>x</m:ID><m:Structure structureID="S" dimensionAtObservation="TIME_PERIOD"/><m:DataSetID>TEINA</m:DataSetID></m:Header>
<m:DataSet><Series freq="Q" geo="EL"><Obs TIME_PERIOD="2023-Q4" OBS_VALUE="2.1" FOOTNOTE_X="b"/><Obs TIME_PERIOD="2024-Q1" OBS_VALUE="2.3"/></Series></m:DataSet>
</m:StructureSpecificData>`)
	m, err := readXML(msg, &readConfig{timeDim: "TIME_PERIOD"})
	if err != nil {
		t.Fatal(err)
	}
	obs, errs, _ := Mapping{Dataset: "d"}.Observations(m)
	if len(obs) != 2 || len(errs) > 0 || len(obs[0].Dims) != 2 || obs[0].SeriesKey() == 0 {
		t.Fatalf("%+v %v", obs, errs)
	}
	a, b := obs[0], obs[1]
	a.PeriodStart, a.PeriodEnd = b.PeriodStart, b.PeriodEnd
	if a.SeriesKey() != b.SeriesKey() {
		t.Errorf("a flag made a different series: %v vs %v", obs[0].Dims, obs[1].Dims)
	}
}
