#!/usr/bin/env bash
# Regenerates libs/contracts/src/gen from proto/ with ts-proto through buf (see proto/buf.gen.yaml).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/proto"
"$root/node_modules/.bin/buf" lint
"$root/node_modules/.bin/buf" generate
echo "generated libs/contracts/src/gen from proto/"
