package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// identifierRE is what a database, table or cluster name from the config
// must match: it is written into SQL, so nothing that could end or comment
// out a statement may get in.
var identifierRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ValidIdentifier reports whether s may be used as a ClickHouse identifier
// unquoted.
func ValidIdentifier(s string) bool { return identifierRE.MatchString(s) }

// checkIdentifiers refuses names from the config that are pasted into SQL.
func (f *File) checkIdentifiers() error {
	if !ValidIdentifier(f.ClickHouse.Database) {
		return fmt.Errorf("clickhouse.database %q is not a plain identifier (want ^[A-Za-z_][A-Za-z0-9_]*$)", f.ClickHouse.Database)
	}
	if c := f.ClickHouse.Cluster; c != nil {
		return c.check()
	}
	return nil
}

// resolveSourceSecrets reads each source's password from password_env or
// password_file. A named variable or file that is missing is an error: a
// source that needs a password must not run without it.
func (f *File) resolveSourceSecrets(lookup func(string) (string, bool)) error {
	for i := range f.Sources {
		s := &f.Sources[i]
		switch {
		case s.PasswordEnv != "" && s.PasswordFile != "":
			return fmt.Errorf("line %d: source %s: set password_env or password_file, not both", s.Line, s.Name)
		case s.PasswordEnv != "":
			v, ok := lookup(s.PasswordEnv)
			if !ok {
				return fmt.Errorf("line %d: source %s: password_env: environment variable %s is not set", s.Line, s.Name, s.PasswordEnv)
			}
			s.Password = v
		case s.PasswordFile != "":
			p := s.PasswordFile
			if !filepath.IsAbs(p) && f.Path != "" {
				p = filepath.Join(filepath.Dir(f.Path), p)
			}
			raw, err := os.ReadFile(p)
			if err != nil {
				return fmt.Errorf("line %d: source %s: password_file: %w", s.Line, s.Name, err)
			}
			s.Password = strings.TrimRight(string(raw), "\r\n")
		}
	}
	return nil
}
