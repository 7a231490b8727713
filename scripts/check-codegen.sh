#!/usr/bin/env bash
# Fails when libs/contracts/src/gen is not exactly what proto/ generates: someone changed a
# .proto without `npm run codegen`, or edited generated code by hand.
# PROTO_DIR and GEN_DIR override the folders (the test of this check uses a copy).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
proto="${PROTO_DIR:-$root/proto}"
gen="${GEN_DIR:-$root/libs/contracts/src/gen}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Same template as proto/buf.gen.yaml, with the output redirected to a temp folder.
template="$(sed -e "s#out: ../libs/contracts/src/gen#out: $tmp/gen#" \
  -e "s#\"../node_modules/ts-proto/protoc-gen-ts_proto\"#\"$root/node_modules/ts-proto/protoc-gen-ts_proto\"#" \
  "$proto/buf.gen.yaml")"
(cd "$proto" && "$root/node_modules/.bin/buf" generate --template "$template")
if ! diff -r -q "$tmp/gen" "$gen" >"$tmp/diff" 2>&1; then
  echo "codegen is stale: libs/contracts/src/gen differs from what proto/ generates:" >&2
  sed 's/^/  /' "$tmp/diff" >&2
  echo "run: npm run codegen" >&2
  exit 1
fi
echo "codegen is up to date"
