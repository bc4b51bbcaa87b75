package main

import "github.com/gost-dev/gost/st"

func App(st *st.Ctx) {}

func main() {}
