#!/usr/bin/env bash
# Checks what MaeRealtime and its tests need on Debian 12 / Ubuntu: the .NET SDK and the native
# packages below. Missing packages are installed when running as root, otherwise the exact
# `sudo apt-get install` command is printed and the script exits 1. Quiet when all is present.
# Called by `./mae setup`, `./mae test` and CI; safe to run any number of times.
#
# MAE_BOOTSTRAP_AS_USER=1 takes the non-root branch even as root (to test the printed command).
set -euo pipefail

packages=(
    ca-certificates         # NuGet restores over HTTPS (a minimal Debian has no root certificates)
    libvulkan1              # Vulkan loader
    mesa-vulkan-drivers     # lavapipe: Vulkan on the CPU, used by the tests
    vulkan-validationlayers # VK_LAYER_KHRONOS_validation (MAE_VALIDATION=1)
    glslc                   # compiles Shaders/*.comp to SPIR-V at build time
    libglfw3                # window of the sample viewer
    xvfb                    # virtual X display for windowed tests on headless machines
    xauth                   # xvfb-run needs it (only recommended by xvfb) for headless viewer runs
    clang libvulkan-dev     # NativeAOT's linker driver for libmaert.so; Vulkan headers for maert.h and Samples/CHost
    libatomic1              # libOpenCvSharpExtern.so links it (not in a minimal Debian)
    libgtk-3-0              # OpenCvSharpExtern (OpenCV's official Linux build links GTK 3) for the eval's
                            # Telea/NS baselines; it also brings fontconfig and DejaVu fonts for ScottPlot charts
)

if ! command -v dotnet >/dev/null 2>&1; then
    echo "mae: error: 'dotnet' was not found on PATH. Install the .NET 10 SDK" \
        "(https://learn.microsoft.com/dotnet/core/install/linux) and run this again." >&2
    exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "mae: error: dpkg-query was not found: this setup supports Debian and Ubuntu." \
        "Install the equivalents of: ${packages[*]}" >&2
    exit 1
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
        missing+=("$p")
    fi
done

if ((${#missing[@]} == 0)); then
    exit 0
fi

if [[ "$(id -u)" -ne 0 || "${MAE_BOOTSTRAP_AS_USER:-}" == 1 ]]; then
    echo "mae: error: missing native packages: ${missing[*]}. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "mae setup: installing ${missing[*]} (apt-get; its output is shown only if it fails)"
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "mae: error: installing the native packages failed (apt-get output above): ${missing[*]}" >&2
    exit 1
fi
echo "mae setup: installed"
