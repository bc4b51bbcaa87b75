//go:build !unix

package devloop

import (
	"errors"
	"os"
)

// Pair is unix only: elsewhere gost run serves the app without rebuilding
// on save.
func Pair() (app *os.File, sup *Control, err error) {
	return nil, nil, errors.New("devloop: rebuilding on save needs a unix system")
}
