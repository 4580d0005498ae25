#!/usr/bin/env bash
# The repository's two commands.
#   ./build.sh sample   run the sample API (HTTPS on localhost, embedded store)
#   ./build.sh test     install what the tests need, run every test, print "N passed, N failed, N skipped"
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ensure_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "Installing redis-server (Debian package) for the rate-limit tests..."
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; fi
  fi
}

ensure_postgres() {
  if ! command -v initdb >/dev/null 2>&1 && [ -d /usr/lib/postgresql ]; then
    PATH="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1):$PATH"; export PATH
  fi
  command -v initdb >/dev/null 2>&1 || echo "warning: PostgreSQL (initdb, pg_ctl) not found; the PostgreSQL tests will fail." >&2
}

ensure_dev_certificate() {
  # Kestrel serves HTTPS with the development certificate; make one if this machine has none.
  dotnet dev-certs https --check >/dev/null 2>&1 || dotnet dev-certs https >/dev/null
}

case "${1:-}" in
  sample)
    shift
    ensure_dev_certificate
    exec dotnet run --project samples/Rampart.Samples.Orders -- "$@"
    ;;
  test)
    shift
    ensure_redis
    ensure_postgres
    results="$(mktemp -d)"
    trap 'rm -rf "$results"' EXIT
    status=0
    dotnet test Sdk.sln -c Release --logger "trx" --results-directory "$results" "$@" || status=$?
    # Totals from the real results of every test project.
    python3 - "$results" "$status" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
for f in files:
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error") or 0) + int(c.get("timeout") or 0)
    skipped += int(c.get("notExecuted") or 0)
if int(sys.argv[2]) != 0 and failed == 0:
    failed = 1  # the build or a test host failed before reporting results
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
    exit "$status"
    ;;
  *)
    echo "usage: ./build.sh sample | test" >&2
    exit 2
    ;;
esac
