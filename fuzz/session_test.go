package fuzz

import "testing"

// TestSessionsByAddress points the session target's environment at the
// reference over loopback, as a user points it at any server, and runs
// the seeds through it.
func TestSessionsByAddress(t *testing.T) {
	ref := mustStart(t, refOptions{loopback: true})
	conn, err := ref.DialSMTP(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	smtpAddr := conn.RemoteAddr().String()
	conn.Close()
	conn, err = ref.DialPOP3(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	pop3Addr := conn.RemoteAddr().String()
	conn.Close()
	vars := map[string]string{
		envSMTP: smtpAddr, envPOP3: pop3Addr, envUser: testAccount.User,
		envPassword: testAccount.Password, envInsecure: "1",
	}
	env, err := addressEnv(func(k string) string { return vars[k] })
	if err != nil || env == nil || env.DialPOP3 == nil {
		t.Fatalf("no environment for the addresses: %v", err)
	}
	for i, s := range sessionSeeds {
		f, err := Run(t.Context(), env, Decode(s, env.Account))
		if err != nil || f != nil {
			t.Fatalf("seed %d: %v, %v", i, f, err)
		}
	}
	if env, _ := addressEnv(func(string) string { return "" }); env != nil {
		t.Error("an environment without MAILSPEC_FUZZ_SMTP")
	}
	delete(vars, envPassword)
	if _, err := addressEnv(func(k string) string { return vars[k] }); err == nil {
		t.Error("POP3 without a password: no error")
	}
}
