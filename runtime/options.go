package runtime

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// DefaultPort is the port a gost app listens on when none is given. It is
// Streamlit's, so muscle memory and firewall rules carry over.
const DefaultPort = 8501

// Options are the server settings, spelled as Streamlit spells them on the
// command line. The zero value is a server on http://localhost:8501/ that
// opens a browser.
type Options struct {
	// Address is the interface to listen on (--server.address). "" means
	// localhost: the loopback interface only, the safe default. Use 0.0.0.0
	// to serve other machines.
	Address string
	// Port is the TCP port (--server.port). 0 means DefaultPort (8501).
	Port int
	// Headless means: do not open a browser (--server.headless).
	Headless bool
	// BaseURLPath is the path the app is served under, as behind a reverse
	// proxy (--server.baseUrlPath). "" means the root.
	BaseURLPath string
	// RunOnSave rebuilds and restarts the app when its source changes
	// (--server.runOnSave).
	RunOnSave bool
	// DevAuth starts the development login provider (--dev-auth), so st.User
	// can be tried without a real OpenID Provider.
	DevAuth bool

	// ShutdownGrace is how long a SIGTERM leaves the open tabs' runs and
	// the jobs to finish before they are cancelled and the process exits
	// (--server.shutdownGrace, e.g. 30s; shutdown.go). 0 means
	// DefaultShutdownGrace.
	ShutdownGrace time.Duration
	// SSLCertFile and SSLKeyFile, both set, make the server terminate TLS
	// itself, with HTTP/2 (--server.sslCertFile, --server.sslKeyFile, as
	// Streamlit's). "" serves plain HTTP, as behind a proxy that terminates
	// TLS.
	SSLCertFile string
	SSLKeyFile  string
	// MetricsAddress is the host:port /metrics is served on, in
	// Prometheus' text format (--server.metricsAddress, e.g.
	// 127.0.0.1:9090; metrics.go). "" serves no metrics: they would tell
	// anyone who reaches the app how busy it is.
	MetricsAddress string
	// Store is the URL of the store the replicas of the app share
	// (--server.store, e.g. redis://redis:6379/0; store.go). "" keeps
	// everything in this process's memory, right for one replica.
	Store string
	// StoreOptional lets the server start on its memory when the store
	// does not answer at start (--server.storeOptional). Without it the
	// server refuses to start: replicas that do not share a store log
	// users out of each other's tabs silently.
	StoreOptional bool
}

// flagKind says how a flag takes its value.
type flagKind int

const (
	stringFlag flagKind = iota
	intFlag
	boolFlag
	durationFlag
)

// optionFlags maps each flag name (without dashes) to its kind and the field
// it sets. It is the one list of flags; [Options.Args] renders from it too,
// so parsing and rendering cannot drift apart.
var optionFlags = []struct {
	name  string
	kind  flagKind
	field func(*Options) any // *string, *int, *bool or *time.Duration
}{
	{"server.address", stringFlag, func(o *Options) any { return &o.Address }},
	{"server.port", intFlag, func(o *Options) any { return &o.Port }},
	{"server.headless", boolFlag, func(o *Options) any { return &o.Headless }},
	{"server.baseUrlPath", stringFlag, func(o *Options) any { return &o.BaseURLPath }},
	{"server.runOnSave", boolFlag, func(o *Options) any { return &o.RunOnSave }},
	{"dev-auth", boolFlag, func(o *Options) any { return &o.DevAuth }},
	{"server.shutdownGrace", durationFlag, func(o *Options) any { return &o.ShutdownGrace }},
	{"server.sslCertFile", stringFlag, func(o *Options) any { return &o.SSLCertFile }},
	{"server.sslKeyFile", stringFlag, func(o *Options) any { return &o.SSLKeyFile }},
	{"server.metricsAddress", stringFlag, func(o *Options) any { return &o.MetricsAddress }},
	{"server.store", stringFlag, func(o *Options) any { return &o.Store }},
	{"server.storeOptional", boolFlag, func(o *Options) any { return &o.StoreOptional }},
}

// FlagNames returns the flags [ParseArgs] accepts, with their leading "--",
// in the order usage text should list them.
func FlagNames() []string {
	names := make([]string, len(optionFlags))
	for i, f := range optionFlags {
		names[i] = "--" + f.name
	}
	return names
}

// ParseArgs parses flags in Streamlit's spelling, with or without "="
// (--server.port 8502, --server.port=8502; boolean flags bare or =true/false),
// anywhere among the positional args, and returns the options and the
// positional args in order. A single leading dash is accepted too, as the
// flag package does. Everything after "--" is positional.
//
// Unknown flags are an error naming the flag; bad values are an error naming
// the flag and the value.
func ParseArgs(args []string) (Options, []string, error) {
	o, positional, _, err := parseArgs(args)
	return o, positional, err
}

// parseArgs is ParseArgs that also names the flags given, so that a flag
// set to its zero value (--server.headless=false) still wins over
// config.toml (settings.go).
func parseArgs(args []string) (Options, []string, map[string]bool, error) {
	var o Options
	var positional []string
	set := map[string]bool{}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(arg) < 2 || arg[0] != '-' {
			positional = append(positional, arg) // includes "-", often meaning stdin
			continue
		}
		name := strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
		value, hasValue := "", false
		if n, v, ok := strings.Cut(name, "="); ok {
			name, value, hasValue = n, v, true
		}
		f := -1
		for j := range optionFlags {
			if optionFlags[j].name == name {
				f = j
				break
			}
		}
		if f < 0 {
			return Options{}, nil, nil, fmt.Errorf("runtime: unknown flag %s", flagSpelling(arg))
		}
		flag := optionFlags[f]
		if !hasValue && flag.kind != boolFlag {
			if i+1 >= len(args) {
				return Options{}, nil, nil, fmt.Errorf("runtime: flag --%s needs a value", flag.name)
			}
			i++
			value, hasValue = args[i], true
		}
		set[flag.name] = true
		switch p := flag.field(&o).(type) {
		case *string:
			*p = value
		case *int:
			n, err := strconv.Atoi(value)
			if err != nil || n < 0 || n > 65535 {
				return Options{}, nil, nil, fmt.Errorf("runtime: invalid value %q for flag --%s: want a port number from 0 to 65535", value, flag.name)
			}
			*p = n
		case *time.Duration:
			d, err := time.ParseDuration(value)
			if err != nil || d < 0 {
				return Options{}, nil, nil, fmt.Errorf("runtime: invalid value %q for flag --%s: want a duration such as 10s", value, flag.name)
			}
			*p = d
		case *bool:
			if !hasValue {
				*p = true
				break
			}
			b, err := strconv.ParseBool(value)
			if err != nil {
				return Options{}, nil, nil, fmt.Errorf("runtime: invalid value %q for flag --%s: want true or false", value, flag.name)
			}
			*p = b
		}
	}
	return o, positional, set, nil
}

// flagSpelling is the flag as the user typed it, without any value, for
// error messages.
func flagSpelling(arg string) string {
	name, _, _ := strings.Cut(arg, "=")
	return name
}

// Args renders the options back to flags, so the gost command can pass them
// on to the app binary. Zero fields are left out, and ParseArgs(o.Args())
// gives o back.
func (o Options) Args() []string {
	var args []string
	for _, f := range optionFlags {
		switch p := f.field(&o).(type) {
		case *string:
			if *p != "" {
				args = append(args, "--"+f.name+"="+*p)
			}
		case *int:
			if *p != 0 {
				args = append(args, "--"+f.name+"="+strconv.Itoa(*p))
			}
		case *time.Duration:
			if *p != 0 {
				args = append(args, "--"+f.name+"="+p.String())
			}
		case *bool:
			if *p {
				args = append(args, "--"+f.name+"=true")
			}
		}
	}
	return args
}

// URL is where the app can be opened, e.g. http://localhost:8501/. It is what
// gets printed and what the browser is pointed at, so an address that means
// "every interface" is shown as localhost.
func (o Options) URL() string {
	host := o.Address
	switch host {
	case "", "0.0.0.0", "::", "[::]":
		host = "localhost"
	}
	scheme := "http://"
	if o.tls() {
		scheme = "https://"
	}
	return scheme + net.JoinHostPort(strings.Trim(host, "[]"), strconv.Itoa(o.port())) + o.basePath()
}

// tls reports whether the server terminates TLS itself.
func (o Options) tls() bool { return o.SSLCertFile != "" || o.SSLKeyFile != "" }

// port is the port to listen on, with the default applied.
func (o Options) port() int {
	if o.Port == 0 {
		return DefaultPort
	}
	return o.Port
}

// listenAddress is the host:port to listen on, with the defaults applied.
// The default host is the IPv4 loopback address rather than "localhost",
// because net.Listen binds only one of localhost's addresses and which one
// would depend on the resolver.
func (o Options) listenAddress() string {
	host := strings.Trim(o.Address, "[]")
	if host == "" || host == "localhost" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, strconv.Itoa(o.port()))
}

// basePath is BaseURLPath as a path that starts and ends with "/".
func (o Options) basePath() string {
	p := strings.Trim(o.BaseURLPath, "/")
	if p == "" {
		return "/"
	}
	return "/" + p + "/"
}
