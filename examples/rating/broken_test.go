package main

import (
	"testing/fstest"

	"github.com/gost-dev/gost/st"
)

// broken is a component whose module throws as it loads.
var broken = st.NewComponent[int]("broken", fstest.MapFS{"b.js": {Data: []byte("throw new Error('boom');")}}, "b.js", nil)
