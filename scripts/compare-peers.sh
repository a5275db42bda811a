#!/usr/bin/env bash
# One command: cos-migrate `local` against the original tool (cos_migrate_tool_v5) and rclone `--transfers 64`,
# interleaved rounds on datasets S, M, L and a no-op rerun of S, every run checked by count, bytes and the md5 of
# every object; prints medians, ratios (ours ÷ peer) and issue 11's targets met or not.
#
#   ORIG_GIT_DIR=/path/to/cos_migrate_tool_v5.git scripts/compare-peers.sh      # 3 rounds, S M L + S rerun
#   ROUNDS=1 NOOP_ROUNDS=1 DATASETS=S scripts/compare-peers.sh                  # once the workspace exists
#
# It drives the team's peer harness (../shared/bench/peers, see its README) unchanged in method: two S3Proxy
# processes sharing one store (the original tool can only address BUCKET.cos.REGION.myqcloud.com and reaches the
# second one through its proxyHost/proxyPort keys), one fresh bucket per run, /usr/bin/time -v, `rclone check
# --download` for the md5s. The original tool is built from a git copy of its public repository (ORIG_GIT_DIR,
# needed on first use only) inside the scratch workspace; nothing of it enters this repository.
# cos-migrate is measured at this checkout's HEAD commit (uncommitted changes are not measured: a warning says so),
# through its launcher, as a user runs it.
#
# Environment: ORIG_GIT_DIR, PEERS (scratch workspace, default work-data/peers), HARNESS (default
# ../shared/bench/peers), ROUNDS (3), NOOP_ROUNDS (= ROUNDS), DATASETS ("S M L"), TOOLS ("orig rclone cm";
# "tm" adds the AWS Transfer Manager), QUIET_TRIES and QUIET_SLEEP (before each run the harness waits until the
# machine is < 25% busy: up to QUIET_TRIES checks QUIET_SLEEP s apart; default 12 x 4 s as in the harness; on a
# shared machine that never gets quiet, QUIET_TRIES=1 saves a minute per run), KEEP_DATA=1 (keep the servers'
# store of the run, ~12 GB for 3 rounds; removed by default once every object's md5 has been checked).
# Not part of the test suite: it takes minutes (about 16 for 3 rounds on a quiet 2-core machine).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
HARNESS="${HARNESS:-$ROOT/../shared/bench/peers}"
export PEERS="${PEERS:-$ROOT/work-data/peers}"
export ROUNDS="${ROUNDS:-3}"
export NOOP_ROUNDS="${NOOP_ROUNDS:-$ROUNDS}"
export DATASETS="${DATASETS:-S M L}"
export TOOLS="${TOOLS:-orig rclone cm}"
QUIET_TRIES="${QUIET_TRIES:-12}"
QUIET_SLEEP="${QUIET_SLEEP:-4}"
log() { echo "[compare-peers] $*" >&2; }
die() { echo "[compare-peers] $*" >&2; exit 1; }

[[ -x "$HARNESS/bench.sh" && -x "$HARNESS/setup.sh" ]] || die "no peer harness at $HARNESS (set HARNESS)"
for c in rclone /usr/bin/time python3 curl mvn git; do
  command -v "$c" >/dev/null 2>&1 || die "$c is needed (rclone, time: apt-get install rclone time)"
done

# ---------------------------------------------------------------- workspace (once)
if [[ ! -f "$PEERS/orig/dep/cos_migrate_tool-1.4.18-jar-with-dependencies.jar" || ! -f "$PEERS/data/manifest-L.txt" \
      || ! -s "$PEERS/s3proxy/s3proxy.cp" || ! -d "$PEERS/cm/.git" ]]; then
  [[ -n "${ORIG_GIT_DIR:-}" ]] || die "first use: set ORIG_GIT_DIR to a git copy of github.com/tencentyun/cos_migrate_tool_v5"
  log "setting up $PEERS (builds the original tool and the S3Proxy launcher, clones this repository, writes ~1.3 GB of data)"
  mkdir -p "$PEERS"
  PROJECT="$ROOT" "$HARNESS/setup.sh" "$ORIG_GIT_DIR" > "$PEERS/setup.log" 2>&1 || { tail -20 "$PEERS/setup.log" >&2; die "setup failed (log: $PEERS/setup.log)"; }
fi

# the harness's scripts, fresh each time; only the quiet-machine wait is parameterised
cp "$HARNESS"/{bench.sh,lib.py,gen-data.py,summarize.py,rclone.conf.tmpl} "$PEERS/bench/"
sed -i "s/for _ in \$(seq 1 12); do b=\$(\$LIB idle1); \[ \"\$b\" -lt 25 \] \&\& break; sleep 4; done/for _ in \$(seq 1 $QUIET_TRIES); do b=\$(\$LIB idle1); [ \"\$b\" -lt 25 ] \&\& break; sleep $QUIET_SLEEP; done/" \
  "$PEERS/bench/bench.sh"
grep -q "seq 1 $QUIET_TRIES); do b=" "$PEERS/bench/bench.sh" || die "the harness's wait_quiet changed; update this script"
chmod +x "$PEERS"/bench/*.sh "$PEERS"/bench/*.py

# ---------------------------------------------------------------- cos-migrate at this checkout's HEAD
head="$(git -C "$ROOT" rev-parse HEAD)"
[[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]] || log "WARNING: uncommitted changes in $ROOT are not measured (HEAD $head is)"
git -C "$PEERS/cm" fetch -q "$ROOT" "$head"
git -C "$PEERS/cm" checkout -q --detach "$head"
log "cos-migrate at $(git -C "$PEERS/cm" log -1 --format='%h %s' | cut -c1-100)"
(cd "$PEERS/cm" && COS_MIGRATE_MVN_ARGS="${COS_MIGRATE_MVN_ARGS:--o}" ./cos-migrate --version > /dev/null) \
  || die "building cos-migrate in $PEERS/cm failed"
# the launcher's class-data archives or ahead-of-time caches are written by the harness's untimed warm-up run (W:
# 1,001 files, one of them multipart), as by a user's first run after a build; never by an earlier checkout's runs
rm -f "$PEERS"/cm/migrate-cli/target/cos-migrate-*.jsa "$PEERS"/cm/migrate-cli/target/cos-migrate-*.aot

# ---------------------------------------------------------------- run
OUT="$PEERS/runs/$(date -u +%Y%m%dT%H%M%SZ)"
log "run folder $OUT; ROUNDS=$ROUNDS NOOP_ROUNDS=$NOOP_ROUNDS DATASETS=\"$DATASETS\" TOOLS=\"$TOOLS\"; load $(cut -d' ' -f1-3 /proc/loadavg)"
"$PEERS/bench/bench.sh" "$OUT" >&2
python3 "$PEERS/bench/summarize.py" "$OUT/raw.tsv" > "$OUT/summary.md"
# the servers' store holds every run's copy (about 12 GB for 3 rounds of S, M and L); the md5s were checked
[[ "${KEEP_DATA:-0}" == "1" ]] || rm -rf "$OUT/srv"
cat "$OUT/summary.md"

# ---------------------------------------------------------------- issue 11's targets: wall ratio ceilings
python3 - "$OUT/raw.tsv" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
targets = [("run", "S", 0.40, 0.65), ("run", "M", 0.70, 0.85), ("run", "L", 0.75, 0.70), ("noop", "S", 0.50, 0.50)]
def med(phase, ds, tool):
    v = [float(r["wall_s"]) for r in rows if r["phase"] == phase and r["ds"] == ds and r["tool"] == tool]
    return statistics.median(v) if v else None
bad = [r for r in rows if r["phase"] != "warmup" and not (r["rc"] == "0" and r["count_bytes_ok"] == "yes" and r["md5_ok"] == "yes")]
print()
print("Issue 11 targets (median wall, ours ÷ peer at most):")
print()
print("| dataset | ÷ orig | target | ÷ rclone | target | met |")
print("|---|---|---|---|---|---|")
for phase, ds, t_orig, t_rcl in targets:
    cm, o, r = med(phase, ds, "cm"), med(phase, ds, "orig"), med(phase, ds, "rclone")
    if cm is None:
        continue
    ro = cm / o if o else None
    rr = cm / r if r else None
    met = all(x is None or x <= t for x, t in ((ro, t_orig), (rr, t_rcl)))
    fmt = lambda x: "n/a" if x is None else f"{x:.2f}"
    print(f"| {ds if phase == 'run' else 'S rerun'} | {fmt(ro)} | {t_orig} | {fmt(rr)} | {t_rcl} | {'yes' if met else 'NO'} |")
print()
print(f"runs not verified (exit code, count/bytes or md5): {len(bad)}" + "".join(f"\n  {r['phase']} {r['ds']} r{r['round']} {r['tool']}" for r in bad))
EOF
echo "raw results: $OUT/raw.tsv; log: $OUT/bench.log"
