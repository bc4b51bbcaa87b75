package st

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/gost-dev/gost/internal/script"
)

var jsonTree = element{"json", "st.JSON", false, takes(optExpanded)}

// JSON draws v, encoded as JSON, as a tree the user can fold and unfold.
// It starts open unless [Ctx.Expanded](false).
func (c *Ctx) JSON(v any, opts ...Option) {
	cfg, ok := c.check(jsonTree, "", opts)
	if !ok {
		return
	}
	expanded := cfg.expanded == nil || *cfg.expanded
	raw, err := json.Marshal(v)
	if err != nil {
		c.fail(jsonTree, "", err)
		return
	}
	c.add("json", struct {
		Value    json.RawMessage `json:"value"`
		Expanded bool            `json:"expanded"`
	}{raw, expanded})
}

// Write draws each value the way that suits it, like Streamlit's st.write:
// strings as Markdown, errors as error boxes, numbers and booleans as text,
// fmt.Stringers as their text, and maps, structs and slices as a JSON tree.
func (c *Ctx) Write(values ...any) {
	for _, v := range values {
		c.write(v)
	}
}

func (c *Ctx) write(v any) {
	switch v := v.(type) {
	case nil:
		c.Code("nil", c.Language("text"))
	case string:
		c.Markdown(v)
	case error:
		c.Error(v.Error())
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		c.Markdown(fmt.Sprint(v))
	case json.Marshaler:
		c.JSON(v)
	case fmt.Stringer:
		c.Markdown(v.String())
	default:
		switch reflect.Indirect(reflect.ValueOf(v)).Kind() {
		case reflect.Map, reflect.Struct, reflect.Slice, reflect.Array:
			c.JSON(v)
		default:
			c.Markdown(fmt.Sprint(v))
		}
	}
}

// Exception draws err as an exception box, the way a panic in App shows.
func (c *Ctx) Exception(err error) {
	n := script.ErrorNode(err)
	c.run.Add(c.block, n)
}
