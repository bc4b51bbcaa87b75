package starrow_test

import "runtime"

func runtimeGC() { runtime.GC() }
