package st

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/gost-dev/gost/internal/script"
)

// TestPropsAppendersMatchEncodingJSON encodes every hand-written props
// encoder's type with awkward values and compares the bytes with
// encoding/json's for the same value (which ignores AppendJSON): the
// browser must not be able to tell which one ran.
func TestPropsAppendersMatchEncodingJSON(t *testing.T) {
	texts := []string{
		"", "plain", `<b>Tom & "Jerry"</b> \ /`, "\x00\x01\x1f\x7f\b\f\n\r\t",
		"bad \xff\xfe utf-8 \xe2\x82", "\u2028 and \u2029", "héllo ✓ 😀", "<script>alert(1)</script>",
	}
	floats := []float64{0, math.Copysign(0, -1), 1, -3.25, 0.1, 1e-6, 1e-7, 123456789, 1e20, 1e21, 5e-324, math.MaxFloat64, -1.5e-10}
	var values []script.Appender
	for i, s := range texts {
		o := texts[(i+1)%len(texts)]
		w := widgetProps{Label: s}
		if i%2 == 1 {
			w = widgetProps{Label: s, Help: o, Disabled: true, LabelVisibility: "collapsed"}
		}
		values = append(values,
			htmlProps{s}, headingProps{s, o}, textProps{s}, codeProps{s, o}, alertProps{o, s},
			buttonProps{w, i%2 == 0}, boolProps{w, i%2 == 0},
			textInputProps{w, s, o, i%2 == 0, i * 7},
			choiceProps{w, []string{s, o}, i - 1, o, i%2 == 1},
			choiceProps{w, nil, 0, "", false},
			multiselectProps{w, texts[:i], []int{i, 0, -1}[:i%4/2*3], s},
			multiselectProps{w, []string{}, []int{}, ""},
		)
	}
	for i, f := range floats {
		g := floats[(i+3)%len(floats)]
		w := widgetProps{Label: texts[i%len(texts)]}
		values = append(values,
			numberProps{w, f, nil, nil, g, "float"},
			numberProps{w, f, &g, &f, 1, "int"},
		)
	}
	values = append(values, columnsProps{nil}, columnsProps{[]float64{}}, columnsProps{floats[:1]}, columnsProps{floats})
	for _, v := range values {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatalf("encoding/json: %#v: %v", v, err)
		}
		got, err := script.Encode(v)
		if err != nil {
			t.Fatalf("Encode(%#v): %v", v, err)
		}
		if w := bytes.TrimSuffix(want.Bytes(), []byte("\n")); !bytes.Equal(got, w) {
			t.Errorf("%T %#v:\n got %s\nwant %s", v, v, got, w)
		}
	}
}

// TestNumberPropsNotFiniteFail: a number (or a column width) that is not
// finite cannot be sent; the appender leaves it to encoding/json, whose
// error the page shows in the element's place.
func TestNumberPropsNotFiniteFail(t *testing.T) {
	inf := math.Inf(1)
	for _, p := range []numberProps{
		{Value: math.NaN(), Step: 1},
		{Value: 1, Step: math.Inf(-1)},
		{Value: 1, Min: &inf, Step: 1},
		{Value: 1, Max: &inf, Step: 1},
	} {
		if b, err := script.Encode(p); err == nil {
			t.Errorf("Encode(%+v) = %s, want an error", p, b)
		}
	}
	for _, p := range []columnsProps{{[]float64{1, math.NaN()}}, {[]float64{inf}}} {
		if b, err := script.Encode(p); err == nil {
			t.Errorf("Encode(%+v) = %s, want an error", p, b)
		}
	}
}
