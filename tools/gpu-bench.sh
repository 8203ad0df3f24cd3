#!/usr/bin/env bash
# Runs the whole frame bench table on the current machine's GPU and writes it into docs/PERFORMANCE.md, between
# the markers "<!-- gpu-bench:begin -->" and "<!-- gpu-bench:end -->" (the rest of the page is left alone).
#   tools/gpu-bench.sh [--model FILE] [--frames N] [--out DIR] [--no-doc]
# Frames: 1920x1080 and 3840x2160; holes: 0, 1, 5, 20 %; then 1080p at 5 % with --history and with --history --depth
# (the temporal path), and 1080p at 5 % with fp32 activations (MAE_ACTIVATIONS=fp32; the default is fp16 wherever the
# device has 16-bit storage). One JSON file per run under DIR (default out/gpu-bench).
# Meant for a machine with a real GPU (the runtime then picks the tiled kernel family by itself); on lavapipe the
# 4K rows take many minutes each.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
model=""
frames=20
out="$root/out/gpu-bench"
doc=1
while (($#)); do
    case "$1" in
        --model) model="$2"; shift 2 ;;
        --frames) frames="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --no-doc) doc=0; shift ;;
        *) echo "gpu-bench: unknown argument '$1'" >&2; exit 1 ;;
    esac
done

mkdir -p "$out"
model_args=()
[[ -n "$model" ]] && model_args=(--model "$model")

# A numeric field of a one-line JSON object (the bench prints flat numbers for the fields used here).
field() { sed -n "s/.*\"$2\":\([-0-9.eE+]*\).*/\1/p" "$1"; }
text() { sed -n "s/.*\"$2\":\"\([^\"]*\)\".*/\1/p" "$1"; }

rows=()
# One bench run: frame size, hole fraction, then extra bench flags (the temporal inputs), each a row of the table.
run() {
    local size="$1" holes="$2"; shift 2
    local w="${size%x*}" h="${size#*x}" tag inputs="none"
    tag="$(printf '%s' "$*" | tr -d ' -')"
    [[ -n "$*" ]] && inputs="$*"
    [[ -n "${MAE_ACTIVATIONS:-}" ]] && tag="${tag}${MAE_ACTIVATIONS}"
    local json="$out/bench-${size}-${holes}${tag:+-$tag}.json"
    echo "gpu-bench: $size, holes $holes, inputs $inputs" >&2
    "$root/mae" bench "${model_args[@]}" --width "$w" --height "$h" --holes "$holes" --frames "$frames" --json "$@" >"$json"
    rows+=("| ${w}x${h} | $(awk "BEGIN { printf \"%g %%\", $holes * 100 }") | $inputs | $(text "$json" activations) | $(field "$json" tiles) / $(field "$json" gridTiles) | $(field "$json" gflopDispatchedPerFrame) | $(field "$json" activationMBPerFrame) | $(field "$json" gpuMsPerFrame) | $(field "$json" cpuUsPerFrame) | $(field "$json" gcBytesPerFrame) |")
    device="$(text "$json" device)"
    kernels="$(text "$json" kernelFamily)"
}

for size in 1920x1080 3840x2160; do
    for holes in 0 0.01 0.05 0.2; do
        run "$size" "$holes"
    done
done

# The temporal path's cost (docs/INTEGRATION.md section 17): history with zero motion, then with a depth plane too.
run 1920x1080 0.05 --history
run 1920x1080 0.05 --history --depth
# fp32 activations, against the default row's fp16 (the same frame).
MAE_ACTIVATIONS=fp32 run 1920x1080 0.05

table="$(printf '%s\n' \
    "Measured by \`tools/gpu-bench.sh\` on $(date -u +%Y-%m-%d): $device ($kernels kernels), $frames timed frames per row." \
    "" \
    "| frame | holes | inputs | activations | tiles run | GFLOP dispatched | activation MB | GPU ms / frame | CPU us / Record | GC B / frame |" \
    "|---|---|---|---|---|---|---|---|---|---|" \
    "${rows[@]}")"
echo "$table"

if ((doc)); then
    page="$root/docs/PERFORMANCE.md"
    if ! grep -q '<!-- gpu-bench:begin -->' "$page" || ! grep -q '<!-- gpu-bench:end -->' "$page"; then
        echo "gpu-bench: error: $page lacks the gpu-bench markers" >&2
        exit 1
    fi

    tmp="$(mktemp "$page.XXXXXX")"
    awk -v table="$table" '
        /<!-- gpu-bench:begin -->/ { print; print table; skip = 1; next }
        /<!-- gpu-bench:end -->/ { skip = 0 }
        !skip { print }' "$page" >"$tmp"
    mv "$tmp" "$page"
    echo "gpu-bench: wrote the GPU rows of $page" >&2
fi
