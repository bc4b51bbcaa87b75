package main

import gst "github.com/gost-dev/gost/st"

// App is in another file than the one gost run is given; the package counts.
func App(ctx *gst.Ctx) {}
