//go:build unix

package main

import (
	"os"
	"os/signal"
)

func signalIgnore(sigs ...os.Signal) { signal.Ignore(sigs...) }

func signalWait(sig os.Signal) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, sig)
	<-c
}
