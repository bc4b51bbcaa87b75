package script

// Call calls c, for the tests of NewCallback's conversions.
func (c Callback) Call() { c.call() }
