// Package pgtest starts throwaway PostgreSQL servers for tests: initdb and
// pg_ctl from the machine's PostgreSQL binaries (Debian's `postgresql`
// package) into a temporary folder, on a free TCP port of 127.0.0.1 and a
// unix socket folder of its own, so that it never touches a server the
// machine already runs. As root (CI runs as root, and initdb and postgres
// refuse to) the server runs as the unprivileged `postgres` user.
//
// Only tests import it. It uses the binaries (psql for Exec) rather than a
// driver, so that it depends on nothing but the standard library.
package pgtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// AdminLogin and AdminPassword are the superuser initdb creates.
const (
	AdminLogin    = "keycard_admin"
	AdminPassword = "admin-secret"
)

// cluster is one running PostgreSQL: its folder, port and binaries.
type cluster struct {
	mu      sync.Mutex
	dir     string // everything: data, sockets, log, certificates
	bin     string
	port    int
	cred    *owner // nil unless we run as root
	running bool
	ca      string // the CA certificate's file when TLS is on
}

// owner is the user the server runs as when the tests run as root.
type owner struct{ uid, gid int }

// Server is a database of a test cluster: the cluster is shared by every
// Server that NewDatabase derives from the one Start returned.
type Server struct {
	c  *cluster
	db string
}

// Options choose how Start sets a server up.
type Options struct {
	// TLS turns on ssl with a certificate for 127.0.0.1 and localhost
	// signed by a CA of its own (CAFile).
	TLS bool
}

var (
	sharedMu  sync.Mutex
	shared    *Server
	sharedErr error
	dbSeq     int
)

// Start starts a server of its own for this test (stopped and removed when
// the test ends). Missing binaries fail the test with a sentence saying what
// to install, or skip it when KEYCARD_SKIP_PG=1.
func Start(t testing.TB, opts ...Options) *Server {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	s, err := New(o)
	if err != nil {
		fail(t, err)
	}
	t.Cleanup(s.Remove)
	return s
}

// Shared returns the test binary's one server (with TLS), starting it on
// first use; each caller should take a database of its own with
// NewDatabase. The package's TestMain must call Main so that the server is
// stopped at the end.
func Shared(t testing.TB) *Server {
	t.Helper()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared == nil && sharedErr == nil {
		shared, sharedErr = New(Options{TLS: true})
	}
	if sharedErr != nil {
		fail(t, sharedErr)
	}
	return shared
}

// Main runs the tests and then stops the shared server: call it from
// TestMain as os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	sharedMu.Lock()
	if shared != nil {
		shared.Remove()
	}
	sharedMu.Unlock()
	return code
}

// errNoBinaries is returned when PostgreSQL is not installed.
type errNoBinaries struct{}

func (errNoBinaries) Error() string {
	return "PostgreSQL's binaries (initdb, pg_ctl, postgres, psql) were not found: install Debian's postgresql package (apt-get install postgresql), or set KEYCARD_SKIP_PG=1 to skip the tests that need it"
}

func fail(t testing.TB, err error) {
	t.Helper()
	if _, ok := err.(errNoBinaries); ok && os.Getenv("KEYCARD_SKIP_PG") == "1" {
		t.Skip(err.Error())
	}
	t.Fatal(err)
}

// New starts a server without a test to clean up after (Remove stops it).
func New(o Options) (*Server, error) {
	bin := findBin()
	if bin == "" {
		return nil, errNoBinaries{}
	}
	// A short folder under /tmp: a unix socket's path is limited to ~107 bytes.
	dir, err := os.MkdirTemp("", "kcpg")
	if err != nil {
		return nil, err
	}
	c := &cluster{dir: dir, bin: bin}
	if err := c.setUp(o); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	if err := c.start(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return &Server{c: c, db: "postgres"}, nil
}

// findBin finds the folder of initdb: pg_config's, else the newest Debian one.
func findBin() string {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		b := strings.TrimSpace(string(out))
		if exists(filepath.Join(b, "initdb")) && exists(filepath.Join(b, "pg_ctl")) {
			return b
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if exists(filepath.Join(d, "initdb")) {
			return d
		}
	}
	return ""
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// setUp runs initdb and writes the configuration.
func (c *cluster) setUp(o Options) error {
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root, PostgreSQL needs the unprivileged user postgres (Debian's postgresql package creates it): %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &owner{uid: uid, gid: gid}
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	c.port = port
	pw := filepath.Join(c.dir, "pw")
	if err := os.WriteFile(pw, []byte(AdminPassword+"\n"), 0o600); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(c.dir, "sock"), 0o755); err != nil {
		return err
	}
	if err := c.own(); err != nil {
		return err
	}
	if err := c.run("initdb", "-D", c.data(), "-U", AdminLogin, "--pwfile", pw, "-E", "UTF8", "--locale=C",
		"--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"); err != nil {
		return err
	}
	conf := fmt.Sprintf(`
port = %d
listen_addresses = '127.0.0.1'
unix_socket_directories = '%s'
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
log_min_messages = warning
`, c.port, filepath.Join(c.dir, "sock"))
	if o.TLS {
		tls, err := c.makeCerts()
		if err != nil {
			return err
		}
		conf += tls
	}
	f, err := os.OpenFile(filepath.Join(c.data(), "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteString(conf)
	return err
}

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

// own gives the folder to the postgres user when we run as root.
func (c *cluster) own() error {
	if c.cred == nil {
		return nil
	}
	return filepath.Walk(c.dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chown(p, c.cred.uid, c.cred.gid)
	})
}

// run runs one of PostgreSQL's binaries (as postgres when we are root).
func (c *cluster) run(name string, args ...string) error {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	if c.cred != nil {
		runAs(cmd, c.cred)
	}
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (c *cluster) start() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		return nil
	}
	err := c.run("pg_ctl", "-D", c.data(), "-l", filepath.Join(c.dir, "log"), "-w", "-t", "60", "-o", "-F", "start")
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		return fmt.Errorf("%w\n%s", err, log)
	}
	c.running = true
	return nil
}

func (c *cluster) stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.running {
		return nil
	}
	c.running = false
	return c.run("pg_ctl", "-D", c.data(), "-w", "-t", "60", "-m", "fast", "stop")
}

// Stop stops the server (its data stays; Start starts it again).
func (s *Server) Stop() error { return s.c.stop() }

// Start starts a stopped server again, with the same data.
func (s *Server) Start() error { return s.c.start() }

// Remove stops the server and deletes its folder.
func (s *Server) Remove() {
	_ = s.c.stop()
	_ = os.RemoveAll(s.c.dir)
}

// Port is the server's TCP port on 127.0.0.1.
func (s *Server) Port() int { return s.c.port }

// SocketDir is the folder of the server's unix socket.
func (s *Server) SocketDir() string { return filepath.Join(s.c.dir, "sock") }

// CAFile is the certificate of the CA that signed the server's
// certificate ("" without TLS).
func (s *Server) CAFile() string { return s.c.ca }

// Database is the name of this Server's database.
func (s *Server) Database() string { return s.db }

// NewDatabase creates an empty database on the same cluster and returns a
// Server for it. Roles are the cluster's, shared by all its databases: a
// test gives its people logins of their own.
func (s *Server) NewDatabase(t testing.TB) *Server {
	t.Helper()
	sharedMu.Lock()
	dbSeq++
	name := fmt.Sprintf("kc%d_%d", dbSeq, time.Now().UnixNano()%1e6)
	sharedMu.Unlock()
	if err := s.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	return &Server{c: s.c, db: name}
}

// AdminURL is a URL of the superuser for this database, over TCP.
func (s *Server) AdminURL() string {
	return s.URL(AdminLogin, AdminPassword, "")
}

// URL is a URL of this database over TCP on 127.0.0.1 for login with
// password ("" for none); extra is added to the query (e.g.
// "sslmode=verify-full&sslrootcert=…"); without an sslmode the URL says
// sslmode=disable on a server without TLS.
func (s *Server) URL(login, password, extra string) string {
	u := url.URL{Scheme: "postgres", Host: fmt.Sprintf("127.0.0.1:%d", s.c.port), Path: "/" + s.db}
	if login != "" {
		if password != "" {
			u.User = url.UserPassword(login, password)
		} else {
			u.User = url.User(login)
		}
	}
	q := extra
	if !strings.Contains(q, "sslmode=") && s.c.ca == "" {
		q = strings.TrimPrefix(q+"&sslmode=disable", "&")
	}
	u.RawQuery = q
	return u.String()
}

// Exec runs SQL as the superuser in this database (with psql over the
// unix socket).
func (s *Server) Exec(sql string) error {
	_, err := s.Query(sql)
	return err
}

// Query runs SQL as the superuser and returns psql's unaligned output
// (rows, fields separated by |).
func (s *Server) Query(sql string) (string, error) {
	cmd := exec.Command(filepath.Join(s.c.bin, "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
		"-h", s.SocketDir(), "-p", strconv.Itoa(s.c.port), "-U", AdminLogin, "-d", s.db, "-c", sql)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("psql %q: %w: %s", sql, err, errb.String())
	}
	return strings.TrimSpace(out.String()), nil
}

// KillSessions ends every session of login (pg_terminate_backend) and
// returns how many there were.
func (s *Server) KillSessions(login string) (int, error) {
	out, err := s.Query(fmt.Sprintf("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '%s'",
		strings.ReplaceAll(login, "'", "''")))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(out)
}

// PIDs lists the process ids of the postmaster and its children (for
// measuring the server's CPU).
func (s *Server) PIDs() []int {
	raw, err := os.ReadFile(filepath.Join(s.c.data(), "postmaster.pid"))
	if err != nil {
		return nil
	}
	pm, _ := strconv.Atoi(strings.SplitN(string(raw), "\n", 2)[0])
	pids := []int{pm}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		if f := statFields(string(st)); len(f) > 2 && f[1] == strconv.Itoa(pm) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// statFields returns the fields of /proc/pid/stat after the command name,
// so that f[0] is the state and f[1] the parent's pid.
func statFields(st string) []string {
	i := strings.LastIndexByte(st, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(st[i+1:])
}

// CPUTicks is the user+system CPU time, in clock ticks, the server's
// processes have used so far.
func (s *Server) CPUTicks() int64 {
	var sum int64
	for _, pid := range s.PIDs() {
		st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		f := statFields(string(st))
		if len(f) > 12 {
			u, _ := strconv.ParseInt(f[11], 10, 64)
			k, _ := strconv.ParseInt(f[12], 10, 64)
			sum += u + k
		}
	}
	return sum
}

// makeCerts writes a CA and a server certificate for 127.0.0.1 and
// localhost, and returns the configuration lines that use them.
func (c *cluster) makeCerts() (string, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Keycard test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return "", err
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		return "", err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return "", err
	}
	c.ca = filepath.Join(c.dir, "ca.crt")
	files := []struct {
		name, typ string
		der       []byte
		mode      os.FileMode
	}{
		{c.ca, "CERTIFICATE", caDER, 0o644},
		{filepath.Join(c.dir, "server.crt"), "CERTIFICATE", der, 0o644},
		{filepath.Join(c.dir, "server.key"), "EC PRIVATE KEY", keyDER, 0o600},
	}
	for _, f := range files {
		if err := os.WriteFile(f.name, pem.EncodeToMemory(&pem.Block{Type: f.typ, Bytes: f.der}), f.mode); err != nil {
			return "", err
		}
	}
	if err := c.own(); err != nil {
		return "", err
	}
	return fmt.Sprintf("ssl = on\nssl_cert_file = '%s'\nssl_key_file = '%s'\n",
		filepath.Join(c.dir, "server.crt"), filepath.Join(c.dir, "server.key")), nil
}
