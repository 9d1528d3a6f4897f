package stats

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// NumberFormat is how a source writes numbers: its decimal mark and its
// thousands separator. A zero Decimal means "not declared": the marks are
// then inferred per column (InferNumberFormat) and a cell they leave
// ambiguous is an error, never a guess.
type NumberFormat struct {
	Decimal   rune // '.' or ','; 0: not declared
	Thousands rune // ',', '.', ' ', '\'' ; 0: the other of '.' and ',' (spaces are always accepted)
	// NoThousands: the source groups no digits; a thousands mark is an error.
	NoThousands bool
}

// ParseNumberFormat reads the config's decimal and thousands keys
// ("decimal: ','", "thousands: '.'", thousands "none").
func ParseNumberFormat(decimal, thousands string) (NumberFormat, error) {
	var f NumberFormat
	switch decimal {
	case "":
	case ".", ",":
		f.Decimal = rune(decimal[0])
	default:
		return f, fmt.Errorf("decimal %q: want \".\" or \",\"", decimal)
	}
	switch thousands {
	case "":
	case "none":
		f.NoThousands = true
	case ".", ",", " ", "'":
		f.Thousands = rune(thousands[0])
	default:
		return f, fmt.Errorf("thousands %q: want \",\", \".\", \" \", \"'\" or none", thousands)
	}
	if f.Thousands != 0 && f.Thousands == f.Decimal {
		return f, fmt.Errorf("decimal and thousands are both %q", decimal)
	}
	if f.Decimal == 0 && f.Thousands != 0 {
		switch f.Thousands { // the decimal mark follows from a thousands mark of '.' or ','
		case ',':
			f.Decimal = '.'
		case '.':
			f.Decimal = ','
		}
	}
	return f, nil
}

// Declared reports whether the decimal mark is known.
func (f NumberFormat) Declared() bool { return f.Decimal != 0 }

// thousands returns the thousands mark in effect (0: none).
func (f NumberFormat) thousands() rune {
	switch {
	case f.NoThousands:
		return 0
	case f.Thousands != 0:
		return f.Thousands
	case f.Decimal == ',':
		return '.'
	case f.Decimal == '.':
		return ','
	}
	return 0
}

// Missing is a set of cell texts that mean "no value" (compared after
// Normalize and footnote stripping). The empty cell is always missing.
type Missing map[string]bool

// NewMissing builds a set from the config's list; nil or empty gives the
// default marks ("..", "-", "—", "x", "n/a", ...).
func NewMissing(marks []string) Missing {
	if len(marks) == 0 {
		return nil
	}
	m := Missing{"": true}
	for _, s := range marks {
		m[StripFootnotes(Normalize(s))] = true
	}
	return m
}

// Has reports whether text is a missing mark of m (the default set when m
// is nil).
func (m Missing) Has(text string) bool {
	s := StripFootnotes(Normalize(text))
	if m == nil {
		return missingMarks[s]
	}
	return m[s]
}

// NumberError is a cell that is neither a number in the source's format
// nor a missing mark. The kinds add the source, URL, row and column.
type NumberError struct {
	Text string // the cell as written
	Msg  string
}

func (e *NumberError) Error() string { return fmt.Sprintf("value %q: %s", e.Text, e.Msg) }

// maxDigits is the most significant digits a float64 keeps exactly
// through a decimal round trip.
const maxDigits = 17

// ParseNumber reads a value cell under f. It returns nil for a missing mark
// of miss, the value times scale for a number, and a *NumberError for
// anything else: text that is not a number, a separator that does not fit
// f (a thousands group that is not three digits), a number whose decimal
// mark is ambiguous when f is not declared ("1.613", "1,338": a thousand
// times apart), a number too large for a float64 or with more significant
// digits than a float64 keeps. A power-of-ten scale shifts the decimal
// point of the written digits, so "1.23" at 1e8 is exactly 123000000.
// Footnote markers, a trailing "%" and full-width digits are accepted.
func ParseNumber(text string, f NumberFormat, miss Missing, scale float64) (*float64, error) {
	if miss.Has(text) {
		return nil, nil
	}
	num, err := canonical(text, f)
	if err != nil {
		return nil, err
	}
	if sig := significantDigits(num); sig > maxDigits {
		return nil, &NumberError{Text: text, Msg: fmt.Sprintf("has %d significant digits, more than a Float64 keeps (%d)", sig, maxDigits)}
	}
	v, err := scaled(num, scale)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return nil, &NumberError{Text: text, Msg: "does not fit a Float64"}
	}
	return &v, nil
}

// scaled parses the canonical number num times scale.
func scaled(num string, scale float64) (float64, error) {
	if scale == 0 || scale == 1 {
		return strconv.ParseFloat(num, 64)
	}
	if exp := math.Log10(scale); exp == math.Trunc(exp) && math.Abs(exp) < 300 {
		mant, e, _ := strings.Cut(num, "e")
		n := int(exp)
		if e != "" {
			k, err := strconv.Atoi(e)
			if err != nil {
				return 0, err
			}
			n += k
		}
		return strconv.ParseFloat(mant+"e"+strconv.Itoa(n), 64)
	}
	v, err := strconv.ParseFloat(num, 64)
	return v * scale, err
}

// significantDigits counts the significant digits of a canonical number.
func significantDigits(num string) int {
	mant, _, _ := strings.Cut(num, "e")
	mant = strings.TrimPrefix(mant, "-")
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	if frac == "" {
		digits = strings.TrimRight(digits, "0") // 1000000: trailing zeros of an integer are magnitude
	}
	return len(digits)
}

// canonical turns a cell into strconv syntax ("-1234.5", "1.5e3") under f.
func canonical(text string, f NumberFormat) (string, error) {
	s := StripFootnotes(Normalize(text))
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	bad := func(msg string) (string, error) { return "", &NumberError{Text: text, Msg: msg} }
	if s == "" {
		return bad("is not a number")
	}
	neg := false
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "−"), strings.HasPrefix(s, "–"):
		neg = true
		_, size := firstRune(s)
		s = strings.TrimSpace(s[size:])
	case strings.HasPrefix(s, "+"):
		s = strings.TrimSpace(s[1:])
	case strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")"): // accounting negative: (1,234)
		neg = true
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	mant, exp := s, ""
	if i := strings.IndexAny(s, "eE"); i > 0 {
		mant, exp = s[:i], s[i+1:]
		if _, err := strconv.Atoi(strings.TrimPrefix(exp, "+")); err != nil {
			return bad("is not a number")
		}
		exp = strings.TrimPrefix(exp, "+")
	}
	// Split the mantissa into digit runs and the marks between them.
	var runs []string
	var marks []rune
	cur := strings.Builder{}
	for _, r := range mant {
		switch {
		case r >= '0' && r <= '9':
			cur.WriteRune(r)
		case r == '.' || r == ',' || r == ' ' || r == '\'' || r == '\u2009' || r == '\u202f' || r == '_':
			if r == '\u2009' || r == '\u202f' || r == '_' {
				r = ' '
			}
			runs = append(runs, cur.String())
			cur.Reset()
			marks = append(marks, r)
		default:
			return bad("is not a number")
		}
	}
	runs = append(runs, cur.String())
	if runs[0] == "" && !(len(marks) > 0 && (marks[0] == '.' || marks[0] == ',') && len(runs) == 2) {
		return bad("is not a number") // ",5" is allowed below only as a decimal fraction
	}
	for _, r := range runs[1:] {
		if r == "" {
			return bad("is not a number")
		}
	}
	dec, err := decimalMark(text, runs, marks, f)
	if err != nil {
		return "", err
	}
	// Every mark before the decimal one is a thousands separator: groups of three.
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	decAt := -1
	if dec != 0 {
		for i, m := range marks {
			if m == dec {
				decAt = i
			}
		}
		if decAt >= 0 && decAt != len(marks)-1 {
			return bad(fmt.Sprintf("has the decimal mark %q before another mark", dec))
		}
	}
	thousandMarks := marks
	if decAt >= 0 {
		thousandMarks = marks[:decAt]
	}
	if len(thousandMarks) > 0 {
		t := f.thousands()
		first := thousandMarks[0]
		for _, m := range thousandMarks {
			if m != first {
				return bad("mixes thousands separators")
			}
			if m == dec {
				return bad(fmt.Sprintf("has the decimal mark %q more than once", dec))
			}
		}
		if f.Declared() && first != ' ' && first != t {
			return bad(fmt.Sprintf("has %q as a thousands separator; the source declares %s", first, f.describe()))
		}
		if len(runs[0]) > 3 || runs[0] == "" {
			return bad("has a thousands group that is not three digits")
		}
		for _, r := range runs[1 : len(thousandMarks)+1] {
			if len(r) != 3 {
				return bad("has a thousands group that is not three digits")
			}
		}
	}
	for i := 0; i <= len(thousandMarks); i++ {
		b.WriteString(runs[i])
	}
	if b.Len() == 0 || b.String() == "-" {
		b.WriteByte('0')
	}
	if decAt >= 0 {
		b.WriteByte('.')
		b.WriteString(runs[len(runs)-1])
	}
	if exp != "" {
		b.WriteString("e" + exp)
	}
	return b.String(), nil
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			return r, len(string(r))
		}
	}
	return 0, 0
}

// decimalMark decides which mark of a number is the decimal one (0: none).
func decimalMark(text string, runs []string, marks []rune, f NumberFormat) (rune, error) {
	if len(marks) == 0 {
		return 0, nil
	}
	last := marks[len(marks)-1]
	if f.Declared() {
		if last == f.Decimal {
			return f.Decimal, nil
		}
		if last == '.' || last == ',' {
			if f.thousands() != last {
				return 0, &NumberError{Text: text, Msg: fmt.Sprintf("has %q, which is neither mark the source declares (%s)", last, f.describe())}
			}
		}
		return 0, nil
	}
	if last == ' ' || last == '\'' {
		return 0, nil
	}
	if ev := evidence(runs, marks); ev != 0 {
		return ev, nil
	}
	return 0, &NumberError{Text: text, Msg: fmt.Sprintf("is ambiguous: %q may be a decimal mark or a thousands separator; set decimal: \".\" or decimal: \",\" for the source or column", string(last))}
}

// evidence returns the decimal mark a number's own writing proves, or 0
// when "1.613" or "1,338" could be either.
func evidence(runs []string, marks []rune) rune {
	last := marks[len(marks)-1]
	other := ','
	if last == ',' {
		other = '.'
	}
	for _, m := range marks[:len(marks)-1] {
		if m == other || m == ' ' || m == '\'' {
			return last // "1,234.5", "1.234,5", "1 234,5"
		}
		if m == last {
			return other // "1.234.567": the mark repeats, so it groups thousands
		}
	}
	if len(runs[len(runs)-1]) != 3 || len(runs[0]) > 3 || runs[0] == "0" || runs[0] == "" {
		return last // "12,4", "1234.567", "0.613", ",5": not a thousands group
	}
	return 0
}

func (f NumberFormat) describe() string {
	t := f.thousands()
	if t == 0 {
		return fmt.Sprintf("decimal %q, no thousands separator", f.Decimal)
	}
	return fmt.Sprintf("decimal %q, thousands %q", f.Decimal, t)
}

// CheckNumberFormat returns an error when a cell of a column contradicts
// the format declared for it: decimal "." declared over "11.103.043",
// whose repeated "." can only group thousands.
func CheckNumberFormat(f NumberFormat, cells []string) error {
	if !f.Declared() {
		return nil
	}
	for _, c := range cells {
		ev, _ := InferNumberFormat([]string{c})
		if ev.Decimal != 0 && ev.Decimal != f.Decimal {
			return fmt.Errorf("decimal %q is declared, but the cell %q writes %q as the decimal mark", string(f.Decimal), c, string(ev.Decimal))
		}
	}
	return nil
}

// InferNumberFormat looks at the cells of one column and returns the
// format they prove: a cell such as "1.234,5", "12,4" or "1,234,567"
// settles the decimal mark for the whole column. Cells that prove
// different marks are an error naming two of them. When nothing proves a
// mark it returns the zero format (not declared), under which ParseNumber
// refuses the ambiguous cells only.
func InferNumberFormat(cells []string) (NumberFormat, error) {
	var found rune
	var foundIn string
	for _, c := range cells {
		num := StripFootnotes(Normalize(c))
		num = strings.TrimLeft(strings.TrimSpace(strings.TrimSuffix(num, "%")), "-+−–(")
		num = strings.TrimRight(num, ")")
		if i := strings.IndexAny(num, "eE"); i > 0 {
			num = num[:i]
		}
		var runs []string
		var marks []rune
		cur := strings.Builder{}
		ok := num != ""
		for _, r := range num {
			switch {
			case r >= '0' && r <= '9':
				cur.WriteRune(r)
			case r == '.' || r == ',':
				runs = append(runs, cur.String())
				cur.Reset()
				marks = append(marks, r)
			case r == ' ' || r == '\'':
				runs = append(runs, cur.String())
				cur.Reset()
				marks = append(marks, r)
			default:
				ok = false
			}
		}
		runs = append(runs, cur.String())
		if !ok || len(marks) == 0 || missingMarks[StripFootnotes(Normalize(c))] {
			continue
		}
		for _, r := range runs[1:] {
			if r == "" {
				ok = false
			}
		}
		if !ok {
			continue
		}
		if last := marks[len(marks)-1]; last == ' ' || last == '\'' {
			continue
		}
		ev := evidence(runs, marks)
		if ev == 0 {
			continue
		}
		if found != 0 && ev != found {
			return NumberFormat{}, fmt.Errorf("cells %q and %q use different decimal marks; set decimal: for the column", foundIn, c)
		}
		found, foundIn = ev, c
	}
	return NumberFormat{Decimal: found}, nil
}
