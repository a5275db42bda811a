#!/usr/bin/env bash
# Whole-process comparison of `cos-migrate local` (or `s3`) with `rclone copy` on one loopback server.
#
#   scripts/compare-rclone.sh            # 3 interleaved rounds over datasets S, M, L, from local files
#   ROUNDS=1 DATASETS="S M" scripts/compare-rclone.sh
#   MODE=s3 DATASETS="S L" scripts/compare-rclone.sh   # S3 bucket -> COS bucket on the same server
#
# Datasets (generated once under work-data/bench): S = 10,000 x 4 KiB in 100 folders, M = 200 x 1 MiB,
# L = 4 x 256 MiB. One server (cos-migrate's ServeMain: S3Proxy on disk + the COS dialect proxy, which passes
# plain S3 requests through) serves both tools, so both hit the same server over the same loopback.
# Each tool copies each dataset into a fresh bucket (cos-migrate: also a fresh ledger), then runs again into the
# same bucket with nothing changed ("rerun"). Times are wall-clock for the whole process, JVM start included.
# cos-migrate runs with the JVM options its launcher picks (`cos-migrate --print-jvm-options`: Serial GC, and C1
# only for a plain-http endpoint) and the launcher's class-data archive, written by one untimed warm-up run.
# The table also gives the CPU seconds of each client process and of the server during each run.
#
# MODE=s3: each dataset is first copied (untimed) into a source bucket on the same server; then
# `cos-migrate s3 --src-bucket ... --src-endpoint ... --src-path-style` and `rclone copy src:BUCKET bench:BUCKET`
# copy it into a fresh destination bucket. rclone gets two remote names for the one server, so it streams each
# object through itself (download, upload) instead of asking the server for a server-side copy, as cos-migrate does.
#
# Environment: MODE (local), ROUNDS (3), DATASETS ("S M L"), OURS_ARGS (extra `cos-migrate local` flags, default
# "--concurrency 64"), RCLONE_ARGS (extra `rclone copy` flags), KEEP_DATA=1 keeps the server's copies.
# Not part of the test suite: it takes minutes and measures speed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
BENCH="$ROOT/work-data/bench"
ROUNDS="${ROUNDS:-3}"
MODE="${MODE:-local}"
case "$MODE" in local|s3) ;; *) echo "MODE must be local or s3, was $MODE" >&2; exit 2 ;; esac
DATASETS="${DATASETS:-S M L}"
OURS_ARGS="${OURS_ARGS:---concurrency 64}"
RCLONE_ARGS="${RCLONE_ARGS:-}"
REGION=ap-guangzhou
APPID=1250000000

log() { echo "[compare] $*" >&2; }

# ---------------------------------------------------------------- tools
if ! command -v rclone >/dev/null 2>&1; then
  log "rclone not found; installing it with apt-get"
  sudo=""; [[ "$(id -u)" == "0" ]] || sudo="sudo"
  $sudo apt-get install -y -q rclone >/dev/null 2>&1 || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q rclone >/dev/null; }
fi
log "$(rclone version 2>/dev/null | head -1)"
"$ROOT/cos-migrate" --version >&2   # builds on first use
# Snapshot the build (this repository's jars) so that a rebuild during the run cannot change it;
# then run java directly, exactly as the launcher does after its first build.
rm -rf "$BENCH/app"; mkdir -p "$BENCH/app"
CP=""
IFS=":" read -r -a cp_entries < "$ROOT/migrate-cli/target/classpath.txt" || true  # no trailing newline
for e in "${cp_entries[@]}"; do
  if [[ "$e" == "$ROOT"/* ]]; then
    copy="$BENCH/app/$(echo "${e#"$ROOT"/}" | tr '/' '_')"
    cp -r "$e" "$copy"
    e="$copy"
  fi
  CP="${CP:+$CP:}$e"
done
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"

# ---------------------------------------------------------------- data
gen_dataset() {
  local name="$1" dir="$BENCH/data/$1"
  [[ -f "$dir.complete" ]] && return 0
  log "generating dataset $name under $dir"
  rm -rf "$dir"; mkdir -p "$dir"
  case "$name" in
    S) for d in $(seq -w 0 99); do
         mkdir -p "$dir/folder-$d"
         head -c $((100 * 4096)) /dev/urandom | split -b 4096 -a 3 -d - "$dir/folder-$d/file-"
       done ;;
    M) head -c $((200 << 20)) /dev/urandom | split -b $((1 << 20)) -a 3 -d - "$dir/file-" ;;
    L) for i in 1 2 3 4; do head -c $((256 << 20)) /dev/urandom > "$dir/large-$i.bin"; done ;;
    *) echo "unknown dataset $name" >&2; exit 2 ;;
  esac
  touch "$dir.complete"
}
for d in $DATASETS; do gen_dataset "$d"; done

describe() {
  local dir="$BENCH/data/$1"
  local n bytes
  n=$(find "$dir" -type f | wc -l)
  bytes=$(du -sb "$dir" | cut -f1)
  echo "$n $bytes"
}

# ---------------------------------------------------------------- server
lower() { echo "$1" | tr '[:upper:]' '[:lower:]'; }
buckets=("cm-warmup-$APPID")
if [[ "$MODE" == "s3" ]]; then
  for d in $DATASETS; do buckets+=("src-$(lower "$d")-$APPID"); done
fi
for r in $(seq 1 "$ROUNDS"); do
  for d in $DATASETS; do
    buckets+=("cm-$(lower "$d")-r$r-$APPID" "rc-$(lower "$d")-r$r-$APPID")
  done
done
rm -rf "$BENCH/server" "$BENCH/ledgers"
mkdir -p "$BENCH/server" "$BENCH/ledgers" "$BENCH/logs"
SERVER_OUT="$BENCH/logs/server.out"
bucket_args=()
for b in "${buckets[@]}"; do bucket_args+=(--bucket "$b"); done
java -Xmx2g -cp "$CP" io.github.cosmigrate.cli.ServeMain --dir "$BENCH/server" "${bucket_args[@]}" \
  > "$SERVER_OUT" 2> "$BENCH/logs/server.err" &
SERVER_PID=$!
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 600); do
  grep -q '^endpoint ' "$SERVER_OUT" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$BENCH/logs/server.err" >&2; echo "server failed to start" >&2; exit 1; }
  sleep 0.1
done
ENDPOINT="$(awk '/^endpoint /{print $2; exit}' "$SERVER_OUT")"
[[ -n "$ENDPOINT" ]] || { echo "server did not print its endpoint" >&2; exit 1; }
log "server at $ENDPOINT (pid $SERVER_PID)"
# the JVM options the launcher would pick for this command (JAVA_OPTS is added after them)
OURS_JVM="$("$ROOT/cos-migrate" --print-jvm-options local --endpoint "$ENDPOINT")"
# as the launcher does: tell rocksdbjni the C library rather than letting it fork ldd to find out
if compgen -G "/lib/ld-musl-*" >/dev/null; then export ROCKSDB_MUSL_LIBC=true; else export ROCKSDB_MUSL_LIBC=false; fi
# The launcher's class-data archive, for the snapshot's class path: like the launcher's first run after a build,
# one warm-up run (a few small files and one multipart file, into its own bucket) writes it; timed runs map it.
if [[ "${COS_MIGRATE_CDS:-on}" != "off" ]]; then
  warm="$BENCH/warmup"
  rm -rf "$warm" "$BENCH/ledgers/warmup"; mkdir -p "$warm"
  for i in 1 2 3; do head -c 4096 /dev/urandom > "$warm/small-$i"; done
  head -c $((17 << 20)) /dev/urandom > "$warm/large"
  # shellcheck disable=SC2086
  COS_SECRET_ID=dummy COS_SECRET_KEY=dummy java $OURS_JVM $JAVA_OPTS -XX:ArchiveClassesAtExit="$BENCH/app/cos-migrate.jsa" \
    -Xlog:cds*=off -cp "$CP" io.github.cosmigrate.cli.Main local --source "$warm" --bucket "cm-warmup-$APPID" \
    --region "$REGION" --endpoint "$ENDPOINT" --path-style --sink-limits s3 --ledger "$BENCH/ledgers/warmup" --quiet \
    > "$BENCH/logs/warmup.out" 2>&1 || { cat "$BENCH/logs/warmup.out" >&2; echo "warm-up run failed" >&2; exit 1; }
  OURS_JVM="$OURS_JVM -XX:SharedArchiveFile=$BENCH/app/cos-migrate.jsa -Xlog:cds*=off"
fi
log "cos-migrate JVM options: $OURS_JVM $JAVA_OPTS"

export RCLONE_CONFIG=/dev/null
export RCLONE_CONFIG_BENCH_TYPE=s3
export RCLONE_CONFIG_BENCH_PROVIDER=Other
export RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=dummy
export RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=dummy
export RCLONE_CONFIG_BENCH_ENDPOINT="$ENDPOINT"
export RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true
export RCLONE_CONFIG_BENCH_REGION=us-east-1
# a second name for the same server: rclone then streams bucket-to-bucket copies instead of copying server-side
export RCLONE_CONFIG_SRC_TYPE=s3
export RCLONE_CONFIG_SRC_PROVIDER=Other
export RCLONE_CONFIG_SRC_ACCESS_KEY_ID=dummy
export RCLONE_CONFIG_SRC_SECRET_ACCESS_KEY=dummy
export RCLONE_CONFIG_SRC_ENDPOINT="$ENDPOINT"
export RCLONE_CONFIG_SRC_FORCE_PATH_STYLE=true
export RCLONE_CONFIG_SRC_REGION=us-east-1

if [[ "$MODE" == "s3" ]]; then
  for d in $DATASETS; do
    log "filling source bucket src-$(lower "$d")-$APPID with dataset $d (untimed)"
    env -u AWS_CA_BUNDLE rclone copy "$BENCH/data/$d" "bench:src-$(lower "$d")-$APPID" --transfers 16 \
      > "$BENCH/logs/fill-$d.out" 2>&1 || { cat "$BENCH/logs/fill-$d.out" >&2; echo "filling the source failed" >&2; exit 1; }
  done
fi

# ---------------------------------------------------------------- runs
now() { date +%s.%N; }
# CPU seconds (user+system) the server has used so far
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); print ($12 + $13) / hz}' "/proc/$SERVER_PID/stat"; }
# client CPU seconds from a `/usr/bin/time -f "%U %S"` file (its last line)
client_cpu() { tail -1 "$1" | awk '{print $1 + $2}'; }
RESULTS="$BENCH/logs/results.tsv"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
: > "$RESULTS"

run_ours() {  # dataset bucket phase
  local d="$1" b="$2" phase="$3" t0 t1 s0 s1 rc=0
  s0=$(server_cpu); t0=$(now)
  # shellcheck disable=SC2086
  local what=(local --source "$BENCH/data/$d")
  if [[ "$MODE" == "s3" ]]; then
    what=(s3 --src-bucket "src-$(lower "$d")-$APPID" --src-endpoint "$ENDPOINT" --src-path-style --src-region us-east-1)
  fi
  COS_SECRET_ID=dummy COS_SECRET_KEY=dummy AWS_ACCESS_KEY_ID=dummy AWS_SECRET_ACCESS_KEY=dummy \
    /usr/bin/time -f "%U %S" -o "$BENCH/logs/$b-$phase.cpu" java $OURS_JVM $JAVA_OPTS -cp "$CP" io.github.cosmigrate.cli.Main "${what[@]}" --bucket "$b" \
    --region "$REGION" --endpoint "$ENDPOINT" --path-style --sink-limits s3 --ledger "$BENCH/ledgers/$b" --quiet \
    --report "$BENCH/logs/$b-$phase.json" $OURS_ARGS > "$BENCH/logs/$b-$phase.out" 2> "$BENCH/logs/$b-$phase.err" || rc=$?
  t1=$(now); s1=$(server_cpu)
  printf '%s\tours\t%s\t%s\t%s\t%s\t%s\n' "$d" "$phase" "$(echo "$t1 - $t0" | bc -l)" "$rc" \
    "$(client_cpu "$BENCH/logs/$b-$phase.cpu")" "$(echo "$s1 - $s0" | bc -l)" >> "$RESULTS"
  [[ $rc == 0 ]] || log "cos-migrate $d $phase exited $rc: $(tail -1 "$BENCH/logs/$b-$phase.err")"
}

run_rclone() {  # dataset bucket phase
  local d="$1" b="$2" phase="$3" t0 t1 s0 s1 rc=0
  s0=$(server_cpu); t0=$(now)
  # shellcheck disable=SC2086
  local from="$BENCH/data/$d"
  [[ "$MODE" == "s3" ]] && from="src:src-$(lower "$d")-$APPID"
  /usr/bin/time -f "%U %S" -o "$BENCH/logs/$b-$phase.cpu" env -u AWS_CA_BUNDLE rclone copy "$from" "bench:$b" --transfers 64 $RCLONE_ARGS \
    > "$BENCH/logs/$b-$phase.out" 2> "$BENCH/logs/$b-$phase.err" || rc=$?
  t1=$(now); s1=$(server_cpu)
  printf '%s\trclone\t%s\t%s\t%s\t%s\t%s\n' "$d" "$phase" "$(echo "$t1 - $t0" | bc -l)" "$rc" \
    "$(client_cpu "$BENCH/logs/$b-$phase.cpu")" "$(echo "$s1 - $s0" | bc -l)" >> "$RESULTS"
  [[ $rc == 0 ]] || log "rclone $d $phase exited $rc: $(tail -1 "$BENCH/logs/$b-$phase.err")"
}

command -v /usr/bin/time >/dev/null 2>&1 || { echo "/usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
command -v bc >/dev/null 2>&1 || { echo "bc is needed (apt-get install bc)" >&2; exit 1; }
for r in $(seq 1 "$ROUNDS"); do
  for d in $DATASETS; do
    cm="cm-$(lower "$d")-r$r-$APPID"; rc="rc-$(lower "$d")-r$r-$APPID"
    log "round $r/$ROUNDS dataset $d"
    if (( r % 2 == 1 )); then
      run_ours "$d" "$cm" first; run_ours "$d" "$cm" rerun
      run_rclone "$d" "$rc" first; run_rclone "$d" "$rc" rerun
    else
      run_rclone "$d" "$rc" first; run_rclone "$d" "$rc" rerun
      run_ours "$d" "$cm" first; run_ours "$d" "$cm" rerun
    fi
    if [[ "${KEEP_DATA:-0}" != "1" ]]; then
      rm -rf "${BENCH:?}/server/$cm" "${BENCH:?}/server/$rc"   # free disk; these buckets are not used again
    fi
  done
done

# ---------------------------------------------------------------- table
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }
echo
echo "cos-migrate $MODE vs rclone copy (--transfers 64), $ROUNDS interleaved round(s), median wall seconds per whole process"
[[ "$MODE" == "s3" ]] && echo "source: an S3 bucket on the same server (rclone streams through two remote names)"
echo "load average at the start: $LOAD_START"
echo "server: S3Proxy on disk + COS dialect proxy on loopback; $(nproc) cores; ours flags: ${OURS_ARGS:-(none)}"
printf '%-3s %-6s %9s %9s %10s %10s %10s %10s %12s %s\n' set run ours_s rclone_s ours_MB/s rcl_MB/s ours_obj/s rcl_obj/s ours/rclone failures
for d in $DATASETS; do
  read -r n bytes < <(describe "$d")
  for phase in first rerun; do
    o=$(awk -F'\t' -v d="$d" -v p="$phase" '$1==d && $2=="ours" && $3==p {print $4}' "$RESULTS" | median)
    c=$(awk -F'\t' -v d="$d" -v p="$phase" '$1==d && $2=="rclone" && $3==p {print $4}' "$RESULTS" | median)
    bad=$(awk -F'\t' -v d="$d" -v p="$phase" '$1==d && $3==p && $5!=0 {print $2}' "$RESULTS" | sort | uniq -c | tr '\n' ' ')
    awk -v d="$d" -v p="$phase" -v o="$o" -v c="$c" -v n="$n" -v b="$bytes" -v bad="${bad:--}" 'BEGIN {
      printf "%-3s %-6s %9.2f %9.2f %10.1f %10.1f %10.0f %10.0f %12.2f %s\n", d, p, o, c, b/1e6/o, b/1e6/c, n/o, n/c, o/c, bad }'
  done
done
echo
echo "median CPU seconds per run (user+system): client process, and the server's share (ServeMain) during the run"
printf '%-3s %-6s %10s %10s %10s %10s\n' set run ours_cli ours_srv rcl_cli rcl_srv
for d in $DATASETS; do
  for phase in first rerun; do
    oc=$(awk -F'\t' -v d="$d" -v p="$phase" '$1==d && $2=="ours" && $3==p {print $6}' "$RESULTS" | median)
    os=$(awk -F'\t' -v d="$d" -v p="$phase" '$1==d && $2=="ours" && $3==p {print $7}' "$RESULTS" | median)
    cc=$(awk -F'\t' -v d="$d" -v p="$phase" '$1==d && $2=="rclone" && $3==p {print $6}' "$RESULTS" | median)
    cs=$(awk -F'\t' -v d="$d" -v p="$phase" '$1==d && $2=="rclone" && $3==p {print $7}' "$RESULTS" | median)
    printf '%-3s %-6s %10.2f %10.2f %10.2f %10.2f\n' "$d" "$phase" "$oc" "$os" "$cc" "$cs"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(ours/rclone < 1 means cos-migrate took less time; MB = 10^6 bytes; rerun = same command again, nothing changed)"
echo "raw results: $RESULTS"
