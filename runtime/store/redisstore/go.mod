// The Redis store is a module of its own: an app imports it only when it
// runs several replicas, and only then inherits go-redis' modules.
module github.com/gost-dev/gost/runtime/store/redisstore

go 1.26.0

replace github.com/gost-dev/gost => ../../../

require (
	github.com/gost-dev/gost v0.0.0
	github.com/redis/go-redis/v9 v9.23.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
)
