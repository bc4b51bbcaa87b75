package st_test

import (
	"runtime"
	"strconv"
)

func itoa(i int) string { return strconv.Itoa(i) }

func runtimeGosched() { runtime.Gosched() }
