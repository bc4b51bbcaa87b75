// Package deploytest runs an app the way docs/deploy.md deploys it: three
// replicas sharing a Redis store behind nginx, round robin without
// stickiness, driven by Chromium. It is a module of its own because its
// tests need chromedp, the development OpenID Provider and the Redis
// store, none of which an app inherits.
package deploytest

import "strings"

// NginxConfig is the http block's nginx configuration docs/deploy.md
// shows, for nginx listening on listen in front of the replicas: round
// robin (nginx's default) with no stickiness, websockets upgraded, and
// timeouts long enough for a tab that stays open. The test runs this very
// text; TestDocsShowTheTestedConfig holds docs/deploy.md to it.
func NginxConfig(listen string, replicas []string) string {
	var servers strings.Builder
	for _, r := range replicas {
		servers.WriteString("    server " + r + " max_fails=0;\n")
	}
	return strings.NewReplacer("{listen}", listen, "{servers}", servers.String()).Replace(nginxTemplate)
}

const nginxTemplate = `# Round robin, no stickiness: any replica serves any request, since they
# share the login's cookie secret and the store. max_fails=0: a replica
# that refused a request (it was restarting) is tried again at once, not
# set aside; in a rolling restart each is away in turn, and set aside for
# a while they would all be, with nothing left to serve.
upstream gost {
{servers}}

# A websocket asks to upgrade; other requests keep their connection.
map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}

# Which replica served each request, beside the usual fields.
log_format upstream '$remote_addr [$time_local] "$request" $status $upstream_addr';

server {
    listen {listen};
    access_log {dir}/access.log upstream;

    location / {
        proxy_pass http://gost;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        # A tab's websocket is quiet between clicks; gost pings every 54 s.
        proxy_read_timeout 1h;
        proxy_send_timeout 1h;
        # A replica that is gone or shutting down (503): the next one. On
        # the replicas' network a connection takes milliseconds.
        proxy_next_upstream error timeout http_502 http_503;
        proxy_connect_timeout 2s;
    }
}
`
