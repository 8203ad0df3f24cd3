#!/usr/bin/env bash
# Proves the README's first command works on a fresh machine: builds a minimal Debian 12 root with debootstrap,
# copies this machine's .NET SDK into it, clones the committed HEAD of this repository (shared/ beside it, as CI
# has it), and runs `./mae demo` inside it as root, which must install the native packages, restore, build and
# fill the sample photos. Exits non-zero, loudly, when any step fails. Caches nothing across runs.
#
#   tools/fresh-root-check.sh [--test [ARGS]]   --test: also run `./mae test ARGS` in the root afterwards
#
# Needs root (debootstrap, chroot, mounts) and network (Debian mirror, NuGet). Uncommitted changes are not
# checked: the root gets a clone of HEAD. MAE_FRESH_ROOT_DIR picks the scratch folder (default: under /var/tmp);
# MAE_FRESH_ROOT_KEEP=1 keeps it; MAE_DEBIAN_MIRROR picks the mirror. Called by .ci/run.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
run_tests=0
test_args=()
if [[ "${1:-}" == "--test" ]]; then
    run_tests=1
    shift
    test_args=("$@")
elif (($# > 0)); then
    echo "fresh-root: error: unknown argument '$1' (usage: tools/fresh-root-check.sh [--test [ARGS]])" >&2
    exit 1
fi

fail() {
    echo "fresh-root: FAILED: $*" >&2
    exit 1
}

[[ "$(id -u)" -eq 0 ]] || fail "must run as root (debootstrap, chroot and bind mounts need it)"
command -v dotnet >/dev/null || fail "'dotnet' is not on PATH: the .NET SDK is copied from this machine"
if ! command -v debootstrap >/dev/null; then
    echo "fresh-root: installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >/dev/null \
        || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >/dev/null; } \
        || fail "cannot install debootstrap"
fi

start=$SECONDS
step_start=$SECONDS
step() {
    echo "fresh-root: $1 ($((SECONDS - step_start)) s; $((SECONDS - start)) s in all)"
    step_start=$SECONDS
}

work="$(mktemp -d "${MAE_FRESH_ROOT_DIR:-/var/tmp}/mae-fresh-root.XXXXXX")"
rootfs="$work/root"
mounts=()
cleanup() {
    local rc=$? i
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount -l "${mounts[$i]}" 2>/dev/null || echo "fresh-root: warning: could not unmount ${mounts[$i]}" >&2
    done
    if [[ "${MAE_FRESH_ROOT_KEEP:-}" == 1 ]]; then
        echo "fresh-root: kept $work"
    elif ! grep -q " $work" /proc/mounts; then
        rm -rf "$work"
    else
        echo "fresh-root: warning: mounts remain under $work; not deleting it" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "fresh-root: debootstrap --variant=minbase bookworm into $rootfs"
debootstrap --variant=minbase bookworm "$rootfs" "${MAE_DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
    >"$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log" >&2; fail "debootstrap"; }
step "minimal Debian 12 root ready"

# The SDK only, as a fresh machine with the .NET SDK has it: nothing of this machine's NuGet cache or packages.
sdk="$(dirname "$(readlink -f "$(command -v dotnet)")")"
mkdir -p "$rootfs/usr/share/dotnet"
cp -a "$sdk/." "$rootfs/usr/share/dotnet/"
ln -sf /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
git clone -q --no-hardlinks "$repo" "$rootfs/ci/repo"
git -C "$rootfs/ci/repo" checkout -q "$(git -C "$repo" rev-parse HEAD)"
if [[ -d "$repo/../shared" ]]; then
    cp -a "$repo/../shared" "$rootfs/ci/shared"
else
    echo "fresh-root: warning: $repo/../shared is missing; tests that read shared fixtures will fail" >&2
fi
cp -L /etc/resolv.conf "$rootfs/etc/resolv.conf"
# The host's own extra root certificates (a TLS-intercepting proxy's, for one) so the root reaches NuGet as the host
# does; installing ca-certificates (./mae setup) adds them to the root's store. Not a project dependency.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$rootfs/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
fi
step "SDK $(dotnet --version) and a clone of $(git -C "$repo" rev-parse --short HEAD) copied in"

for m in proc sys dev dev/pts; do
    case "$m" in
        proc) mount -t proc proc "$rootfs/proc" ;;
        sys) mount -t sysfs sys "$rootfs/sys" ;;
        *) mount --bind "/$m" "$rootfs/$m" ;;
    esac || fail "cannot mount /$m in the root (a container needs CAP_SYS_ADMIN for this check)"
    mounts+=("$rootfs/$m")
done

in_root() {
    chroot "$rootfs" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 TERM=dumb DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 CI=true \
        bash -c "cd /ci/repo && $1"
}

# A fresh minbase root has no package lists; ./mae's setup runs apt-get update itself before installing.
echo "fresh-root: ./mae demo (the README's first command)"
if ! in_root "./mae demo --out /ci/out/demo"; then
    fail "./mae demo exited non-zero in the fresh root (see above)"
fi
[[ -f "$rootfs/ci/out/demo/report.md" ]] || fail "./mae demo wrote no report.md"
step "./mae demo passed"

# Every native library the project loads must find all its dependencies. ldd on the build output, where the
# libtorch libraries sit beside TorchSharp's shim (their RUNPATH is $ORIGIN); a "weak version" line is not fatal
# (build/TorchSharpGlibcxxFix.targets weakens the shim's GLIBCXX_3.4.32 need on Debian 12).
libs="$(in_root "ls artifacts/bin/MaeRealtime.Editor/release/runtimes/linux-x64/native/*.so* \
    /usr/lib/x86_64-linux-gnu/{libvulkan.so.1,libvulkan_lvp.so,libglfw.so.3,libVkLayer_khronos_validation.so}")"
missing=0
for lib in $libs; do
    lacks="$(in_root "ldd '$lib'" 2>&1 | grep 'not found' | grep -v 'weak version' || true)"
    if [[ -n "$lacks" ]]; then
        echo "fresh-root: $lib lacks:" >&2
        echo "$lacks" >&2
        missing=1
    fi
done
((missing == 0)) || fail "native libraries with missing dependencies (above)"
step "ldd: $(echo "$libs" | wc -w) native libraries resolve every dependency"

if ((run_tests)); then
    echo "fresh-root: ./mae test ${test_args[*]}"
    if ! in_root "./mae test $(printf '%q ' "${test_args[@]}")"; then
        fail "./mae test exited non-zero in the fresh root (see above)"
    fi
    step "./mae test passed"
fi

echo "fresh-root: OK in $((SECONDS - start)) s"
