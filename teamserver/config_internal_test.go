package teamserver

import "testing"

// TestTLSRule: to another machine, plain text is refused or tightened; on
// this machine the URL's mode stands.
func TestTLSRule(t *testing.T) {
	cases := []struct {
		url      string
		refused  bool
		tls      bool // the first attempt uses TLS
		fallback bool // some attempt without TLS remains
	}{
		{"postgres://db.example.com/k?sslmode=disable", true, false, false},
		{"postgres://db.example.com/k?sslmode=allow", true, false, false},
		{"postgres://db.example.com/k?sslmode=prefer", false, true, false},
		{"postgres://db.example.com/k", false, true, false},
		{"postgres://db.example.com/k?sslmode=require", false, true, false},
		{"postgres://10.0.0.5/k?sslmode=verify-ca&sslrootcert=system", false, true, false},
		{"postgres://localhost/k?sslmode=disable", false, false, false},
		{"postgres://127.0.0.1/k?sslmode=prefer", false, true, true},
		{"postgres://[::1]/k?sslmode=disable", false, false, false},
		{"postgres:///k?host=/var/run/postgresql&sslmode=disable", false, false, false},
		{"postgres://localhost,db.example.com/k?sslmode=prefer", false, true, true},
		{"postgres://localhost,db.example.com/k?sslmode=disable", true, false, false},
	}
	for _, c := range cases {
		cfg, err := config(c.url, "u", "p")
		if c.refused {
			if err == nil {
				t.Errorf("%s: accepted", c.url)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		plain := false
		for _, f := range cfg.Fallbacks {
			plain = plain || f.TLSConfig == nil
		}
		if (cfg.TLSConfig != nil) != c.tls || plain != c.fallback {
			t.Errorf("%s: tls %v, plain fallback %v", c.url, cfg.TLSConfig != nil, plain)
		}
		if cfg.User != "u" || cfg.Password != "p" || cfg.ConnectTimeout != connectTimeout {
			t.Errorf("%s: %s %s %v", c.url, cfg.User, cfg.Password, cfg.ConnectTimeout)
		}
	}
}

// FuzzConfig: whatever the URL, config does not panic, and what it accepts
// never sends plain text to another machine.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"postgres://db.example.com/k?sslmode=disable",
		"postgres://db.example.com/k",
		"postgres://localhost,db.example.com:5433/k?sslmode=prefer",
		"postgres://u:p@[::1]:5432/k?sslmode=allow",
		"host=db.example.com sslmode=disable dbname=k",
		"host=/tmp,10.1.2.3 sslmode=prefer",
		"postgres:///k?host=/var/run/postgresql",
		"postgres://%zz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, url string) {
		cfg, err := config(url, "u", "p")
		if err != nil {
			return
		}
		if !isLocal(cfg.Host) && cfg.TLSConfig == nil {
			t.Fatalf("%q: plain text to %s", url, cfg.Host)
		}
		for _, fb := range cfg.Fallbacks {
			if !isLocal(fb.Host) && fb.TLSConfig == nil {
				t.Fatalf("%q: plain-text fallback to %s", url, fb.Host)
			}
		}
	})
}
