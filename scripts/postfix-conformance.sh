#!/usr/bin/env bash
# postfix-conformance.sh: run the SMTP suite against a real Postfix and
# compare its deviations with the recorded ones in docs/peers/postfix.tsv
# (mailspec report deviations -expect).
#
#   scripts/postfix-conformance.sh            run, diff, exit 1 on a change
#   scripts/postfix-conformance.sh --update   run, rewrite docs/peers/postfix.tsv
#                                             and docs/peers/postfix.json (the
#                                             report scripts/peers-matrix.sh reads)
#   --keep    keep the temporary directory (report, maillog, Maildirs)
#   --serve   only start the private instance, and stop it on Ctrl-C
#   --ready=FILE  with --serve: once the instance listens, write to FILE the
#             lines port=PORT and dir=DIR (its Maildirs are DIR/vmail/USER/,
#             owned by uid and gid 5000), for a script that runs beside it
#             (scripts/dovecot-postfix-conformance.sh); stop it with SIGTERM
#
# Runs as root (uses sudo otherwise). It installs Debian's postfix if it is
# missing, keeps the package's own instance off the network, and starts a
# private instance in a temporary directory: its own main.cf and master.cf,
# queue and data directories, smtpd on 127.0.0.1 only, virtual Maildir
# delivery for alice@localhost, bob@localhost and postmaster@localhost, no
# relaying, STARTTLS with a throw-away self-signed certificate, no SASL.
# The private instance is always stopped and the directory removed on exit.
#
# Exit: 0 the deviations are the recorded ones (or --update wrote them),
# 1 they differ, 2 usage or setup error.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$(pwd)
expected=$repo/docs/peers/postfix.tsv
record=$repo/docs/peers/postfix.json

update=0
keep=0
serve=0
ready=
for arg in "$@"; do
  case $arg in
    --update) update=1 ;;
    --keep) keep=1 ;;
    --serve) serve=1 ;;
    --ready=?*) ready=${arg#--ready=} ;;
    -h | --help)
      sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
      exit 0
      ;;
    *)
      echo "postfix-conformance: unknown argument $arg (want --update, --keep, --serve or --ready=FILE)" >&2
      exit 2
      ;;
  esac
done

peer_name=postfix-conformance
# shellcheck source=scripts/peer-lib.sh
. scripts/peer-lib.sh

# --- 1. Postfix installed, its system instance not on the network -----------

no_daemon_starts
mapfile -t missing < <(missing_packages postfix openssl iproute2)
fresh=0
if [ ${#missing[@]} -gt 0 ]; then
  installed postfix || fresh=1
  as_root debconf-set-selections <<'EOF'
postfix postfix/main_mailer_type select Local only
postfix postfix/mailname string localhost
EOF
  install_packages "${missing[@]}"
fi
postfix=/usr/sbin/postfix
postconf=/usr/sbin/postconf
[ -x "$postfix" ] || die "$postfix missing after install"

# The package's own instance (/etc/postfix) must never listen beyond
# loopback: pin it to loopback, and stop it if the package started it or it
# ran with another setting. An instance already running on loopback is left
# alone (this script never uses port 25).
case $($postconf -h inet_interfaces) in
  loopback-only | localhost | 127.0.0.1) pinned=1 ;;
  *) pinned=0 ;;
esac
if [ "$pinned" = 0 ]; then
  say "setting inet_interfaces = loopback-only in /etc/postfix/main.cf"
  as_root "$postconf" -e inet_interfaces=loopback-only
fi
if { [ "$fresh" = 1 ] || [ "$pinned" = 0 ]; } && as_root "$postfix" status >/dev/null 2>&1; then
  say "stopping the system Postfix instance"
  as_root "$postfix" stop >/dev/null 2>&1 || true
  for _ in $(seq 50); do
    as_root "$postfix" status >/dev/null 2>&1 || break
    sleep 0.1
  done
fi
public=$(listeners 25 | grep -Ev '^(127\.|\[::1\]:|\[::ffff:127\.)' || true)
if [ -n "$public" ]; then
  ss -ltnp "sport = :25" >&2
  die "something listens on port 25 beyond loopback ($public); not going on"
fi

# --- 2. A private instance in a temporary directory --------------------------

dir=$(mktemp -d /tmp/postfix-conformance.XXXXXX)
conf=$dir/etc
started=0
sleeper=
cleanup() {
  status=$?
  if [ -n "$sleeper" ]; then kill "$sleeper" 2>/dev/null || true; fi
  if [ "$started" = 1 ]; then
    as_root "$postfix" -c "$conf" stop >/dev/null 2>&1 || true
    # postfix stop returns once master is told to go; wait for it to be gone.
    for _ in $(seq 50); do
      as_root "$postfix" -c "$conf" status >/dev/null 2>&1 || break
      sleep 0.1
    done
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

# The first free port from 2526 on.
port=
for p in $(seq 2526 2600); do
  if [ -z "$(listeners "$p")" ]; then port=$p; break; fi
done
[ -n "$port" ] || die "no free port in 2526-2600"

# Delivery runs as this uid and gid; they need no passwd entry.
vmail_id=5000

# Daemons running as the postfix user and the virtual delivery agent
# running as vmail_id reach these paths, so the tree must be traversable.
chmod 755 "$dir"
mkdir -p "$conf" "$dir/queue" "$dir/data" "$dir/vmail" "$dir/report"
as_root chown postfix: "$dir/data"
as_root chown "$vmail_id:$vmail_id" "$dir/vmail"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -keyout "$conf/key.pem" -out "$conf/cert.pem" 2>/dev/null
chmod 600 "$conf/key.pem"

cat >"$conf/vmailbox" <<'EOF'
alice@localhost       alice/
bob@localhost         bob/
postmaster@localhost  postmaster/
EOF

cat >"$conf/main.cf" <<EOF
# Private Postfix instance for mailspec; written by scripts/postfix-conformance.sh.
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
# Log to a file, not syslog (none runs here); postlogd writes it.
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
myhostname = postfix.mailspec.test
mydomain = mailspec.test
# Unqualified addresses (RCPT TO:<postmaster>) belong to the virtual domain.
myorigin = localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
# No local delivery: every accepted address is a virtual mailbox.
mydestination =
alias_maps =
alias_database =
virtual_mailbox_domains = localhost
virtual_mailbox_base = $dir/vmail
virtual_mailbox_maps = texthash:$conf/vmailbox
virtual_uid_maps = static:$vmail_id
virtual_gid_maps = static:$vmail_id
# No client is trusted, loopback included, so the default
# smtpd_relay_restrictions refuse relaying to everyone.
mynetworks =
# Nothing leaves this machine: mail for other domains bounces at once.
default_transport = error:5.7.1 mailspec test instance delivers nothing remotely
relay_transport = \$default_transport
smtpd_tls_security_level = may
smtpd_tls_cert_file = $conf/cert.pem
smtpd_tls_key_file = $conf/key.pem
smtpd_sasl_auth_enable = no
biff = no
append_dot_mydomain = no
readme_directory = no
EOF

# No service runs chrooted: the queue directory holds no copy of /etc.
cat >"$conf/master.cf" <<EOF
# service         type  private unpriv  chroot  wakeup  maxproc command
127.0.0.1:$port   inet  n       -       n       -       -       smtpd
pickup            unix  n       -       n       60      1       pickup
cleanup           unix  n       -       n       -       0       cleanup
qmgr              unix  n       -       n       300     1       qmgr
tlsmgr            unix  -       -       n       1000?   1       tlsmgr
rewrite           unix  -       -       n       -       -       trivial-rewrite
bounce            unix  -       -       n       -       0       bounce
defer             unix  -       -       n       -       0       bounce
trace             unix  -       -       n       -       0       bounce
verify            unix  -       -       n       -       1       verify
flush             unix  n       -       n       1000?   0       flush
proxymap          unix  -       -       n       -       -       proxymap
proxywrite        unix  -       -       n       -       1       proxymap
smtp              unix  -       -       n       -       -       smtp
relay             unix  -       -       n       -       -       smtp
showq             unix  n       -       n       -       -       showq
error             unix  -       -       n       -       -       error
retry             unix  -       -       n       -       -       error
discard           unix  -       -       n       -       -       discard
local             unix  -       n       n       -       -       local
virtual           unix  -       n       n       -       -       virtual
lmtp              unix  -       -       n       -       -       lmtp
anvil             unix  -       -       n       -       1       anvil
scache            unix  -       -       n       -       1       scache
postlog           unix-dgram n  -       n       -       1       postlogd
EOF

as_root "$postfix" -c "$conf" check || die "postfix check failed"
version=$($postconf -c "$conf" -h mail_version)
say "Postfix $version on 127.0.0.1:$port (instance in $dir)"
started=1
as_root "$postfix" -c "$conf" start >/dev/null 2>&1 || {
  cat "$dir/maillog" >&2 2>/dev/null || true
  die "postfix start failed"
}
for _ in $(seq 100); do
  [ -n "$(listeners "$port")" ] && break
  sleep 0.1
done
bound=$(listeners "$port")
[ "$bound" = "127.0.0.1:$port" ] || die "smtpd listens on '${bound:-nothing}', want 127.0.0.1:$port"

if [ "$serve" = 1 ]; then
  say "serving on 127.0.0.1:$port until interrupted; log in $dir/maillog"
  if [ -n "$ready" ]; then
    printf 'port=%s\ndir=%s\n' "$port" "$dir" >"$ready.tmp" && mv "$ready.tmp" "$ready"
  fi
  while :; do sleep 3600 & sleeper=$!; wait "$sleeper"; done
fi

# --- 3. The suite ------------------------------------------------------------

go build -o "$dir/mailspec" ./cmd/mailspec
# The run's own output (Postfix fails some cases) goes to a log; its
# summary line is shown.
"$dir/mailspec" run -smtp "127.0.0.1:$port" -name "Postfix $version" \
  -mailbox alice@localhost -second-mailbox bob@localhost \
  -tls-insecure -no-progress -report-dir "$dir/report" >"$dir/run.log" 2>&1 || true
grep -E '^pass [0-9]+, fail' "$dir/run.log" | sed 's/^/postfix-conformance: Postfix: /' >&2 || true
report=$dir/report/report.json
[ -s "$report" ] || { cat "$dir/run.log" >&2; die "the run wrote no report ($report)"; }

# --- 4. Deviations: every verdict but pass and skip --------------------------

judge_deviations "Postfix $version" "$report"
