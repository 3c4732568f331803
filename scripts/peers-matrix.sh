#!/usr/bin/env bash
# peers-matrix.sh: rebuild docs/peers/matrix.html and docs/peers/matrix.md,
# the servers compared case by case, from the JSON reports in docs/peers/.
#
#   scripts/peers-matrix.sh             rebuild the matrix from the reports there
#   scripts/peers-matrix.sh --refresh   first run the suite again against the
#                                       reference server, go-smtp and Inbucket and
#                                       rewrite their reports (reference.json,
#                                       go-smtp.json, inbucket.json)
#
# Inbucket's report joins two `go test` runs, the POP3 cases
# (suite/pop3 TestInbucket) and the SMTP-to-POP3 round trips
# (suite/roundtrip TestInbucket), with jq.
#
# Postfix's report (postfix.json) is rewritten by
# `scripts/postfix-conformance.sh --update`, which needs root. The reports
# are kept without transcripts (`mailspec report json -no-transcripts`);
# run the suite to see them.
set -euo pipefail
cd "$(dirname "$0")/.."
peers=docs/peers

refresh=0
for arg in "$@"; do
  case $arg in
    --refresh) refresh=1 ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "peers-matrix: unknown argument $arg (want --refresh)" >&2; exit 2 ;;
  esac
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/mailspec" ./cmd/mailspec

if [ "$refresh" = 1 ]; then
  "$tmp/mailspec" run -no-progress -report-dir "$tmp/reference" >/dev/null || true
  "$tmp/mailspec" report json -no-transcripts -o "$peers/reference.json" "$tmp/reference/report.json"
  MAILSPEC_GOSMTP_REPORT="$tmp/go-smtp.json" go test ./suite/smtp -run '^TestGoSMTP$' -count=1 >/dev/null
  "$tmp/mailspec" report json -no-transcripts -o "$peers/go-smtp.json" "$tmp/go-smtp.json"
  command -v jq >/dev/null || { echo "peers-matrix: --refresh needs jq to join Inbucket's two reports" >&2; exit 1; }
  MAILSPEC_INBUCKET_REPORT="$tmp/inbucket-pop3.json" go test ./suite/pop3 -run '^TestInbucket$' -count=1 >/dev/null
  MAILSPEC_INBUCKET_ROUNDTRIP_REPORT="$tmp/inbucket-roundtrip.json" go test ./suite/roundtrip -run '^TestInbucket$' -count=1 >/dev/null
  jq -s '.[0] + {cases: (.[0].cases + .[1].cases | sort_by(.id))}' "$tmp/inbucket-pop3.json" "$tmp/inbucket-roundtrip.json" >"$tmp/inbucket.json"
  "$tmp/mailspec" report json -no-transcripts -o "$peers/inbucket.json" "$tmp/inbucket.json"
fi

reports=()
for name in reference go-smtp postfix dovecot inbucket; do
  if [ -f "$peers/$name.json" ]; then reports+=("$peers/$name.json"); else echo "peers-matrix: no $peers/$name.json; left out" >&2; fi
done
"$tmp/mailspec" report matrix -o "$peers/matrix.html" -md "$peers/matrix.md" "${reports[@]}"
echo "peers-matrix: wrote $peers/matrix.html and $peers/matrix.md from ${#reports[@]} reports" >&2
