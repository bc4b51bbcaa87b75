package devprovider_test

import "github.com/gost-dev/gost/runtime/auth/internal/logintest"

// The login harness (an app with gost's login mounted, and a browser) is
// shared with the tests against the second provider library
// (runtime/auth/fositeprovider): see logintest's doc.

const testClientSecret = logintest.ClientSecret

var newApp = logintest.NewApp

// browser is a tab of the browser on the app, over the websocket.
type (
	browser = logintest.Tab
	msg     = logintest.Msg
)
