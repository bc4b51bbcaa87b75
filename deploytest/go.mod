// The deployment test is a module of its own: it needs chromium
// (internal/browsertest), the development OpenID Provider and the Redis
// store, none of which gost's module or an app carries.
module github.com/gost-dev/gost/deploytest

go 1.26.0

replace (
	github.com/gost-dev/gost => ../
	github.com/gost-dev/gost/internal/browsertest => ../internal/browsertest
	github.com/gost-dev/gost/runtime/auth/devprovider => ../runtime/auth/devprovider
	github.com/gost-dev/gost/runtime/store/redisstore => ../runtime/store/redisstore
)

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/gost-dev/gost v0.0.0
	github.com/gost-dev/gost/internal/browsertest v0.0.0-00010101000000-000000000000
	github.com/gost-dev/gost/runtime/auth/devprovider v0.0.0-00010101000000-000000000000
	github.com/gost-dev/gost/runtime/store/redisstore v0.0.0-00010101000000-000000000000
)

require (
	github.com/bmatcuk/doublestar/v4 v4.10.4 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/chromedp/chromedp v0.23.0 // indirect
	github.com/coreos/go-oidc/v3 v3.21.0 // indirect
	github.com/go-chi/chi/v5 v5.5.0 // indirect
	github.com/go-jose/go-jose/v4 v4.1.9 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/go-logr/logr v1.4.4 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	github.com/gorilla/securecookie v1.1.2 // indirect
	github.com/gorilla/websocket v1.5.3 // indirect
	github.com/muhlemmer/gu v0.3.1 // indirect
	github.com/muhlemmer/httpforwarded v0.1.0 // indirect
	github.com/redis/go-redis/v9 v9.23.0 // indirect
	github.com/rs/cors v1.11.1 // indirect
	github.com/yuin/goldmark v1.8.7 // indirect
	github.com/zitadel/oidc/v3 v3.52.0 // indirect
	github.com/zitadel/schema v1.3.2 // indirect
	go.opentelemetry.io/auto/sdk v1.2.1 // indirect
	go.opentelemetry.io/otel v1.46.0 // indirect
	go.opentelemetry.io/otel/metric v1.46.0 // indirect
	go.opentelemetry.io/otel/trace v1.46.0 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/oauth2 v0.38.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
