package main

import "github.com/gost-dev/gost/st"

func Ap(st *st.Ctx) {}
