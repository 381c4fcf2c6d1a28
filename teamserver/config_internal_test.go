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
