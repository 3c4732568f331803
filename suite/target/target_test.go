package target

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFromEnv(t *testing.T) {
	tg, err := FromEnv(env(nil))
	if tg != nil || err != nil {
		t.Fatalf("no variables: got %v, %v; want nil, nil", tg, err)
	}
	tg, err = FromEnv(env(map[string]string{EnvSMTP: "127.0.0.1:2525", EnvMailbox: "alice@localhost", EnvTimeout: "3s", EnvSMTPTLS: "none"}))
	if err != nil {
		t.Fatal(err)
	}
	if tg.SMTP.Addr != "127.0.0.1:2525" || tg.SMTP.TLS != TLSNone || tg.Timeout != 3*time.Second || tg.LocalDomain() != "localhost" || tg.RelayRecipient == "" || tg.Sender != DefaultSender {
		t.Errorf("target %+v", tg)
	}
	tg, err = FromEnv(env(map[string]string{EnvSMTP: "127.0.0.1:2525", EnvSender: "bounces@mail.example.org"}))
	if err != nil || tg.Sender != "bounces@mail.example.org" {
		t.Errorf("%s: target %+v, %v", EnvSender, tg, err)
	}
	if tg.Slow {
		t.Errorf("slow cases on without %s", EnvSlow)
	}
	if tg, err = FromEnv(env(map[string]string{EnvSMTP: "127.0.0.1:2525", EnvSlow: "1"})); err != nil || !tg.Slow {
		t.Errorf("%s=1: target %+v, err %v; want slow cases on", EnvSlow, tg, err)
	}
	for name, vars := range map[string]map[string]string{
		"bad address":  {EnvSMTP: "localhost"},
		"bad TLS mode": {EnvSMTP: "127.0.0.1:25", EnvSMTPTLS: "sometimes"},
		"bad timeout":  {EnvSMTP: "127.0.0.1:25", EnvTimeout: "soon"},
		"bad mailbox":  {EnvSMTP: "127.0.0.1:25", EnvMailbox: "alice"},
		"bad sender":   {EnvSMTP: "127.0.0.1:25", EnvSender: "mailspec"},
		"missing CA":   {EnvSMTP: "127.0.0.1:25", EnvTLSCA: "/nonexistent/ca.pem"},
		"bad size":     {EnvSMTP: "127.0.0.1:25", EnvMaxMessageSize: "-1"},
	} {
		if _, err := FromEnv(env(vars)); err == nil || !strings.HasPrefix(err.Error(), "target: ") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
