#!/usr/bin/env bash
# Installs the machine-level tools Ariadne needs beyond npm packages, idempotently:
# a nats-server >= 2.10 into .tools/ (install-nats-server.sh) and Debian's chromium for the
# console's browser test (install-chromium.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/install-nats-server.sh"
bash "$here/install-chromium.sh"
