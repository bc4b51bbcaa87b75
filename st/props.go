package st

import (
	"math"
	"strconv"

	"github.com/gost-dev/gost/internal/script"
)

// The props of the most common elements encode themselves
// ([script.Appender]): every rerun encodes the props of every element on
// the page, and encoding/json's reflection was an eighth of a busy
// server's CPU. Each AppendJSON writes exactly what encoding/json writes
// for its type's fields and tags (TestPropsAppendersMatchEncodingJSON):
// field order, omitempty, no HTML escapes.

func (p widgetProps) appendFields(b []byte) []byte {
	b = append(b, `"label":`...)
	b = script.AppendString(b, p.Label)
	if p.Help != "" {
		b = append(b, `,"help":`...)
		b = script.AppendString(b, p.Help)
	}
	if p.Disabled {
		b = append(b, `,"disabled":true`...)
	}
	if p.LabelVisibility != "" {
		b = append(b, `,"label_visibility":`...)
		b = script.AppendString(b, p.LabelVisibility)
	}
	return b
}

func (p htmlProps) AppendJSON(b []byte) []byte {
	b = append(b, `{"html":`...)
	return append(script.AppendString(b, p.HTML), '}')
}

type headingProps struct {
	HTML   string `json:"html"`
	Anchor string `json:"anchor"`
}

func (p headingProps) AppendJSON(b []byte) []byte {
	b = append(b, `{"html":`...)
	b = script.AppendString(b, p.HTML)
	b = append(b, `,"anchor":`...)
	return append(script.AppendString(b, p.Anchor), '}')
}

type textProps struct {
	Text string `json:"text"`
}

func (p textProps) AppendJSON(b []byte) []byte {
	b = append(b, `{"text":`...)
	return append(script.AppendString(b, p.Text), '}')
}

type codeProps struct {
	Code     string `json:"code,omitempty"`
	Language string `json:"language"`
}

func (p codeProps) AppendJSON(b []byte) []byte {
	b = append(b, '{')
	if p.Code != "" {
		b = append(b, `"code":`...)
		b = script.AppendString(b, p.Code)
		b = append(b, ',')
	}
	b = append(b, `"language":`...)
	return append(script.AppendString(b, p.Language), '}')
}

type alertProps struct {
	Level string `json:"level"`
	HTML  string `json:"html"`
}

func (p alertProps) AppendJSON(b []byte) []byte {
	b = append(b, `{"level":`...)
	b = script.AppendString(b, p.Level)
	b = append(b, `,"html":`...)
	return append(script.AppendString(b, p.HTML), '}')
}

type buttonProps struct {
	widgetProps
	Primary bool `json:"primary,omitempty"`
}

func (p buttonProps) AppendJSON(b []byte) []byte {
	b = p.appendFields(append(b, '{'))
	if p.Primary {
		b = append(b, `,"primary":true`...)
	}
	return append(b, '}')
}

// boolProps are a checkbox's or a toggle's.
type boolProps struct {
	widgetProps
	Value bool `json:"value,omitempty"`
}

func (p boolProps) AppendJSON(b []byte) []byte {
	b = p.appendFields(append(b, '{'))
	if p.Value {
		b = append(b, `,"value":true`...)
	}
	return append(b, '}')
}

// textInputProps are a text input's or a text area's.
type textInputProps struct {
	widgetProps
	Value       string `json:"value,omitempty"`
	Placeholder string `json:"placeholder,omitempty"`
	Password    bool   `json:"password,omitempty"`
	MaxChars    int    `json:"max_chars,omitempty"`
}

func (p textInputProps) AppendJSON(b []byte) []byte {
	b = p.appendFields(append(b, '{'))
	if p.Value != "" {
		b = append(b, `,"value":`...)
		b = script.AppendString(b, p.Value)
	}
	if p.Placeholder != "" {
		b = append(b, `,"placeholder":`...)
		b = script.AppendString(b, p.Placeholder)
	}
	if p.Password {
		b = append(b, `,"password":true`...)
	}
	if p.MaxChars != 0 {
		b = append(b, `,"max_chars":`...)
		b = strconv.AppendInt(b, int64(p.MaxChars), 10)
	}
	return append(b, '}')
}

// numberProps are a number input's or a slider's.
type numberProps struct {
	widgetProps
	Value  float64  `json:"value"`
	Min    *float64 `json:"min,omitempty"`
	Max    *float64 `json:"max,omitempty"`
	Step   float64  `json:"step"`
	Format string   `json:"format"`
}

func (p numberProps) AppendJSON(b []byte) []byte {
	if !finite(p.Value) || p.Min != nil && !finite(*p.Min) || p.Max != nil && !finite(*p.Max) || !finite(p.Step) {
		return nil // encoding/json says what is wrong
	}
	b = p.appendFields(append(b, '{'))
	b = append(b, `,"value":`...)
	b = script.AppendFloat(b, p.Value)
	if p.Min != nil {
		b = append(b, `,"min":`...)
		b = script.AppendFloat(b, *p.Min)
	}
	if p.Max != nil {
		b = append(b, `,"max":`...)
		b = script.AppendFloat(b, *p.Max)
	}
	b = append(b, `,"step":`...)
	b = script.AppendFloat(b, p.Step)
	b = append(b, `,"format":`...)
	return append(script.AppendString(b, p.Format), '}')
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// choiceProps are a selectbox's or a radio's.
type choiceProps struct {
	widgetProps
	Options     []string `json:"options"`
	Index       int      `json:"index"` // sent at 0 too: a page older than defaults.js reads none for its absence
	Placeholder string   `json:"placeholder,omitempty"`
	Horizontal  bool     `json:"horizontal,omitempty"`
}

func (p choiceProps) AppendJSON(b []byte) []byte {
	b = p.appendFields(append(b, '{'))
	b = append(b, `,"options":`...)
	b = script.AppendStrings(b, p.Options)
	b = append(b, `,"index":`...)
	b = strconv.AppendInt(b, int64(p.Index), 10)
	if p.Placeholder != "" {
		b = append(b, `,"placeholder":`...)
		b = script.AppendString(b, p.Placeholder)
	}
	if p.Horizontal {
		b = append(b, `,"horizontal":true`...)
	}
	return append(b, '}')
}

type multiselectProps struct {
	widgetProps
	Options     []string `json:"options"`
	Indices     []int    `json:"indices,omitempty"`
	Placeholder string   `json:"placeholder,omitempty"`
}

func (p multiselectProps) AppendJSON(b []byte) []byte {
	b = p.appendFields(append(b, '{'))
	b = append(b, `,"options":`...)
	b = script.AppendStrings(b, p.Options)
	if len(p.Indices) > 0 {
		b = append(b, `,"indices":[`...)
		for i, x := range p.Indices {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(x), 10)
		}
		b = append(b, ']')
	}
	if p.Placeholder != "" {
		b = append(b, `,"placeholder":`...)
		b = script.AppendString(b, p.Placeholder)
	}
	return append(b, '}')
}

// columnsProps are a row of columns': the column widths.
type columnsProps struct {
	Widths []float64 `json:"widths"`
}

func (p columnsProps) AppendJSON(b []byte) []byte {
	b = append(b, `{"widths":`...)
	if p.Widths == nil {
		return append(b, "null}"...)
	}
	b = append(b, '[')
	for i, w := range p.Widths {
		if !finite(w) {
			return nil // encoding/json says what is wrong
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = script.AppendFloat(b, w)
	}
	return append(b, "]}"...)
}
