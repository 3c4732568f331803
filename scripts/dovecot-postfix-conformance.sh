#!/usr/bin/env bash
# dovecot-postfix-conformance.sh: run the POP3 suite and the SMTP-to-POP3
# round trips against two real servers on one store: a private Postfix
# (scripts/postfix-conformance.sh --serve) delivering into Maildirs, and a
# private Dovecot serving those Maildirs by POP3; compare the deviations
# with the recorded ones in docs/peers/dovecot.tsv.
#
#   scripts/dovecot-postfix-conformance.sh           run, diff, exit 1 on a change
#   scripts/dovecot-postfix-conformance.sh --update  run, rewrite docs/peers/dovecot.tsv
#                                                    and docs/peers/dovecot.json
#   --keep    keep the temporary directory (report, logs, Maildirs)
#
# Runs as root (uses sudo otherwise). It installs Debian's dovecot-pop3d if
# it is missing (no daemon starts from the package: policy-rc.d), and starts
# a private Dovecot from its own configuration in a temporary directory:
# POP3 only, on 127.0.0.1 only, STLS with a throw-away self-signed
# certificate, no plaintext login before TLS, one user, alice, with a fresh
# random password (passwd-file), whose maildrop is the Maildir Postfix
# delivers alice@localhost into. Both daemons are always stopped on exit.
#
# Exit: 0 the deviations are the recorded ones (or --update wrote them),
# 1 they differ, 2 usage or setup error.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$(pwd)
expected=$repo/docs/peers/dovecot.tsv
record=$repo/docs/peers/dovecot.json

update=0
keep=0
for arg in "$@"; do
  case $arg in
    --update) update=1 ;;
    --keep) keep=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
      exit 0
      ;;
    *)
      echo "dovecot-postfix-conformance: unknown argument $arg (want --update or --keep)" >&2
      exit 2
      ;;
  esac
done

peer_name=dovecot-postfix-conformance
# shellcheck source=scripts/peer-lib.sh
. scripts/peer-lib.sh

# --- 1. Dovecot installed, no daemon of the package's running ---------------

no_daemon_starts
mapfile -t missing < <(missing_packages dovecot-pop3d openssl iproute2)
if [ ${#missing[@]} -gt 0 ]; then
  install_packages "${missing[@]}"
fi
dovecot=/usr/sbin/dovecot
[ -x "$dovecot" ] || die "$dovecot missing after install"
public=$(listeners 110 | grep -Ev '^(127\.|\[::1\]:|\[::ffff:127\.)' || true)
if [ -n "$public" ]; then
  ss -ltnp "sport = :110" >&2
  die "something listens on port 110 beyond loopback ($public); not going on"
fi

# --- 2. Postfix beside it, then Dovecot on Postfix's Maildirs ---------------

dir=$(mktemp -d /tmp/dovecot-conformance.XXXXXX)
chmod 755 "$dir"
postfix_pid=
dovecot_conf=
cleanup() {
  status=$?
  if [ -n "$dovecot_conf" ] && [ -f "$dir/run/master.pid" ]; then
    as_root "$dovecot" -c "$dovecot_conf" stop >/dev/null 2>&1 || true
    for _ in $(seq 50); do
      [ -f "$dir/run/master.pid" ] || break
      sleep 0.1
    done
  fi
  if [ -n "$postfix_pid" ]; then
    # postfix-conformance.sh stops its instance and removes its directory
    # on SIGTERM; wait for it.
    kill -TERM "$postfix_pid" 2>/dev/null || true
    wait "$postfix_pid" 2>/dev/null || true
  fi
  if [ "$keep" = 1 ]; then
    say "kept $dir"
  else
    as_root rm -rf "$dir"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP

keep_postfix=()
[ "$keep" = 1 ] && keep_postfix=(--keep)
bash scripts/postfix-conformance.sh --serve --ready="$dir/postfix.ready" "${keep_postfix[@]}" 2>"$dir/postfix.log" &
postfix_pid=$!
for _ in $(seq 300); do
  [ -f "$dir/postfix.ready" ] && break
  kill -0 "$postfix_pid" 2>/dev/null || { cat "$dir/postfix.log" >&2; die "the private Postfix did not start"; }
  sleep 0.1
done
[ -f "$dir/postfix.ready" ] || { cat "$dir/postfix.log" >&2; die "the private Postfix was not ready within 30 s"; }
smtp_port=$(sed -n 's/^port=//p' "$dir/postfix.ready")
postfix_dir=$(sed -n 's/^dir=//p' "$dir/postfix.ready")
postfix_version=$(/usr/sbin/postconf -c "$postfix_dir/etc" -h mail_version)
vmail=$postfix_dir/vmail
vmail_id=5000 # the uid and gid Postfix delivers as (postfix-conformance.sh)

# The first free port from 2610 on.
pop3_port=
for p in $(seq 2610 2700); do
  if [ -z "$(listeners "$p")" ]; then pop3_port=$p; break; fi
done
[ -n "$pop3_port" ] || die "no free port in 2610-2700"

conf=$dir/etc
mkdir -p "$conf" "$dir/run" "$dir/state"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -keyout "$conf/key.pem" -out "$conf/cert.pem" 2>/dev/null
chmod 600 "$conf/key.pem"
password=$(openssl rand -hex 12)
printf '%s\n' "$password" >"$dir/pop3-password"
chmod 600 "$dir/pop3-password"
# passwd-file: user:password; the scheme is given in passdb's args.
printf 'alice:%s\n' "$password" >"$conf/passwd"
chmod 640 "$conf/passwd"
as_root chgrp dovecot "$conf/passwd"

cat >"$conf/dovecot.conf" <<EOF
# Private Dovecot instance for mailspec; written by scripts/dovecot-postfix-conformance.sh.
base_dir = $dir/run
state_dir = $dir/state
instance_name = mailspec-dovecot
protocols = pop3
listen = 127.0.0.1
log_path = $dir/dovecot.log
ssl = yes
ssl_cert = <$conf/cert.pem
ssl_key = <$conf/key.pem
# USER and PASS only after STLS, as the reference server does.
disable_plaintext_auth = yes
auth_mechanisms = plain
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $conf/passwd
}
userdb {
  driver = static
  args = uid=$vmail_id gid=$vmail_id home=$vmail/%n
}
first_valid_uid = $vmail_id
last_valid_uid = $vmail_id
mail_location = maildir:$vmail/%n
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $pop3_port
  }
  inet_listener pop3s {
    port = 0
  }
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
EOF
dovecot_conf=$conf/dovecot.conf
as_root "$dovecot" -c "$dovecot_conf" || { cat "$dir/dovecot.log" >&2 2>/dev/null || true; die "dovecot failed to start"; }
for _ in $(seq 100); do
  [ -n "$(listeners "$pop3_port")" ] && break
  sleep 0.1
done
bound=$(listeners "$pop3_port")
[ "$bound" = "127.0.0.1:$pop3_port" ] || die "dovecot listens on '${bound:-nothing}', want 127.0.0.1:$pop3_port"
dovecot_version=$("$dovecot" --version | cut -d' ' -f1)
say "Dovecot $dovecot_version on 127.0.0.1:$pop3_port, Postfix $postfix_version on 127.0.0.1:$smtp_port (Maildirs in $vmail)"

# --- 3. The POP3 suite and the round trips ----------------------------------

go build -o "$dir/mailspec" ./cmd/mailspec
mkdir -p "$dir/report"
"$dir/mailspec" run -name "Dovecot $dovecot_version (POP3) with Postfix $postfix_version (SMTP)" \
  -smtp "127.0.0.1:$smtp_port" -pop3 "127.0.0.1:$pop3_port" \
  -mailbox alice@localhost -second-mailbox bob@localhost \
  -pop3-user alice -pop3-password-file "$dir/pop3-password" \
  -label-filter 'pop3 || /roundtrip/' \
  -tls-insecure -no-progress -report-dir "$dir/report" >"$dir/run.log" 2>&1 || true
grep -E '^pass [0-9]+, fail' "$dir/run.log" | sed 's/^/dovecot-postfix-conformance: Dovecot: /' >&2 || true
report=$dir/report/report.json
[ -s "$report" ] || { cat "$dir/run.log" >&2; die "the run wrote no report ($report)"; }

# Nothing listens beyond loopback on either port.
for p in "$smtp_port" "$pop3_port"; do
  if listeners "$p" | grep -Ev '^127\.' >/dev/null; then die "port $p listens beyond loopback"; fi
done

# --- 4. Deviations: every verdict but pass and skip --------------------------

judge_deviations "Dovecot $dovecot_version" "$report"
