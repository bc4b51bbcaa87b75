package main

import "github.com/gost-dev/gost/st"

func App(st *st.Ctx) {
	var n int = "one"
	_ = n
}
