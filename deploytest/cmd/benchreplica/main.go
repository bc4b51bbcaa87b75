// Command benchreplica is the replica gostbench's replicas scenario runs
// with -replica-bin to measure many replicas sharing a Redis store: the
// representative app served by runtime.Main, as `gost build` would make
// it, with the redis:// scheme registered. It lives in the deploytest
// module (test and tool code only) because the root module, and so
// gostbench, must not require go-redis.
//
//	(cd deploytest && go build -o /tmp/benchreplica ./cmd/benchreplica)
//	go run ./cmd/gostbench -scenario replicas -redis /usr/bin/redis-server -replica-bin /tmp/benchreplica
package main

import (
	"github.com/gost-dev/gost/internal/benchapp"
	"github.com/gost-dev/gost/runtime"
	_ "github.com/gost-dev/gost/runtime/store/redisstore"
)

func main() { runtime.Main(benchapp.RepresentativeApp) }
