package script

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/gost-dev/gost/internal/tree"
)

// Frame is one line of a stack trace shown in the page.
type Frame struct {
	Func string `json:"func"`
	File string `json:"file"`
	Line int    `json:"line"`
}

// panicNode is the element that shows a panic, with the stack where it
// happened.
func panicNode(v any, stack []Frame) *tree.Node {
	typ, msg := "panic", fmt.Sprint(v)
	if err, ok := v.(error); ok {
		if t := errorType(err); t != "" {
			typ += ": " + t
		}
		msg = err.Error()
	}
	return exceptionNode(typ, msg, stack)
}

// ErrorNode is the element that shows an error that is not a panic: an
// app's st.Exception(err), or a call to st that cannot be drawn.
func ErrorNode(err error) *tree.Node {
	typ := errorType(err)
	if typ == "" {
		typ = "error"
	}
	return exceptionNode(typ, err.Error(), nil)
}

func exceptionNode(typ, msg string, stack []Frame) *tree.Node {
	return &tree.Node{Kind: "exception", Props: Props(struct {
		Type    string  `json:"type"`
		Message string  `json:"message"`
		Stack   []Frame `json:"stack,omitempty"` // absent for an error: the page fills [] (frontend/defaults.js)
	}{typ, msg, stack})}
}

// errorType names err's type for the page. The app's own error types say
// something (*fs.PathError); the anonymous ones of fmt.Errorf and
// errors.New do not, and are left out.
func errorType(err error) string {
	switch t := fmt.Sprintf("%T", err); t {
	case "*fmt.wrapError", "*fmt.wrapErrors", "*errors.errorString", "*errors.joinError":
		return ""
	default:
		return t
	}
}

// appFrames returns the stack of the panicking goroutine without the Go
// runtime's and gost's own frames: what is left is the app's code.
func appFrames(skip int) []Frame {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(skip, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	out := []Frame{}
	for {
		f, more := frames.Next()
		if !isInternal(f.Function) {
			out = append(out, Frame{Func: f.Function, File: f.File, Line: f.Line})
		}
		if !more {
			break
		}
	}
	return out
}

// isInternal reports whether fn is Go's or gost's own code: the runtime,
// reflect (callbacks), st, the engine. A test of gost's (a _test package)
// is an app like any other.
func isInternal(fn string) bool {
	if strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "reflect.") {
		return true
	}
	rest, ok := strings.CutPrefix(fn, "github.com/gost-dev/gost/")
	if !ok {
		return false
	}
	slash := strings.LastIndexByte(rest, '/') + 1
	dot := strings.IndexByte(rest[slash:], '.')
	if dot < 0 {
		return false
	}
	pkg := rest[:slash+dot]
	return pkg == "st" || pkg == "runtime" || strings.HasPrefix(pkg, "internal/") && !strings.HasSuffix(pkg, "_test")
}
