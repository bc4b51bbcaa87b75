package deploytest

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/runtime"
	_ "github.com/gost-dev/gost/runtime/store/redisstore" // redis:// for [server] store
	"github.com/gost-dev/gost/st"
)

// The test binary is also the replicas: run with GOST_DEPLOYTEST_REPLICA
// set, it serves App as a built app does, configured by the environment
// and the app directory's .gost/, until SIGTERM.
func TestMain(m *testing.M) {
	if name := os.Getenv("GOST_DEPLOYTEST_REPLICA"); name != "" {
		replica = name
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
		defer stop()
		if err := runtime.Serve(ctx, App, runtime.Options{}); err != nil {
			fmt.Fprintln(os.Stderr, "gost:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(browsertest.Main(m))
}

// replica names the process serving, for the page to show.
var replica string

// App is a small private app: a login, a widget the browser holds, and a
// counter in session state, which only the store can carry to another
// replica.
func App(st *st.Ctx) {
	if !st.User().IsLoggedIn {
		st.Header("This app is private.")
		st.Button("Log in", st.OnClick(st.Login))
		return
	}
	st.Header(fmt.Sprintf("Welcome, %s!", st.User().Name))
	st.Text("served by replica " + replica)
	note := st.TextInput("Note")
	st.Text("note: " + note)
	state := st.SessionState()
	if st.Button("Add") {
		state.Set("n", state.Int("n")+1)
	}
	st.Text(fmt.Sprintf("count %d", state.Int("n")))
	st.Button("Log out", st.OnClick(st.Logout))
	st.Button("Log out everywhere", st.OnClick(st.LogoutEverywhere))
}
