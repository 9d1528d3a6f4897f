package analyst

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/newsetl/newsetl/internal/tableprint"
)

// Cell writes one value of a column of ClickHouse type typ for reading:
// NULL as "NULL", Date as 2006-01-02, DateTime as 2006-01-02 15:04:05,
// floats in plain decimals (exponent only beyond 1e21 or under 1e-6), nan
// and inf as ClickHouse writes them, arrays and tuples as JSON.
func Cell(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return x
	case time.Time:
		return formatTime(x, typ)
	case float64:
		return formatFloat(x, 64)
	case float32:
		return formatFloat(float64(x), 32)
	case fmt.Stringer:
		return x.String()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10)
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Struct:
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(jsonValue(v, typ)); err == nil {
			return strings.TrimSuffix(b.String(), "\n")
		}
	}
	return fmt.Sprint(v)
}

func formatTime(t time.Time, typ string) string {
	if strings.Contains(typ, "Date") && !strings.Contains(typ, "DateTime") {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.DateTime)
}

func formatFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	if a := math.Abs(f); a != 0 && (a >= 1e21 || a < 1e-6) {
		return strconv.FormatFloat(f, 'g', -1, bits)
	}
	return strconv.FormatFloat(f, 'f', -1, bits)
}

// numeric reports whether a ClickHouse type holds numbers (right-aligned
// in tables).
func numeric(typ string) bool {
	t := strings.TrimSuffix(strings.TrimPrefix(typ, "Nullable("), ")")
	for _, p := range []string{"Int", "UInt", "Float", "Decimal"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// Table is the result as a printable table, numeric columns right-aligned.
func (r *Result) Table() *tableprint.Table {
	t := &tableprint.Table{Header: r.Columns}
	for _, typ := range r.Types {
		a := tableprint.Left
		if numeric(typ) {
			a = tableprint.Right
		}
		t.Align = append(t.Align, a)
	}
	for _, row := range r.Rows {
		cells := make([]string, len(row))
		for i, v := range row {
			cells[i] = Cell(v, r.Types[i])
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// CSVTable is the result as a table for CSV: like Table, but NULL is an
// empty field.
func (r *Result) CSVTable() *tableprint.Table {
	t := r.Table()
	for i, row := range r.Rows {
		for j, v := range row {
			if v == nil {
				t.Rows[i][j] = ""
			}
		}
	}
	return t
}

// JSON writes the result as a JSON array of objects, one per row and line,
// keys in column order. NULL, NaN and infinities are null; dates and times
// strings as in Cell; 64-bit integers strings (as ClickHouse's JSON formats
// write them by default, since JSON readers lose precision beyond 2^53);
// other numbers numbers.
func (r *Result) JSON(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("[")
	for i, row := range r.Rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n{")
		for j, v := range row {
			if j > 0 {
				b.WriteString(",")
			}
			if err := encodeJSON(&b, r.Columns[j]); err != nil {
				return err
			}
			b.WriteString(":")
			if err := encodeJSON(&b, jsonValue(v, r.Types[j])); err != nil {
				return fmt.Errorf("row %d, column %s: %w", i+1, r.Columns[j], err)
			}
		}
		b.WriteString("}")
	}
	if len(r.Rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := w.Write(b.Bytes())
	return err
}

func encodeJSON(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}

// jsonValue converts a scanned value to what JSON output writes for it.
func jsonValue(v any, typ string) any {
	switch x := v.(type) {
	case nil:
		return nil
	case time.Time:
		return formatTime(x, typ)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil
		}
		return x
	case int64, uint64:
		return Cell(x, typ)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return []any{}
		}
		out := make([]any, rv.Len())
		inner := strings.TrimSuffix(strings.TrimPrefix(typ, "Array("), ")")
		for i := range out {
			out[i] = jsonValue(deref(rv.Index(i)), inner)
		}
		return out
	case reflect.Pointer:
		return jsonValue(deref(rv), strings.TrimSuffix(strings.TrimPrefix(typ, "Nullable("), ")"))
	}
	return v
}

// Cell is the value at row i, column j written as Cell writes it.
func (r *Result) Cell(i, j int) string { return Cell(r.Rows[i][j], r.Types[j]) }
