package fuzz

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mailspec/mailspec/reference"
	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/reference/selfsigned"
	"github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/reference/users"
)

// The in-process reference: both servers on a memory store, reached over
// memPipe, in the state a fresh one has before every program so that no
// state (a store, an AUTH failure count) leaks from one input to the
// next. It is in the package proper, not in its tests, so that the fuzz
// targets build as libFuzzer binaries too (.clusterfuzzlite/build.sh),
// whose builder sees only the file that holds the target.

var (
	certOnce sync.Once
	cert     *selfsigned.Certificate
	certErr  error
	dirOnce  sync.Once
	dir      *users.Directory
)

var testAccount = Account{User: "alice", Password: "fuzz-password", Domain: "localhost"}

func sharedCert() (*selfsigned.Certificate, error) {
	certOnce.Do(func() { cert, certErr = selfsigned.New() })
	return cert, certErr
}

func sharedUsers() *users.Directory {
	dirOnce.Do(func() {
		dir = users.New()
		dir.Add("alice", testAccount.Password)
		dir.Add("bob", "bob-password")
	})
	return dir
}

// refOptions adjusts the in-process reference: a named fault of the SMTP
// server, and whether to go over loopback TCP instead of memPipe.
type refOptions struct {
	faults   *smtp.Faults
	pop      *pop3.Faults
	loopback bool
	// noPOP3 leaves the POP3 server out of the Env: programs then run
	// their SMTP sessions alone, with no delivery check.
	noPOP3  bool
	timeout time.Duration // the bound on each wait; default 2s
	// store, if set, is the store both servers use; else a fresh one.
	store *mailstore.Store
}

// startReference starts both servers, as reference.Start does for every
// other use, on the in-process listeners, and returns the Env for them and
// a function that stops them.
func startReference(o refOptions) (*Env, func(), error) {
	store := o.store
	if store == nil {
		store = mailstore.NewMemory()
		if err := preload(store); err != nil {
			return nil, nil, err
		}
	}
	c, err := sharedCert()
	if err != nil {
		return nil, nil, err
	}
	env := &Env{TLS: fuzzClientTLS(c), Account: testAccount, Timeout: 2 * time.Second}
	if o.timeout > 0 {
		env.Timeout = o.timeout
	}
	var sl, pl net.Listener
	if o.loopback {
		if sl, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			return nil, nil, err
		}
		if pl, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			sl.Close()
			return nil, nil, err
		}
		var d net.Dialer
		sa, pa := sl.Addr().String(), pl.Addr().String()
		env.DialSMTP = func(ctx context.Context) (net.Conn, error) { return d.DialContext(ctx, "tcp", sa) }
		env.DialPOP3 = func(ctx context.Context) (net.Conn, error) { return d.DialContext(ctx, "tcp", pa) }
	} else {
		spl, ppl := newPipeListener(), newPipeListener()
		sl, pl = spl, ppl
		env.DialSMTP, env.DialPOP3 = spl.dial, ppl.dial
	}
	inst, err := reference.Start(reference.Options{
		Store: store, Users: sharedUsers(), Cert: c, SMTPListener: sl, POP3Listener: pl,
		SMTP: func(sc *smtp.Config) {
			sc.AllowInsecureAuth, sc.AuthFailureDelay, sc.Faults = true, time.Nanosecond, o.faults
			// A reused reference serves every program from one client
			// address ("pipe", or 127.0.0.1): no count of failures or
			// sessions may carry over from one program to the next.
			sc.MaxAuthFailuresPerClient, sc.MaxConnections, sc.MaxConnectionsPerClient = manyLimit, manyLimit, manyLimit
		},
		POP3: func(pc *pop3.Config) {
			pc.AllowInsecureAuth, pc.LoginDelay, pc.Faults = true, -1, o.pop
			pc.MaxConnections, pc.MaxConnectionsPerClient = manyLimit, manyLimit
		},
	})
	if err != nil {
		return nil, nil, err
	}
	env.Sessions = &dials
	if o.noPOP3 {
		env.DialPOP3 = nil
	}
	return env, func() { inst.Close() }, nil
}

// fuzzClientTLS is the in-process client's TLS configuration. A full
// handshake costs more than the rest of a session, and what the fuzzer
// tests is what STARTTLS and STLS do to the session around it, which is
// the same whatever the version. So the client resumes sessions, and
// offers TLS 1.2, whose resumed handshake has no key exchange at all (RFC
// 5246 §7.3, RFC 5077), where Go's TLS 1.3 resumption still runs one
// (it offers only psk_dhe_ke, RFC 8446 §4.2.9), which cost a fifth of
// the run. The one full handshake uses P-256, the cheapest exchange Go
// has on amd64.
func fuzzClientTLS(c *selfsigned.Certificate) *tls.Config {
	cfg := c.ClientConfig("localhost")
	cfg.ClientSessionCache = tls.NewLRUClientSessionCache(64)
	cfg.CurvePreferences = []tls.CurveID{tls.CurveP256}
	cfg.MaxVersion = tls.VersionTLS12
	return cfg
}

// fixtures are the messages the mailbox holds before each program, in
// local form, so that POP3 sessions have messages to list, retrieve and
// delete without an SMTP delivery first: a plain one, and one whose lines
// need byte-stuffing (RFC 1939 §3), one of them a lone ".".
var fixtures = []string{
	"Subject: fixture one\n\nhello\n",
	"Subject: fixture two\n\n.\n..\n.hidden\nend\n",
}

// fixtureCount is the number of messages a fresh or reset store holds.
func fixtureCount() int { return len(fixtures) }

// preload delivers the fixtures to the account's maildrop.
func preload(store *mailstore.Store) error {
	for _, m := range fixtures {
		d, err := store.Begin([]string{testAccount.User})
		if err == nil {
			_, err = d.Write([]byte(m))
		}
		if err == nil {
			err = d.Commit()
		}
		if err != nil {
			return fmt.Errorf("fuzz: preload the fixtures: %w", err)
		}
	}
	return nil
}

// pipeListener hands the server one end of a memPipe for each dial.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

func (l *pipeListener) dial(ctx context.Context) (net.Conn, error) {
	client, server := memPipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		return nil, errors.New("fuzz: listener closed")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// dials counts the sessions made against every in-process reference
// (Env.Sessions), the POP3 delivery checks included, for the benchmark.
var dials atomic.Int64

// manyLimit is the cap on sessions and AUTH failures a client address
// may have: high enough that a reused reference never reaches it.
const manyLimit = 1 << 20

// runReference runs p against a fresh in-process reference. An error
// says the reference could not start or be reached, never the oracle.
func runReference(o refOptions, p Program) (*Finding, error) {
	env, stop, err := startReference(o)
	if err != nil {
		return nil, err
	}
	defer stop()
	env.Baseline = fixtureCount
	return Run(context.Background(), env, p)
}

// reusedRef is one in-process reference that serves program after
// program: starting both servers costs more than most programs, so the
// fuzz target and the fault tests start one and, before each program,
// put its store back as a fresh one has it (every maildrop empty, the
// fixtures in the account's). The limits that count per client address
// are set out of reach (manyLimit), so nothing else carries over. A
// reference whose store cannot be reset (a maildrop still locked by a
// session that will not end, as a broken server may leave) is replaced
// by a fresh one.
type reusedRef struct {
	mu    sync.Mutex
	o     refOptions
	env   *Env
	stop  func()
	store *mailstore.Store
}

// resetMailboxes are the maildrops a program can deliver to: the
// account's, the other user's, and the postmaster's.
var resetMailboxes = []string{testAccount.User, "bob", "postmaster"}

func newReusedRef(o refOptions) *reusedRef { return &reusedRef{o: o} }

// run runs p against the reference, reset to its starting state first.
// An error says the reference could not start or be reached, never the
// oracle.
func (r *reusedRef) run(p Program) (*Finding, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.env == nil || !r.reset() {
		r.close()
		o := r.o
		o.store = mailstore.NewMemory()
		env, stop, err := startReference(o)
		if err != nil {
			return nil, err
		}
		r.env, r.stop, r.store = env, stop, o.store
		// Every program starts on a store reset to the fixtures alone:
		// no POP3 session need count them.
		r.env.Baseline = fixtureCount
	}
	if err := preload(r.store); err != nil {
		return nil, err
	}
	return Run(context.Background(), r.env, p)
}

// reset empties every maildrop, waiting a while for sessions of the last
// program that still hold one; it reports false if one stays locked.
func (r *reusedRef) reset() bool {
	deadline := time.Now().Add(500 * time.Millisecond)
	for _, u := range resetMailboxes {
		for {
			mb, err := r.store.OpenMailbox(u)
			if err == nil {
				for i := range mb.Len() {
					mb.Delete(i)
				}
				if _, err := mb.Commit(); err != nil {
					return false
				}
				break
			}
			if !errors.Is(err, mailstore.ErrLocked) || time.Now().After(deadline) {
				return false
			}
			time.Sleep(100 * time.Microsecond)
		}
	}
	return true
}

// close stops the reference, if one is running.
func (r *reusedRef) close() {
	if r.stop != nil {
		r.stop()
	}
	r.env, r.stop, r.store = nil, nil, nil
}

// Close stops the reference; the next run starts a fresh one.
func (r *reusedRef) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.close()
}
