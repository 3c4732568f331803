# peer-lib.sh: what the peer scripts share (postfix-conformance.sh,
# dovecot-postfix-conformance.sh). Source it after setting `peer_name`.

say() { printf '%s: %s\n' "$peer_name" "$*" >&2; }
die() { say "$*"; exit 2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# listeners PORT: the TCP sockets listening on PORT, one "address:port" a line.
listeners() { ss -Hltn "sport = :$1" | awk '{print $4}'; }

# no_daemon_starts: no daemon may start from a Debian maintainer script
# (Dovecot's would bind *:110; see .ci/run).
no_daemon_starts() {
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod +x /usr/sbin/policy-rc.d
  fi
}

# missing_packages PKG...: those of PKG not installed, one a line.
missing_packages() { for p in "$@"; do installed "$p" || echo "$p"; done; }

# install_packages PKG...: installs them, without their Recommends.
install_packages() {
  say "installing $*"
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# judge_deviations NAME REPORT: step 4 of a peer script. With --update
# ($update=1) it writes the deviations of REPORT to $expected and the
# report, without transcripts, to $record; otherwise it exits 0 when the
# deviations are exactly those $expected records and 1 when not. It uses
# $dir/mailspec, and $repo to name the files.
judge_deviations() {
  local name=$1 report=$2
  if [ "$update" = 1 ]; then
    mkdir -p "$(dirname "$expected")"
    "$dir/mailspec" report deviations -o "$expected" "$report"
    "$dir/mailspec" report json -no-transcripts -o "$record" "$report"
    say "wrote $(wc -l <"$expected") deviations to ${expected#"$repo"/} and the report to ${record#"$repo"/}"
    exit 0
  fi
  [ -f "$expected" ] || die "no ${expected#"$repo"/}; run with --update to create it"
  if "$dir/mailspec" report deviations -expect "${expected#"$repo"/}" "$report" >"$dir/deviations.diff"; then
    say "$name: $(cat "$dir/deviations.diff")"
    exit 0
  fi
  say "$name deviates otherwise than ${expected#"$repo"/} records:"
  cat "$dir/deviations.diff" >&2
  exit 1
}
