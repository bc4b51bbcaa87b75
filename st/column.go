package st

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/table"
)

// A ColumnSpec says how a [Ctx.Dataframe] or [Ctx.DataEditor] shows one
// column, as an entry of Streamlit's column_config does. Make one with
// [Ctx.Column] or a typed constructor ([Ctx.NumberColumn],
// [Ctx.LinkColumn], …), which name the data's column, set the other fields
// on what they return, and pass them to [Ctx.ColumnConfig]:
//
//	price := st.NumberColumn("price", "$%.2f")
//	price.Pinned = true
//	notes := st.Column("notes")
//	notes.Hidden = true
//	st.Dataframe(rows, st.ColumnConfig(price, notes, st.LinkColumn("site")))
type ColumnSpec struct {
	// Name is the data's column: a struct field's name or json tag, a
	// map's key.
	Name string
	// Label is the header shown; "" shows the column's name.
	Label string
	// Type is how cells show: "text", "number", "checkbox", "date",
	// "datetime", "link" (a URL, opened in a new tab), "image" (a URL shown
	// as a small image) or "progress" (a number as a bar from Min to Max).
	// "" follows the data: numbers, text, booleans as checkboxes, times.
	Type string
	// Format writes a number with a printf verb, as Streamlit's format=
	// does: "%.2f", "$%d", "%.1f%%"; or one of its presets "plain",
	// "localized", "percent", "dollar", "euro", "compact", "scientific".
	// For a date or datetime it is a Go time layout, such as "Jan 2, 2006".
	Format string
	// Width is "small", "medium", "large" or a width in CSS pixels ("120");
	// "" fits the content.
	Width string
	// Pinned keeps the column on the left as the table scrolls sideways.
	Pinned bool
	// Hidden leaves the column out of the page: its cells are not sent, and
	// the page can neither sort, filter nor search by it (nor edit it).
	Hidden bool
	// Help is a tooltip on the header.
	Help string
	// Min and Max are a progress bar's ends; both 0 means 0 to 1.
	Min, Max float64
	// Disabled keeps a [Ctx.DataEditor] from editing the column.
	Disabled bool
}

// columnTypes are the Types a Column may have.
var columnTypes = []string{"", "text", "number", "checkbox", "date", "datetime", "link", "image", "progress"}

var numberPresets = []string{"plain", "localized", "percent", "dollar", "euro", "compact", "scientific", "engineering", "accounting"}

// ColumnConfig sets how columns of a [Ctx.Dataframe] or [Ctx.DataEditor]
// show (Streamlit's column_config=). A name the data does not have is an
// error shown in the table's place.
func (*Ctx) ColumnConfig(columns ...ColumnSpec) Option {
	return option{optColumnConfig, func(c *config) { c.table.columns = columns }}
}

// Column configures column name without changing its type: set Label,
// Width, Pinned, Hidden or Help on what it returns (Streamlit's
// st.column_config.Column).
func (*Ctx) Column(name string) ColumnSpec { return ColumnSpec{Name: name} }

// NumberColumn shows column name's numbers in format (see [ColumnSpec]; ""
// as they are).
func (*Ctx) NumberColumn(name, format string) ColumnSpec {
	return ColumnSpec{Name: name, Type: "number", Format: format}
}

// TextColumn shows column name's cells as text.
func (*Ctx) TextColumn(name string) ColumnSpec { return ColumnSpec{Name: name, Type: "text"} }

// CheckboxColumn shows column name's booleans as checkboxes.
func (*Ctx) CheckboxColumn(name string) ColumnSpec {
	return ColumnSpec{Name: name, Type: "checkbox"}
}

// DateColumn shows column name's times as dates in layout (Go's time
// layout, such as "Jan 2, 2006"; "" for 2006-01-02).
func (*Ctx) DateColumn(name, layout string) ColumnSpec {
	if layout == "" {
		layout = "2006-01-02"
	}
	return ColumnSpec{Name: name, Type: "date", Format: layout}
}

// DatetimeColumn shows column name's times in layout ("" for
// 2006-01-02 15:04:05).
func (*Ctx) DatetimeColumn(name, layout string) ColumnSpec {
	if layout == "" {
		layout = "2006-01-02 15:04:05"
	}
	return ColumnSpec{Name: name, Type: "datetime", Format: layout}
}

// LinkColumn shows column name's URLs as links that open in a new tab.
// Only http, https and mailto links are followed; others show as text.
func (*Ctx) LinkColumn(name string) ColumnSpec { return ColumnSpec{Name: name, Type: "link"} }

// ImageColumn shows column name's URLs of images (http, https or
// data:image) as small images.
func (*Ctx) ImageColumn(name string) ColumnSpec { return ColumnSpec{Name: name, Type: "image"} }

// ProgressColumn shows column name's numbers as bars from min to max, with
// the number written in format.
func (*Ctx) ProgressColumn(name, format string, min, max float64) ColumnSpec {
	return ColumnSpec{Name: name, Type: "progress", Format: format, Min: min, Max: max}
}

// OnSelect lets the user select rows of a [Ctx.Dataframe], which then
// returns them (Streamlit's on_select=): "rerun" reruns the app on each
// change; a function, with its arguments, is called first, as
// [Ctx.OnChange] is. "ignore", the default, selects nothing.
func (*Ctx) OnSelect(fn any, args ...any) Option {
	switch fn {
	case "ignore":
		return option{optOnSelect, func(c *config) { c.table.selectable = false }}
	case "rerun":
		return option{optOnSelect, func(c *config) { c.table.selectable = true }}
	}
	cb, err := script.NewCallback(fn, args...)
	return option{optOnSelect, func(c *config) {
		if err != nil {
			c.err = fmt.Errorf("OnSelect: %w (or \"rerun\")", err)
			return
		}
		// The engine calls a widget's OnChange before the next run.
		c.table.selectable, c.onChange = true, &cb
	}}
}

// SelectionMode is "multi-row" (the default) or "single-row": how many
// rows a [Ctx.Dataframe] with [Ctx.OnSelect] lets the user select.
func (*Ctx) SelectionMode(mode string) Option {
	return option{optSelectionMode, func(c *config) { c.table.mode = mode }}
}

// NumRows is "fixed" (the default) or "dynamic": whether the user may add
// and delete rows of a [Ctx.DataEditor] (Streamlit's num_rows=).
func (*Ctx) NumRows(mode string) Option {
	return option{optNumRows, func(c *config) { c.table.numRows = mode }}
}

// tableConfig holds the table options of one call.
type tableConfig struct {
	columns    []ColumnSpec
	selectable bool
	mode       string // selection mode
	numRows    string
}

// columnProps is a Column as the page reads it, in the order of the
// table's columns.
type columnProps struct {
	Label    string  `json:"label,omitempty"`
	Type     string  `json:"type,omitempty"`
	Format   string  `json:"format,omitempty"`
	Width    int     `json:"width,omitempty"`
	Pinned   bool    `json:"pinned,omitempty"`
	Hidden   bool    `json:"hidden,omitempty"`
	Help     string  `json:"help,omitempty"`
	Min      float64 `json:"min,omitempty"`
	Max      float64 `json:"max,omitempty"`
	Disabled bool    `json:"disabled,omitempty"`
}

// columnWidths are Streamlit's widths of "small", "medium" and "large".
var columnWidths = map[string]int{"small": 75, "medium": 200, "large": 400}

// columnProps checks the columns' config against the table's columns and
// returns it by column, with the layouts of time columns (nil for none).
func (tc tableConfig) props(names []string, kinds []table.Kind) (props []columnProps, layouts []string, err error) {
	if len(tc.columns) == 0 {
		return nil, nil, nil
	}
	props = make([]columnProps, len(names))
	for _, col := range tc.columns {
		name := col.Name
		j := slices.Index(names, name)
		if j < 0 {
			return nil, nil, fmt.Errorf("ColumnConfig: no column %q (the columns are %s)", name, strings.Join(names, ", "))
		}
		if !slices.Contains(columnTypes, col.Type) {
			return nil, nil, fmt.Errorf("ColumnConfig: column %q: Type %q: want one of %s", name, col.Type, strings.Join(columnTypes[1:], ", "))
		}
		p := columnProps{Label: col.Label, Type: col.Type, Pinned: col.Pinned, Hidden: col.Hidden, Help: col.Help, Min: col.Min, Max: col.Max, Disabled: col.Disabled}
		if w, ok := columnWidths[col.Width]; ok {
			p.Width = w
		} else if col.Width != "" {
			if p.Width, err = strconv.Atoi(col.Width); err != nil || p.Width <= 0 {
				return nil, nil, fmt.Errorf("ColumnConfig: column %q: Width %q: want small, medium, large or pixels", name, col.Width)
			}
		}
		if p.Type == "progress" && p.Min == 0 && p.Max == 0 {
			p.Max = 1
		}
		if p.Min > p.Max {
			return nil, nil, fmt.Errorf("ColumnConfig: column %q: Min %v is more than Max %v", name, p.Min, p.Max)
		}
		switch {
		case kinds[j] == table.Time && col.Format != "":
			if layouts == nil {
				layouts = make([]string, len(names))
			}
			layouts[j] = col.Format // the server writes times: Go's layouts are the app's
		case col.Format != "":
			if err := checkNumberFormat(col.Format); err != nil {
				return nil, nil, fmt.Errorf("ColumnConfig: column %q: %w", name, err)
			}
			p.Format = col.Format
		}
		props[j] = p
	}
	return props, layouts, nil
}

// checkNumberFormat accepts a preset or text with one printf verb of the
// kinds the page writes: d, i, f, e, g, s, with flags, width and precision.
func checkNumberFormat(f string) error {
	if slices.Contains(numberPresets, f) {
		return nil
	}
	verbs := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		for i < len(f) && strings.IndexByte("+-0 ,#.0123456789", f[i]) >= 0 {
			i++
		}
		switch {
		case i == len(f):
			return fmt.Errorf("Format %q ends inside a verb", f)
		case f[i] == '%':
		case strings.IndexByte("difegsu", f[i]) >= 0:
			verbs++
		default:
			return fmt.Errorf("Format %q: verb %%%c: want d, i, f, e, g or s, or a preset (%s)", f, f[i], strings.Join(numberPresets, ", "))
		}
	}
	if verbs != 1 {
		return fmt.Errorf("Format %q: want one verb such as %%.2f, or a preset (%s)", f, strings.Join(numberPresets, ", "))
	}
	return nil
}
