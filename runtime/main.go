package runtime

import "github.com/gost-dev/gost/st"

// Main serves app. It is what the entry point that `gost run` generates calls.
func Main(app func(*st.Ctx)) { _ = app }
