#!/usr/bin/env bash
# Every Careweave test, as CI runs them: type check, the whole suite on the embedded database (PGlite),
# the same suite on a PostgreSQL server, then browser journeys in Chromium with an accessibility scan.
# On a fresh Debian machine it installs what it needs (npm packages; postgresql, chromium, poppler-utils).
set -uo pipefail
cd "$(dirname "$0")/.."

# Each stage's heading; the time the one before took goes into the summary printed at the end.
timings=''
stage='' stage_start=$SECONDS
end_stage() { [ -z "$stage" ] || timings+=$(printf '%6d s  %s' $((SECONDS - stage_start)) "$stage")$'\n'; }
say() {
  end_stage
  stage=$1 stage_start=$SECONDS
  printf '\n== %s\n' "$*"
}

# 1. npm packages (Node.js 24 comes as the "node" dev dependency: the system's may be older).
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages"
  npm ci --no-audit --no-fund || exit 1
fi
node=node_modules/.bin/node

# 2. Debian packages, when missing (apt-get install postgresql chromium poppler-utils).
say "Debian packages"
scripts/install-debian-packages.sh || exit 1

results=$(mktemp -d)
# Every test file runs in a process of its own: Node.js keeps each module's compiled code for the files after it.
NODE_COMPILE_CACHE=$(mktemp -d)
export NODE_COMPILE_CACHE
trap 'rm -rf "$results" "$NODE_COMPILE_CACHE"' EXIT
status=0
run() { # name, test-file pattern, then the command up to the pattern; TAP also goes to a file for the final count
  local name=$1 pattern=$2; shift 2
  say "$name"
  "$@" --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="$results/$name.tap" "$pattern" || status=1
}

# ESLint keeps to one core: it runs beside the type check, format check and module boundaries, and what it
# says is printed after them.
say "Type check, format check, lint and module boundaries"
(
  started=$SECONDS
  npm run --silent lint
  lint_status=$?
  echo "(lint took $((SECONDS - started)) s)"
  exit $lint_status
) >"$results/lint.log" 2>&1 &
lint=$!
echo "-- Type check"
npm run --silent typecheck || status=1
echo "-- Format check"
npm run --silent format:check || status=1
echo "-- Module boundaries"
npm run --silent boundaries || status=1
wait "$lint" || status=1
echo "-- Lint"
cat "$results/lint.log"

run "suite-on-pglite" 'test/**/*.test.ts' env -u TEST_DATABASE_URL $node --test --test-concurrency=2
# The same suite on a PostgreSQL server (scripts/with-postgres.sh starts one and passes its URL on).
run "suite-on-postgresql" 'test/**/*.test.ts' scripts/with-postgres.sh sh -c 'TEST_DATABASE_URL="$POSTGRES_URL" exec "$0" "$@"' $node --test --test-concurrency=2
# Two journey files at a time: each has its own Careweave, data folder and Chromium, and one alone leaves a core idle.
run "browser-journeys" 'test-browser/**/*.test.ts' env -u TEST_DATABASE_URL $node --test --test-concurrency=2 --test-timeout=180000

end_stage
passed=$(cat "$results"/*.tap 2>/dev/null | awk '/^# pass /{s+=$3} END{print s+0}')
failed=$(cat "$results"/*.tap 2>/dev/null | awk '/^# (fail|cancelled) /{s+=$3} END{print s+0}')
[ "$failed" -eq 0 ] || status=1
[ "$passed" -gt 0 ] || status=1
echo
printf 'Time taken:\n%s%6d s  in all\n' "$timings" "$SECONDS"
echo "$passed passed, $failed failed"
exit $status
