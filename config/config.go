// Package config reads newsetl's YAML configuration file.
//
// The file is decoded strictly: an unknown key or a missing required key is an
// error naming the key, the source and the line. Values may refer to the
// environment as ${NAME} or ${NAME:-default}. Secrets never live in the file:
// the ClickHouse password is read from the variable named by password_env.
//
// Source kinds own their options: a Source keeps its kind-specific keys as a
// YAML node that the kind decodes with DecodeStrict when it is built.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"time"

	"go.yaml.in/yaml/v3"
)

// File is the whole configuration file.
type File struct {
	Path       string     `yaml:"-"`
	ClickHouse ClickHouse `yaml:"clickhouse"`
	Fetch      Fetch      `yaml:"fetch"`
	Daemon     Daemon     `yaml:"daemon"`
	Spool      Spool      `yaml:"spool"`
	Units      Units      `yaml:"units"`   // unit texts → {unit, scale} for every statistics source (a source's own units win)
	Stories    Stories    `yaml:"stories"` // thresholds of story linking (config/stories.go)
	Serve      Serve      `yaml:"serve"`   // newsetl serve (config/serve.go)
	Metrics    Metrics    `yaml:"metrics"` // synonyms laid over the default metric table (config/metrics.go)
	Sources    []Source   `yaml:"-"`
}

// Daemon holds the settings of `newsetl run`.
type Daemon struct {
	Listen          string         `yaml:"listen"`           // /healthz and /metrics; loopback by default
	Timezone        string         `yaml:"timezone"`         // zone of cron specs without CRON_TZ=; default UTC
	DefaultSchedule string         `yaml:"default_schedule"` // for sources without a schedule; default @daily
	Jitter          *time.Duration `yaml:"jitter"`           // random delay before each run, at most this; default 30s, 0 disables
	Grace           time.Duration  `yaml:"grace"`            // how long shutdown waits for running jobs; default 30s
}

// ClickHouse names the database newsetl writes to.
type ClickHouse struct {
	Addr        string        `yaml:"addr"`         // host:port of the native protocol
	Database    string        `yaml:"database"`     // created by migrate if absent
	Username    string        `yaml:"username"`     //
	PasswordEnv string        `yaml:"password_env"` // name of the environment variable holding the password
	DialTimeout time.Duration `yaml:"dial_timeout"` //
	BatchSize   int           `yaml:"batch_size"`   // rows per INSERT; large batches are much faster
	// WriteRetries is how many times a batch that failed with a transient
	// error (connection refused or reset, timeout, TOO_MANY_PARTS) is sent
	// again; default 5, -1 for none. WriteBackoff is the first wait,
	// doubling up to 8 s; default 500ms (about 15 s in all).
	WriteRetries int           `yaml:"write_retries"`
	WriteBackoff time.Duration `yaml:"write_backoff"`
	Password     string        `yaml:"-"` // resolved from PasswordEnv at load time
	// Cluster, when set, makes newsetl write to a ClickHouse cluster
	// (config/cluster.go); nil: one server.
	Cluster *Cluster `yaml:"cluster"`
}

// Fetch holds the HTTP settings shared by every source.
type Fetch struct {
	UserAgent         string        `yaml:"user_agent"`
	Timeout           time.Duration `yaml:"timeout"`             // whole request, body included
	ConnectTimeout    time.Duration `yaml:"connect_timeout"`     // TCP connect (and TLS handshake)
	MaxPerHost        int           `yaml:"max_per_host"`        // requests in flight per host
	RequestsPerSecond float64       `yaml:"requests_per_second"` // per host
	Retries           int           `yaml:"retries"`             // extra attempts on timeouts, 429 and 5xx
	RetryBackoff      time.Duration `yaml:"retry_backoff"`       // first wait before a retry; doubles each time
	MaxBodyBytes      int64         `yaml:"max_body_bytes"`      // larger bodies are refused
	IgnoreRobots      bool          `yaml:"ignore_robots"`       // robots.txt is obeyed unless this is true
	// RetryAfterMax caps the Retry-After a server may ask for: a longer
	// wait ends the attempt with an error instead of sleeping. Default: Timeout.
	RetryAfterMax time.Duration `yaml:"retry_after_max"`
}

// Spool is where rows go when ClickHouse stays down past the write retries.
type Spool struct {
	Dir      string `yaml:"dir"`       // default: .newsetl-spool next to the config file; "off" disables
	MaxBytes int64  `yaml:"max_bytes"` // the spool refuses rows beyond this total size; default 1 GiB
}

// Source is one configured source. Options holds the keys that belong to its
// kind; Line is where the source starts in the file, for error messages.
type Source struct {
	Name     string
	Kind     string
	Lang     string
	Schedule string
	Options  *yaml.Node
	Line     int
	File     string

	// AllowPrivate lets the source connect to loopback and private
	// addresses (a sample site, an intranet); link-local, multicast and
	// unspecified addresses stay refused.
	AllowPrivate bool
	// PasswordEnv and PasswordFile name where the password for the basic
	// auth of the source's URLs is read (the user comes from the URL's
	// user-info); Password is the resolved value, never logged.
	PasswordEnv  string
	PasswordFile string
	Password     string

	// Publisher names who publishes the source's pages, for linking the
	// language versions of a release into one story; "" means the
	// registrable domain of the source's URL (stories.Publishers).
	Publisher string

	// Units is the file's units: map, for statistics kinds to merge under
	// their own.
	Units Units
}

// commonSourceKeys are the keys every source has; everything else belongs to the kind.
var commonSourceKeys = map[string]bool{"name": true, "kind": true, "lang": true, "schedule": true,
	"allow_private": true, "password_env": true, "password_file": true, "publisher": true}

// Defaults applied to keys the file leaves out.
const (
	DefaultAddr           = "127.0.0.1:19000"
	DefaultDatabase       = "newsetl"
	DefaultUsername       = "default"
	DefaultBatchSize      = 100_000
	DefaultUserAgent      = "newsetl/0.1 (+https://github.com/newsetl/newsetl)"
	DefaultTimeout        = 30 * time.Second
	DefaultRate           = 1.0
	DefaultConnectTimeout = 10 * time.Second
	DefaultMaxPerHost     = 2
	DefaultRetries        = 2
	DefaultBackoff        = 500 * time.Millisecond
	DefaultMaxBody        = 10 << 20
	DefaultDialTimeout    = 5 * time.Second
	DefaultSchedule       = "@daily"
	DefaultListen         = "127.0.0.1:9464"
	DefaultJitter         = 30 * time.Second
	DefaultGrace          = 30 * time.Second
	DefaultSpoolMaxBytes  = 1 << 30
)

// Load reads and validates the file at path. lookup resolves ${NAME}
// references; pass os.LookupEnv for the process environment.
func Load(path string, lookup func(string) (string, bool)) (*File, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	f, err := Parse(raw, path, lookup)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Parse is Load on bytes already read; name is used in error messages.
func Parse(raw []byte, name string, lookup func(string) (string, bool)) (*File, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("config %s: %w", name, err)
	}
	// Expand values, not text: a ${VAR} in a comment stays a comment.
	if err := expandNode(&doc, lookup); err != nil {
		return nil, fmt.Errorf("config %s: %w", name, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("config %s: top level must be a mapping with clickhouse, fetch and sources", name)
	}
	root := doc.Content[0]
	f := &File{Path: name}
	var sourcesNode *yaml.Node
	var err error
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "clickhouse":
			err = DecodeStrict(val, &f.ClickHouse)
		case "fetch":
			err = DecodeStrict(val, &f.Fetch)
		case "daemon":
			err = DecodeStrict(val, &f.Daemon)
		case "spool":
			err = DecodeStrict(val, &f.Spool)
		case "units":
			err = DecodeStrict(val, &f.Units)
		case "stories":
			err = DecodeStrict(val, &f.Stories)
		case "serve":
			err = DecodeStrict(val, &f.Serve)
		case "metrics":
			err = DecodeStrict(val, &f.Metrics)
		case "sources":
			sourcesNode = val
		default:
			err = fmt.Errorf("line %d: unknown key %q (want clickhouse, fetch, daemon, spool, units, stories, serve, metrics, sources)", key.Line, key.Value)
		}
		if err != nil {
			return nil, fmt.Errorf("config %s: %w", name, err)
		}
	}
	if sourcesNode != nil {
		if f.Sources, err = parseSources(sourcesNode, name); err != nil {
			return nil, err
		}
	}
	for i := range f.Sources {
		f.Sources[i].Units = f.Units
	}
	f.applyDefaults()
	if err := f.checkIdentifiers(); err != nil {
		return nil, fmt.Errorf("config %s: %w", name, err)
	}
	if err := f.resolveSecrets(lookup); err != nil {
		return nil, fmt.Errorf("config %s: %w", name, err)
	}
	return f, nil
}

func parseSources(n *yaml.Node, file string) ([]Source, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("config %s: line %d: sources must be a list", file, n.Line)
	}
	seen := map[string]int{}
	var out []Source
	for i, sn := range n.Content {
		if sn.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("config %s: line %d: source #%d must be a mapping", file, sn.Line, i+1)
		}
		s := Source{Line: sn.Line, File: file, Options: &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: sn.Line, Column: sn.Column}}
		for j := 0; j+1 < len(sn.Content); j += 2 {
			key, val := sn.Content[j], sn.Content[j+1]
			if !commonSourceKeys[key.Value] {
				s.Options.Content = append(s.Options.Content, key, val)
				continue
			}
			if val.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("config %s: line %d: source #%d: %s must be a string", file, val.Line, i+1, key.Value)
			}
			switch key.Value {
			case "allow_private":
				if err := val.Decode(&s.AllowPrivate); err != nil {
					return nil, fmt.Errorf("config %s: line %d: source #%d: allow_private must be true or false", file, val.Line, i+1)
				}
			case "password_env":
				s.PasswordEnv = val.Value
			case "password_file":
				s.PasswordFile = val.Value
			case "publisher":
				s.Publisher = val.Value
			case "name":
				s.Name = val.Value
			case "kind":
				s.Kind = val.Value
			case "lang":
				s.Lang = val.Value
			case "schedule":
				s.Schedule = val.Value
			}
		}
		if s.Name == "" {
			return nil, fmt.Errorf("config %s: line %d: source #%d: missing required key \"name\"", file, sn.Line, i+1)
		}
		if s.Kind == "" {
			return nil, fmt.Errorf("config %s: line %d: source %s: missing required key \"kind\"", file, sn.Line, s.Name)
		}
		if prev, dup := seen[s.Name]; dup {
			return nil, fmt.Errorf("config %s: line %d: source %s: name already used at line %d", file, sn.Line, s.Name, prev)
		}
		seen[s.Name] = sn.Line
		out = append(out, s)
	}
	return out, nil
}

func (f *File) applyDefaults() {
	c := &f.ClickHouse
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.Database == "" {
		c.Database = DefaultDatabase
	}
	if c.Username == "" {
		c.Username = DefaultUsername
	}
	if c.BatchSize <= 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.DialTimeout <= 0 {
		c.DialTimeout = DefaultDialTimeout
	}
	if c.Cluster != nil {
		c.Cluster.applyDefaults(c.Database)
	}
	h := &f.Fetch
	if h.UserAgent == "" {
		h.UserAgent = DefaultUserAgent
	}
	if h.Timeout <= 0 {
		h.Timeout = DefaultTimeout
	}
	if h.ConnectTimeout <= 0 {
		h.ConnectTimeout = DefaultConnectTimeout
	}
	if h.MaxPerHost <= 0 {
		h.MaxPerHost = DefaultMaxPerHost
	}
	if h.RequestsPerSecond <= 0 {
		h.RequestsPerSecond = DefaultRate
	}
	if h.Retries < 0 {
		h.Retries = 0
	} else if h.Retries == 0 {
		h.Retries = DefaultRetries
	}
	if h.RetryBackoff <= 0 {
		h.RetryBackoff = DefaultBackoff
	}
	if h.MaxBodyBytes <= 0 {
		h.MaxBodyBytes = DefaultMaxBody
	}
	if h.RetryAfterMax <= 0 {
		h.RetryAfterMax = h.Timeout
	}
	if f.Spool.MaxBytes <= 0 {
		f.Spool.MaxBytes = DefaultSpoolMaxBytes
	}
	f.Serve.applyDefaults()
	d := &f.Daemon
	if d.Listen == "" {
		d.Listen = DefaultListen
	}
	if d.Timezone == "" {
		d.Timezone = "UTC"
	}
	if d.DefaultSchedule == "" {
		d.DefaultSchedule = DefaultSchedule
	}
	if d.Jitter == nil || *d.Jitter < 0 {
		j := DefaultJitter
		d.Jitter = &j
	}
	if d.Grace <= 0 {
		d.Grace = DefaultGrace
	}
	for i := range f.Sources {
		if f.Sources[i].Schedule == "" {
			f.Sources[i].Schedule = d.DefaultSchedule
		}
	}
}

func (f *File) resolveSecrets(lookup func(string) (string, bool)) error {
	name := f.ClickHouse.PasswordEnv
	if name != "" {
		if v, ok := lookup(name); ok {
			// An unset variable means "no password": the usual local setup.
			f.ClickHouse.Password = v
		}
	}
	return f.resolveSourceSecrets(lookup)
}

// Source returns the source with the given name.
func (f *File) Source(name string) (Source, error) {
	for _, s := range f.Sources {
		if s.Name == name {
			return s, nil
		}
	}
	return Source{}, errors.New("no source named " + name + " in " + f.Path)
}

// Errorf formats an error about this source, naming it and its place in the file.
func (s Source) Errorf(format string, args ...any) error {
	return fmt.Errorf("config %s: line %d: source %s: %s", s.File, s.Line, s.Name, fmt.Sprintf(format, args...))
}
