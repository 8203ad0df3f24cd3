#!/usr/bin/env bash
# Builds libmaert.so (NativeAOT) and packs it with its header, the C sample and a README for integrators:
#   tools/pack-native.sh            -> artifacts/packages/maert-<version>-linux-x64.tar.gz
# The version is the header's MAERT_HEADER_VERSION. Needs clang and libvulkan-dev (tools/bootstrap.sh).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
rid=linux-x64
header="$root/Runtime/Native/include/maert.h"
version="$(sed -n 's/^#define MAERT_HEADER_VERSION MAERT_MAKE_VERSION(\([0-9]*\), \([0-9]*\), \([0-9]*\)).*/\1.\2.\3/p' "$header")"
if [[ -z "$version" ]]; then
    echo "pack-native: error: MAERT_HEADER_VERSION not found in $header" >&2
    exit 1
fi

dotnet publish "$root/Runtime/Native/MaeRealtime.Native.csproj" -c Release -r "$rid" -v q --nologo -tl:off -clp:ErrorsOnly
lib="$root/artifacts/publish/MaeRealtime.Native/release_$rid/libmaert.so"

# Refuse to ship a library whose exports drifted from the header.
declared="$(grep -o '^MAERT_API [^;(]*(' "$header" | sed 's/.*[^a-z_]\(maert_[a-z_]*\) *($/\1/' | sort)"
exported="$(nm -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' | sort)"
if [[ "$declared" != "$exported" ]]; then
    echo "pack-native: error: libmaert.so exports differ from maert.h:" >&2
    diff <(echo "$declared") <(echo "$exported") >&2 || true
    exit 1
fi

name="maert-$version-$rid"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/lib" "$stage/$name/include" "$stage/$name/samples/chost" "$stage/$name/models"
cp "$lib" "$stage/$name/lib/libmaert.so"
[[ -f "$lib.dbg" ]] && cp "$lib.dbg" "$stage/$name/lib/libmaert.so.dbg"
cp "$header" "$stage/$name/include/"
cp "$root"/Samples/CHost/{main.c,host.c,host.h,png.c,png.h} "$stage/$name/samples/chost/"
cp "$root/Samples/Models/mae-default.maew" "$stage/$name/models/"
cp "$root/docs/MODEL_CARD.md" "$stage/$name/models/"
cat > "$stage/$name/samples/chost/Makefile" <<'MAKE'
# cc, the Vulkan headers (libvulkan-dev) and libvulkan.so; libmaert.so from ../../lib.
CFLAGS ?= -O2
CFLAGS += -std=c11 -Wall -Wextra -I../../include
chost: main.c host.c png.c host.h png.h ../../include/maert.h
	$(CC) $(CFLAGS) -o $@ main.c host.c png.c -L../../lib -lmaert -lvulkan -Wl,-rpath,'$$ORIGIN/../../lib'
MAKE
cat > "$stage/$name/README.md" <<README
# libmaert $version ($rid)

MaeRealtime's C ABI: real-time neural inpainting recorded into your own Vulkan command buffers.

| Path | What |
|------|------|
| \`lib/libmaert.so\` | The library (self-contained: built with .NET NativeAOT; needs glibc and nothing else, not even libvulkan: it calls Vulkan only through the \`vkGetInstanceProcAddr\` you pass). \`libmaert.so.dbg\`: its debug symbols. |
| \`include/maert.h\` | The header: C11 and C++, depends on \`<vulkan/vulkan_core.h>\`. Lifetime, threading rules, errors and versioning are in its opening comment. |
| \`samples/chost/\` | A complete C host: owns its device, uploads a frame with holes, records the pass, writes PNGs. \`make && ./chost --model ../../models/mae-default.maew --validation\` |
| \`models/mae-default.maew\` | The default model and its model card (training data and their licences). |

Requirements: a Vulkan 1.2 instance and device, a queue family with compute; no device extension or feature.
Per frame: colour and mask in \`SHADER_READ_ONLY_OPTIMAL\` (writes visible to compute-shader reads), the output
in \`GENERAL\`; after \`maert_record\` the output was written by \`COMPUTE_SHADER\` / \`SHADER_WRITE\`. Call it
outside a render pass; re-bind your compute state afterwards.

The full guide, including what to take from Unity, Unreal and Godot, is docs/INTEGRATION.md (sections 14 and
15) in the MaeRealtime repository.

Exported symbols (\`nm -D --defined-only lib/libmaert.so\`, version node \`MAERT_1.0\`):

$(echo "$exported" | sed 's/^/    /')
README

mkdir -p "$root/artifacts/packages"
out="$root/artifacts/packages/$name.tar.gz"
tar -C "$stage" --owner=0 --group=0 --sort=name -czf "$out" "$name"
echo "$out"
