#!/usr/bin/env bash
# Whole-process comparison of cos-migrate (`local`, `s3`, `url` or `cos`) with rclone on one loopback server.
#
#   scripts/compare-rclone.sh            # 3 interleaved rounds over datasets S, M, L, from local files
#   ROUNDS=1 DATASETS="S M" scripts/compare-rclone.sh
#   MODE=s3 DATASETS="S L" scripts/compare-rclone.sh   # S3 bucket -> COS bucket on the same server
#   MODE=url DATASETS="S L" scripts/compare-rclone.sh  # files on a loopback HTTP site -> COS bucket
#   MODE=cos DATASETS="S L" scripts/compare-rclone.sh  # COS bucket -> COS bucket, server-side and streamed
#
# Datasets (generated once under work-data/bench): S = 10,000 x 4 KiB in 100 folders, M = 200 x 1 MiB,
# L = 4 x 256 MiB. One server (cos-migrate's ServeMain: S3Proxy on disk + the COS dialect proxy, which passes
# plain S3 requests through) serves both tools, so both hit the same server over the same loopback.
# Each tool copies each dataset into a fresh bucket (cos-migrate: also a fresh ledger), then runs again into the
# same bucket with nothing changed ("rerun"). Times are wall-clock for the whole process, JVM start included.
# cos-migrate runs through its launcher, as a user runs it (its JDK, JVM options and per-command class-data archive
# or ahead-of-time cache, written by one untimed warm-up run of each command used, as the launcher writes it).
# The table also gives the CPU seconds of each client process and of the server(s) during each run.
#
# MODE=s3: each dataset is first copied (untimed) into a source bucket on the same server; then
# `cos-migrate s3 --src-bucket ... --src-endpoint ... --src-path-style` and `rclone copy src:BUCKET bench:BUCKET`
# copy it into a fresh destination bucket. rclone gets two remote names for the one server, so it streams each
# object through itself (download, upload) instead of asking the server for a server-side copy, as cos-migrate does.
#
# MODE=url: nginx (apt package nginx-light; it honours Range and lists folders with autoindex) serves each
# dataset's folder on its own loopback port. cos-migrate gets a URL list (one URL per line, generated untimed):
# `cos-migrate url --list FILE`. rclone gets the site: `rclone copy :http: bench:BUCKET --http-url URL`, which
# lists the folders' index pages and copies every file; that is rclone's fair peer for a list of URLs of one
# site (`rclone copyurl` takes one URL per call, so it is not used for thousands of files). The server CPU
# column is then ServeMain's plus nginx's (master and workers).
#
# MODE=cos: each dataset is first copied (untimed, by `cos-migrate local`, so the objects carry CRC-64 as on
# COS) into a source bucket on the same server. Two variants, each row labelled:
#   cos-copy    cos-migrate cos --src-endpoint EP (the destination's endpoint: server-side copy, no byte through
#               the client) vs `rclone copy bench:SRC bench:DST` (one remote: rclone copies server-side too);
#   cos-stream  cos-migrate cos --src-endpoint EP' where EP' names the same server as http://localhost:PORT
#               (the engine takes another endpoint for another service, so it streams: GET then PUT) vs
#               `rclone copy src:SRC bench:DST` (two remote names: rclone streams). The table's check section
#               shows cos-migrate's bytesTransferred and verifiedBy (from its report) and how rclone copied each
#               file (from its -v log, given in this mode only), which confirm which way each copy went.
# The source objects carry no rclone modification-time metadata (as in a bucket not written by rclone), so after
# a server-side copy rclone's rerun finds the times different and updates them, or copies the object again where
# its ETag is no MD5 (a multipart upload: dataset L); the check counts both.
#
# Environment: MODE (local, s3, url, cos), ROUNDS (3), DATASETS ("S M L"), OURS_ARGS (extra cos-migrate flags,
# default "--concurrency 64"), RCLONE_ARGS (extra `rclone copy` flags), KEEP_DATA=1 keeps the server's copies.
# Not part of the test suite: it takes minutes and measures speed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
BENCH="$ROOT/work-data/bench"
ROUNDS="${ROUNDS:-3}"
MODE="${MODE:-local}"
case "$MODE" in
  local|s3|url) VARIANTS="$MODE" ;;
  cos) VARIANTS="cos-copy cos-stream" ;;
  *) echo "MODE must be local, s3, url or cos, was $MODE" >&2; exit 2 ;;
esac
DATASETS="${DATASETS:-S M L}"
OURS_ARGS="${OURS_ARGS:---concurrency 64}"
RCLONE_ARGS="${RCLONE_ARGS:-}"
REGION=ap-guangzhou
APPID=1250000000

log() { echo "[compare] $*" >&2; }

# ---------------------------------------------------------------- tools
apt_install() {  # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  log "$1 not found; installing $2 with apt-get"
  local sudo=""; [[ "$(id -u)" == "0" ]] || sudo="sudo"
  $sudo apt-get install -y -q "$2" >/dev/null 2>&1 || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q "$2" >/dev/null; }
}
apt_install rclone rclone
[[ "$MODE" == "url" ]] && { PATH="$PATH:/usr/sbin"; apt_install nginx nginx-light; }
log "$(rclone version 2>/dev/null | head -1)"
"$ROOT/cos-migrate" --version >&2   # builds on first use
# The server runs from a snapshot of the build (this repository's jars), so that a rebuild during the run cannot
# change it; cos-migrate runs through the launcher (which rebuilds only when sources change).
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
# destination buckets: cm-/rc- (ours/rclone), dataset, round, variant; e.g. cm-s-r1-cos-copy-1250000000
dest_bucket() { echo "$1-$(lower "$2")-r$3-$4-$APPID"; }  # tool dataset round variant
src_bucket() { echo "src-$(lower "$1")-$APPID"; }
buckets=("cm-warmup-$APPID" "cm-warmup2-$APPID" "src-warmup-$APPID")
if [[ "$MODE" == "s3" || "$MODE" == "cos" ]]; then
  for d in $DATASETS; do buckets+=("$(src_bucket "$d")"); done
fi
for r in $(seq 1 "$ROUNDS"); do
  for d in $DATASETS; do
    for v in $VARIANTS; do buckets+=("$(dest_bucket cm "$d" "$r" "$v")" "$(dest_bucket rc "$d" "$r" "$v")"); done
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
NGINX_PID=""
cleanup() {
  kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true
  if [[ -n "$NGINX_PID" ]]; then kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
for _ in $(seq 1 600); do
  grep -q '^endpoint ' "$SERVER_OUT" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$BENCH/logs/server.err" >&2; echo "server failed to start" >&2; exit 1; }
  sleep 0.1
done
ENDPOINT="$(awk '/^endpoint /{print $2; exit}' "$SERVER_OUT")"
[[ -n "$ENDPOINT" ]] || { echo "server did not print its endpoint" >&2; exit 1; }
log "server at $ENDPOINT (pid $SERVER_PID)"
# (for MODE=cos the streamed variant names the same server http://localhost:PORT: another service to the engine)
ENDPOINT_ALT="${ENDPOINT/127.0.0.1/localhost}"
# cos-migrate through its launcher, with the benchmark's credentials and JAVA_OPTS
ours() {
  COS_SECRET_ID=dummy COS_SECRET_KEY=dummy AWS_ACCESS_KEY_ID=dummy AWS_SECRET_ACCESS_KEY=dummy \
    JAVA_OPTS="$JAVA_OPTS" "$ROOT/cos-migrate" "$@"
}
# Like a user's first run of a command after a build, one untimed warm-up run (a few small files and one multipart
# file, into its own bucket) lets the launcher write local's class-data archive (or ahead-of-time cache); in MODE
# s3, url and cos a second warm-up run of that command writes its own (below, once the sources are there); the
# timed runs map the archive of their command.
# The archives of earlier runs go first, so that these warm-up runs write them.
rm -f "$ROOT"/migrate-cli/target/cos-migrate-*.jsa "$ROOT"/migrate-cli/target/cos-migrate-*.aot
warm="$BENCH/warmup"
rm -rf "$warm" "$BENCH/ledgers/warmup"; mkdir -p "$warm"
for i in 1 2 3; do head -c 4096 /dev/urandom > "$warm/small-$i"; done
head -c $((17 << 20)) /dev/urandom > "$warm/large"
ours local --source "$warm" --bucket "cm-warmup-$APPID" --region "$REGION" --endpoint "$ENDPOINT" --path-style \
  --sink-limits s3 --ledger "$BENCH/ledgers/warmup" --quiet > "$BENCH/logs/warmup.out" 2>&1 \
  || { cat "$BENCH/logs/warmup.out" >&2; echo "warm-up run failed" >&2; exit 1; }
log "cos-migrate runs on $("$ROOT/cos-migrate" --print-java) with $("$ROOT/cos-migrate" --print-jvm-options local \
  --endpoint "$ENDPOINT") $JAVA_OPTS (local; the launcher picks per command)"

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
    log "filling source bucket $(src_bucket "$d") with dataset $d (untimed)"
    env -u AWS_CA_BUNDLE rclone copy "$BENCH/data/$d" "bench:$(src_bucket "$d")" --transfers 16 \
      > "$BENCH/logs/fill-$d.out" 2>&1 || { cat "$BENCH/logs/fill-$d.out" >&2; echo "filling the source failed" >&2; exit 1; }
  done
fi
if [[ "$MODE" == "cos" ]]; then
  for d in $DATASETS; do
    log "filling source bucket $(src_bucket "$d") with dataset $d (untimed, cos-migrate local)"
    rm -rf "$BENCH/ledgers/fill-$d"
    ours local --source "$BENCH/data/$d" --bucket "$(src_bucket "$d")" --region "$REGION" --endpoint "$ENDPOINT" --path-style \
      --sink-limits s3 --ledger "$BENCH/ledgers/fill-$d" --concurrency 16 --quiet > "$BENCH/logs/fill-$d.out" 2>&1 \
      || { cat "$BENCH/logs/fill-$d.out" >&2; echo "filling the source failed" >&2; exit 1; }
  done
fi

# MODE=url: nginx serves each dataset's folder on its own port; cos-migrate gets one URL list per dataset
declare -A SITE
if [[ "$MODE" == "url" ]]; then
  NGX="$BENCH/nginx"
  rm -rf "$NGX"; mkdir -p "$NGX/tmp" "$BENCH/lists"
  # ports below the ephemeral range (an outgoing connection's local port would block a bind), unanswered
  EPHEMERAL_LOW="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
  free_port() {
    local p
    while :; do
      p=$((10000 + RANDOM % (EPHEMERAL_LOW - 10000)))
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
  }
  start_nginx() {  # writes the configuration with fresh ports and starts nginx; fails if it does not come up
    local d port
    {
      echo "worker_processes 2;"
      [[ "$(id -u)" == "0" ]] && echo "user root;"   # the data under work-data may not be readable by nobody
      echo "pid $NGX/nginx.pid;"
      echo "error_log $BENCH/logs/nginx.err warn;"
      echo "events { worker_connections 4096; }"
      echo "http {"
      echo "  access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000; keepalive_timeout 120s;"
      echo "  default_type application/octet-stream;"
      for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $NGX/tmp/$t;"; done
      for d in $DATASETS; do
        port=$(free_port)
        SITE[$d]="http://127.0.0.1:$port/"
        echo "  server { listen 127.0.0.1:$port; root $BENCH/data/$d; autoindex on; }"
      done
      echo "}"
    } > "$NGX/nginx.conf"
    : > "$BENCH/logs/nginx.err"
    nginx -p "$NGX" -c "$NGX/nginx.conf" -g "daemon off;" > "$BENCH/logs/nginx.out" 2>&1 &
    NGINX_PID=$!
    for d in $DATASETS; do
      port="${SITE[$d]#http://127.0.0.1:}"; port="${port%/}"
      for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        kill -0 "$NGINX_PID" 2>/dev/null || { wait "$NGINX_PID" 2>/dev/null; NGINX_PID=""; return 1; }
        sleep 0.1
      done
    done
  }
  for attempt in 1 2 3 4 5; do
    start_nginx && break
    log "nginx did not start (attempt $attempt): $(tail -1 "$BENCH/logs/nginx.out")"
    [[ $attempt == 5 ]] && { cat "$BENCH/logs/nginx.out" >&2; echo "nginx failed to start" >&2; exit 1; }
  done
  for d in $DATASETS; do
    (cd "$BENCH/data/$d" && find . -type f | sed "s|^\./|${SITE[$d]}|" | sort) > "$BENCH/lists/$d.txt"
    log "dataset $d at ${SITE[$d]} ($(wc -l < "$BENCH/lists/$d.txt") URLs in $BENCH/lists/$d.txt)"
  done
fi

# the warm-up run of MODE's own command, which writes that command's archive (the launcher's per-command archive)
if [[ "$MODE" != "local" ]]; then
  case "$MODE" in
    s3) env -u AWS_CA_BUNDLE rclone copy "$warm" "bench:src-warmup-$APPID" > "$BENCH/logs/fill-warmup.out" 2>&1 \
          || { cat "$BENCH/logs/fill-warmup.out" >&2; echo "filling the warm-up source failed" >&2; exit 1; }
        what=(s3 --src-bucket "src-warmup-$APPID" --src-endpoint "$ENDPOINT" --src-path-style --src-region us-east-1) ;;
    url) d="${DATASETS%% *}"; head -3 "$BENCH/lists/$d.txt" > "$BENCH/lists/.warmup"
        what=(url --list "$BENCH/lists/.warmup") ;;
    cos) what=(cos --src-bucket "cm-warmup-$APPID" --src-region "$REGION" --src-endpoint "$ENDPOINT_ALT" --src-path-style) ;;
  esac
  rm -rf "$BENCH/ledgers/warmup2"
  ours "${what[@]}" --bucket "cm-warmup2-$APPID" --region "$REGION" --endpoint "$ENDPOINT" \
    --path-style --sink-limits s3 --ledger "$BENCH/ledgers/warmup2" --quiet > "$BENCH/logs/warmup2.out" 2>&1 \
    || { cat "$BENCH/logs/warmup2.out" >&2; echo "warm-up run of $MODE failed" >&2; exit 1; }
fi

# ---------------------------------------------------------------- runs
now() { date +%s.%N; }
# CPU seconds (user+system) the server has used so far: ServeMain, and nginx's master and workers in MODE=url
server_cpu() {
  local pids=("$SERVER_PID")
  if [[ -n "$NGINX_PID" ]]; then pids+=("$NGINX_PID"); mapfile -t -O "${#pids[@]}" pids < <(pgrep -P "$NGINX_PID"); fi
  local p total=0
  for p in "${pids[@]}"; do
    total=$(awk -v hz="$(getconf CLK_TCK)" -v t="$total" '{sub(/^.*\) /, ""); print t + ($12 + $13) / hz}' "/proc/$p/stat")
  done
  echo "$total"
}
# client CPU seconds from a `/usr/bin/time -f "%U %S"` file (its last line)
client_cpu() { tail -1 "$1" | awk '{print $1 + $2}'; }
RESULTS="$BENCH/logs/results.tsv"   # set tool phase seconds exit client_cpu server_cpu variant log-stem
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
: > "$RESULTS"

run_ours() {  # dataset bucket phase variant
  local d="$1" b="$2" phase="$3" v="$4" t0 t1 s0 s1 rc=0 what
  case "$v" in
    local) what=(local --source "$BENCH/data/$d") ;;
    s3) what=(s3 --src-bucket "$(src_bucket "$d")" --src-endpoint "$ENDPOINT" --src-path-style --src-region us-east-1) ;;
    url) what=(url --list "$BENCH/lists/$d.txt") ;;
    cos-copy) what=(cos --src-bucket "$(src_bucket "$d")" --src-region "$REGION" --src-endpoint "$ENDPOINT" --src-path-style) ;;
    cos-stream) what=(cos --src-bucket "$(src_bucket "$d")" --src-region "$REGION" --src-endpoint "$ENDPOINT_ALT" --src-path-style) ;;
  esac
  s0=$(server_cpu); t0=$(now)
  # shellcheck disable=SC2086
  COS_SECRET_ID=dummy COS_SECRET_KEY=dummy AWS_ACCESS_KEY_ID=dummy AWS_SECRET_ACCESS_KEY=dummy JAVA_OPTS="$JAVA_OPTS" \
    /usr/bin/time -f "%U %S" -o "$BENCH/logs/$b-$phase.cpu" "$ROOT/cos-migrate" "${what[@]}" --bucket "$b" \
    --region "$REGION" --endpoint "$ENDPOINT" --path-style --sink-limits s3 --ledger "$BENCH/ledgers/$b" --quiet \
    --report "$BENCH/logs/$b-$phase.json" $OURS_ARGS > "$BENCH/logs/$b-$phase.out" 2> "$BENCH/logs/$b-$phase.err" || rc=$?
  t1=$(now); s1=$(server_cpu)
  printf '%s\tours\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$d" "$phase" "$(echo "$t1 - $t0" | bc -l)" "$rc" \
    "$(client_cpu "$BENCH/logs/$b-$phase.cpu")" "$(echo "$s1 - $s0" | bc -l)" "$v" "$b-$phase" >> "$RESULTS"
  [[ $rc == 0 ]] || log "cos-migrate $d $v $phase exited $rc: $(tail -1 "$BENCH/logs/$b-$phase.err")"
}

run_rclone() {  # dataset bucket phase variant
  local d="$1" b="$2" phase="$3" v="$4" t0 t1 s0 s1 rc=0 from extra=()
  case "$v" in
    local) from="$BENCH/data/$d" ;;
    s3|cos-stream) from="src:$(src_bucket "$d")" ;;   # two remote names: rclone streams
    cos-copy) from="bench:$(src_bucket "$d")" ;;      # one remote: rclone copies server-side
    url) from=":http:"; extra=(--http-url "${SITE[$d]}") ;;
  esac
  [[ "$MODE" == "cos" ]] && extra+=(-v)   # one line per file, "Copied (server-side copy)" or "Copied (new)": the check
  s0=$(server_cpu); t0=$(now)
  # final stats only (they name the server-side copies), at NOTICE so that they are printed without -v
  # shellcheck disable=SC2086
  /usr/bin/time -f "%U %S" -o "$BENCH/logs/$b-$phase.cpu" env -u AWS_CA_BUNDLE rclone copy "$from" "bench:$b" "${extra[@]}" \
    --transfers 64 --stats 1h --stats-log-level NOTICE $RCLONE_ARGS \
    > "$BENCH/logs/$b-$phase.out" 2> "$BENCH/logs/$b-$phase.err" || rc=$?
  t1=$(now); s1=$(server_cpu)
  printf '%s\trclone\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$d" "$phase" "$(echo "$t1 - $t0" | bc -l)" "$rc" \
    "$(client_cpu "$BENCH/logs/$b-$phase.cpu")" "$(echo "$s1 - $s0" | bc -l)" "$v" "$b-$phase" >> "$RESULTS"
  [[ $rc == 0 ]] || log "rclone $d $v $phase exited $rc: $(tail -1 "$BENCH/logs/$b-$phase.err")"
}

command -v /usr/bin/time >/dev/null 2>&1 || { echo "/usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
command -v bc >/dev/null 2>&1 || { echo "bc is needed (apt-get install bc)" >&2; exit 1; }
for r in $(seq 1 "$ROUNDS"); do
  for d in $DATASETS; do
    for v in $VARIANTS; do
      cm="$(dest_bucket cm "$d" "$r" "$v")"; rc="$(dest_bucket rc "$d" "$r" "$v")"
      log "round $r/$ROUNDS dataset $d $v"
      if (( r % 2 == 1 )); then
        run_ours "$d" "$cm" first "$v"; run_ours "$d" "$cm" rerun "$v"
        run_rclone "$d" "$rc" first "$v"; run_rclone "$d" "$rc" rerun "$v"
      else
        run_rclone "$d" "$rc" first "$v"; run_rclone "$d" "$rc" rerun "$v"
        run_ours "$d" "$cm" first "$v"; run_ours "$d" "$cm" rerun "$v"
      fi
      if [[ "${KEEP_DATA:-0}" != "1" ]]; then
        rm -rf "${BENCH:?}/server/$cm" "${BENCH:?}/server/$rc"   # free disk; these buckets are not used again
      fi
    done
  done
done

# ---------------------------------------------------------------- table
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }
col() {  # column dataset tool phase variant: the values of that column for those runs
  awk -F'\t' -v c="$1" -v d="$2" -v t="$3" -v p="$4" -v v="$5" '$1==d && $2==t && $3==p && $8==v {print $c}' "$RESULTS"
}
case "$MODE" in
  local) PEER="rclone copy DIR bench:BUCKET" ;;
  s3) PEER="rclone copy src:BUCKET bench:BUCKET" ;;
  url) PEER="rclone copy :http: bench:BUCKET --http-url SITE" ;;
  cos) PEER="rclone copy bench:SRC (cos-copy) or src:SRC (cos-stream) bench:BUCKET" ;;
esac
echo
echo "cos-migrate $MODE vs $PEER (--transfers 64), $ROUNDS interleaved round(s), median wall seconds per whole process"
[[ "$MODE" == "s3" ]] && echo "source: an S3 bucket on the same server (rclone streams through two remote names)"
[[ "$MODE" == "url" ]] && echo "source: nginx on loopback, one port per dataset; cos-migrate url --list (one URL per line), rclone lists the site's index pages"
[[ "$MODE" == "cos" ]] && echo "source: a COS bucket on the same server; cos-copy: server-side copy (both tools); cos-stream: through the client (ours: source named http://localhost:PORT; rclone: two remote names)"
echo "load average at the start: $LOAD_START"
echo "server: S3Proxy on disk + COS dialect proxy on loopback$([[ "$MODE" == "url" ]] && echo " (+ nginx as the source)"); $(nproc) cores; ours flags: ${OURS_ARGS:-(none)}"
printf '%-3s %-10s %-6s %9s %9s %10s %10s %10s %10s %12s %s\n' set mode run ours_s rclone_s ours_MB/s rcl_MB/s ours_obj/s rcl_obj/s ours/rclone failures
for d in $DATASETS; do
  read -r n bytes < <(describe "$d")
  for v in $VARIANTS; do
    for phase in first rerun; do
      o=$(col 4 "$d" ours "$phase" "$v" | median)
      c=$(col 4 "$d" rclone "$phase" "$v" | median)
      bad=$(awk -F'\t' -v d="$d" -v p="$phase" -v v="$v" '$1==d && $3==p && $8==v && $5!=0 {print $2}' "$RESULTS" | sort | uniq -c | tr '\n' ' ')
      awk -v d="$d" -v m="$v" -v p="$phase" -v o="$o" -v c="$c" -v n="$n" -v b="$bytes" -v bad="${bad:--}" 'BEGIN {
        printf "%-3s %-10s %-6s %9.2f %9.2f %10.1f %10.1f %10.0f %10.0f %12.2f %s\n", d, m, p, o, c, b/1e6/o, b/1e6/c, n/o, n/c, o/c, bad }'
    done
  done
done
echo
echo "median CPU seconds per run (user+system): client process, and the server's share during the run;"
echo "srv_ms/obj: the server's CPU milliseconds per object. Both tools send the same requests per object (the PUT or"
echo "the parts of an upload, and a GET in s3, url and cos-stream modes); the dialect proxy computes CRC-64 and"
echo "translates headers for COS-dialect requests (ours) only, so this column shows what that extra server work costs"
printf '%-3s %-10s %-6s %10s %10s %10s %10s %14s %14s\n' set mode run ours_cli ours_srv rcl_cli rcl_srv ours_srv_ms/obj rcl_srv_ms/obj
for d in $DATASETS; do
  read -r n _ < <(describe "$d")
  for v in $VARIANTS; do
    for phase in first rerun; do
      oc=$(col 6 "$d" ours "$phase" "$v" | median)
      os=$(col 7 "$d" ours "$phase" "$v" | median)
      cc=$(col 6 "$d" rclone "$phase" "$v" | median)
      cs=$(col 7 "$d" rclone "$phase" "$v" | median)
      printf '%-3s %-10s %-6s %10.2f %10.2f %10.2f %10.2f %14.3f %14.3f\n' "$d" "$v" "$phase" "$oc" "$os" "$cc" "$cs" \
        "$(echo "1000 * $os / $n" | bc -l)" "$(echo "1000 * $cs / $n" | bc -l)"
    done
  done
done
if [[ "$MODE" == "cos" ]]; then
  echo
  echo "check, round 1: cos-migrate's report (bytes through the client, how objects were verified);"
  echo "rclone's -v log (files copied server-side, copied through it, and whose modification time it updated)"
  for d in $DATASETS; do
    for v in $VARIANTS; do
      for phase in first rerun; do
        stem=$(awk -F'\t' -v d="$d" -v v="$v" -v p="$phase" '$1==d && $2=="ours" && $3==p && $8==v {print $9; exit}' "$RESULTS")
        ours=$(tr -d "\n" < "$BENCH/logs/$stem.json" | sed -E 's/.*"skipped": ([0-9]+).*"verifiedBy": (\{[^}]*\}).*"bytesTransferred": ([0-9]+).*/skipped \1, bytesTransferred \3, verifiedBy \2/' || echo "no report")
        stem=$(awk -F'\t' -v d="$d" -v v="$v" -v p="$phase" '$1==d && $2=="rclone" && $3==p && $8==v {print $9; exit}' "$RESULTS")
        f="$BENCH/logs/$stem.err"
        printf '%-3s %-10s %-6s ours:   %s\n' "$d" "$v" "$phase" "$ours"
        printf '%-3s %-10s %-6s rclone: server-side copies %s, copied through it %s, modification times updated %s\n' "$d" "$v" "$phase" \
          "$(grep -c 'Copied (server-side copy)' "$f" || true)" "$(grep -c 'Copied (new)\|Copied (replaced' "$f" || true)" \
          "$(grep -c 'Updated modification time' "$f" || true)"
      done
    done
  done
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(ours/rclone < 1 means cos-migrate took less time; MB = 10^6 bytes; rerun = same command again, nothing changed)"
echo "raw results: $RESULTS"
