//go:build !unix

package main

import (
	"errors"
	"net"
	"os"
)

// controlPair is unix only: elsewhere gost run serves the app without
// rebuilding on save.
func controlPair() (*os.File, net.Conn, error) {
	return nil, nil, errors.New("rebuilding on save needs a unix system")
}
