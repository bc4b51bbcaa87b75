// The Arrow adapter is a module of its own so that apache/arrow-go and the
// modules it brings (flatbuffers, compression codecs, ...) stay out of the
// module graph of apps that import gost and never see an Arrow record.
// The replace directive points at this checkout; go.work at the repository
// root ties the modules together.
module github.com/gost-dev/gost/starrow

go 1.26.0

replace github.com/gost-dev/gost => ..

require (
	github.com/apache/arrow-go/v18 v18.8.0
	github.com/gost-dev/gost v0.0.0-00010101000000-000000000000
)

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/coreos/go-oidc/v3 v3.21.0 // indirect
	github.com/go-jose/go-jose/v4 v4.1.9 // indirect
	github.com/goccy/go-json v0.10.6 // indirect
	github.com/google/flatbuffers v25.12.19+incompatible // indirect
	github.com/gorilla/websocket v1.5.3 // indirect
	github.com/klauspost/cpuid/v2 v2.4.0 // indirect
	github.com/yuin/goldmark v1.8.7 // indirect
	github.com/zeebo/xxh3 v1.1.0 // indirect
	golang.org/x/exp v0.0.0-20260112195511-716be5621a96 // indirect
	golang.org/x/oauth2 v0.38.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
)
