#!/usr/bin/env bash
# buf breaking (WIRE_JSON) of proto/ (or $PROTO_DIR) against every earlier state of proto/ in the
# history: messages written under any earlier contract still sit in streams and audit logs, so a
# later field may never break their wire or JSON form. With an argument, only against that ref.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
input="${PROTO_DIR:-proto}"
if [ $# -gt 0 ]; then
  refs="$1"
else
  # Each commit that changed proto/ is one earlier state; a shallow clone checks what it has.
  refs="$(git rev-list HEAD -- proto 2>/dev/null || true)"
fi
if [ -z "$refs" ]; then
  echo "proto-breaking: no earlier commit with proto/ to compare against; nothing to check"
  exit 0
fi
n=0
for ref in $refs; do
  if ! "$root/node_modules/.bin/buf" breaking "$input" --against ".git#ref=$ref,subdir=proto"; then
    echo "proto-breaking: $input breaks the contract of $(git rev-parse --short "$ref")" >&2
    exit 1
  fi
  n=$((n + 1))
done
echo "proto-breaking: $input is wire- and JSON-compatible with $n earlier state(s) of proto/ (oldest $(git rev-parse --short "${ref}"))"
