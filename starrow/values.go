package starrow

import (
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// A cells reads one array: the Go type of its values, and row i's value,
// nil when the row is null.
type cells struct {
	typ   reflect.Type
	value func(i int) any
}

// reader makes the cells of a, by its type. Each func reads a's buffers
// where they are: nothing is copied, and a cell is made only when asked.
func reader(a arrow.Array) (cells, error) {
	switch a := a.(type) {
	case *array.Int8:
		return typed(a, a.Value), nil
	case *array.Int16:
		return typed(a, a.Value), nil
	case *array.Int32:
		return typed(a, a.Value), nil
	case *array.Int64:
		return typed(a, a.Value), nil
	case *array.Uint8:
		return typed(a, a.Value), nil
	case *array.Uint16:
		return typed(a, a.Value), nil
	case *array.Uint32:
		return typed(a, a.Value), nil
	case *array.Uint64:
		return typed(a, a.Value), nil
	case *array.Float16:
		return floats(a, func(i int) float64 { return float64(a.Value(i).Float32()) }), nil
	case *array.Float32:
		return floats(a, func(i int) float64 { return float64(a.Value(i)) }), nil
	case *array.Float64:
		return floats(a, a.Value), nil
	case *array.Decimal32:
		return decimals(a), nil
	case *array.Decimal64:
		return decimals(a), nil
	case *array.Decimal128:
		return decimals(a), nil
	case *array.Decimal256:
		return decimals(a), nil
	case *array.Boolean:
		return typed(a, a.Value), nil
	case *array.String:
		return typed(a, a.Value), nil
	case *array.LargeString:
		return typed(a, a.Value), nil
	case *array.StringView:
		return typed(a, a.Value), nil
	case *array.Binary:
		return typed(a, a.ValueString), nil
	case *array.LargeBinary:
		return typed(a, a.ValueString), nil
	case *array.BinaryView:
		return typed(a, a.ValueString), nil
	case *array.Timestamp:
		toTime, err := a.DataType().(*arrow.TimestampType).GetToTimeFunc()
		if err != nil {
			return cells{}, fmt.Errorf("timestamps: %w", err)
		}
		return typed(a, func(i int) time.Time { return toTime(a.Value(i)) }), nil
	case *array.Date32:
		return typed(a, func(i int) time.Time { return a.Value(i).ToTime() }), nil
	case *array.Date64:
		return typed(a, func(i int) time.Time { return a.Value(i).ToTime() }), nil
	case *array.Null:
		return cells{typ: nil, value: func(int) any { return nil }}, nil
	case *array.Dictionary:
		dict, err := reader(a.Dictionary())
		if err != nil {
			return cells{}, fmt.Errorf("dictionary: %w", err)
		}
		return cells{typ: dict.typ, value: func(i int) any {
			if a.IsNull(i) {
				return nil
			}
			return dict.value(a.GetValueIndex(i))
		}}, nil
	}
	// Lists, structs, durations...: as Arrow writes them.
	return typed(a, a.ValueStr), nil
}

// typed reads a's non-null values with value.
func typed[T any](a arrow.Array, value func(i int) T) cells {
	if a.NullN() == 0 {
		return cells{typ: reflect.TypeFor[T](), value: func(i int) any { return value(i) }}
	}
	return cells{typ: reflect.TypeFor[T](), value: func(i int) any {
		if a.IsNull(i) {
			return nil
		}
		return value(i)
	}}
}

// floats reads a as float64, NaN and the infinities as nil: a page gets
// JSON, which has no number for them (as st does for a []float64).
func floats(a arrow.Array, value func(i int) float64) cells {
	return cells{typ: reflect.TypeFor[float64](), value: func(i int) any {
		if a.IsNull(i) {
			return nil
		}
		x := value(i)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	}}
}

type decimalArray[T interface{ ToFloat64(int32) float64 }] interface {
	arrow.Array
	Value(i int) T
}

// decimals reads a as float64, as a chart or a sort wants them; a value
// beyond float64's 15 to 17 digits is rounded.
func decimals[T interface{ ToFloat64(int32) float64 }](a decimalArray[T]) cells {
	scale := a.DataType().(arrow.DecimalType).GetScale()
	return floats(a, func(i int) float64 { return a.Value(i).ToFloat64(scale) })
}
