// browsertest is a module of its own so that chromedp stays out of the
// module graph of apps that import gost: only tests (examples, cmd/gost)
// drive a browser. The replace directive points at this checkout; go.work
// at the repository root ties the modules together.
module github.com/gost-dev/gost/internal/browsertest

go 1.26.0

replace github.com/gost-dev/gost => ../..

require (
	github.com/chromedp/cdproto v0.159.0
	github.com/chromedp/chromedp v0.23.0
	github.com/gost-dev/gost v0.0.0-00010101000000-000000000000
)

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/coreos/go-oidc/v3 v3.21.0 // indirect
	github.com/go-jose/go-jose/v4 v4.1.9 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/gorilla/websocket v1.5.3 // indirect
	github.com/yuin/goldmark v1.8.7 // indirect
	golang.org/x/oauth2 v0.38.0 // indirect
)
