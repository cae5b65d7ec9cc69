#!/usr/bin/env bash
# The Citus test job (docs/SCALE.md): the database test files run against a local Citus cluster, a coordinator
# and two workers, the migrations distributing the large tables by province. Builds Citus once (skipped when
# installed), starts a disposable cluster, runs the tests, stops and removes the cluster.
#
# Usage: scripts/citus/test-citus.sh [--all] [REPORT.json]   (vitest's JSON report, for .ci/run's closing line)
#   The test files listed in scripts/citus/test-files.txt: those known to pass on Citus (the marked part).
#   --all: every test file that uses the shared test database instead, to find what Citus cannot run yet.
# Environment: CITUS_BASEPORT (default 9700; the workers take the next two ports), CITUS_SOURCE_DIR (build-citus.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=scripts/citus
all=0
if [ "${1:-}" = "--all" ]; then all=1; shift; fi
report="${1:-$(mktemp -d)/citus-vitest.json}"

"$here/build-citus.sh"
cluster="$(mktemp -d /tmp/entas-citus-XXXXXX)"
chmod 755 "$cluster"
cleanup() {
  "$here/stop-cluster.sh" "$cluster" >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap cleanup EXIT
url="$("$here/start-cluster.sh" "$cluster" "${CITUS_BASEPORT:-9700}" | tail -n 1)"

if [ "$all" = 1 ]; then
  mapfile -t files < <(grep -rl --include='*.test.ts' -e 'testing/test-database' -e "from './test-database" src web/src | sort)
else
  mapfile -t files < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$here/test-files.txt" | grep -v '^$')
fi
echo "[citus] ${#files[@]} database test files on $url" >&2
TEST_CITUS_URL="$url" TEST_DATABASE_URL='' npx vitest run "${files[@]}" \
  --reporter=default --reporter=json --outputFile="$report"
