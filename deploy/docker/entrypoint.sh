#!/bin/sh
# Runs one Ariadne service by name: services/<name>/src/main.ts, or the deploy CLI.
set -eu
app="${APP_DIR:-/app}"
cd "$app"

usage() {
  echo "usage: ariadne <service> [args...] | ariadne deploy <generate|provision|permissions> [args...]"
  echo "services:"
  for dir in services/*/src/main.ts; do
    [ -f "$dir" ] || continue
    name="${dir#services/}"
    echo "  ${name%%/*}"
  done
}

service="${1:-help}"
[ "$#" -gt 0 ] && shift

case "$service" in
  help | -h | --help)
    usage
    ;;
  deploy)
    exec node --import tsx libs/deploy/src/cli/main.ts "$@"
    ;;
  *)
    case "$service" in
      *[!a-z0-9-]* | "")
        echo "ariadne: not a service name: $service" >&2
        exit 64
        ;;
    esac
    main="services/$service/src/main.ts"
    if [ ! -f "$main" ]; then
      echo "ariadne: unknown service: $service" >&2
      usage >&2
      exit 64
    fi
    exec node --import tsx "$main" "$@"
    ;;
esac
