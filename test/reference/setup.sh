#!/usr/bin/env bash
# Creates the reference environment (.venv-ref) from this machine's local wheel index: real
# TensorFlow / Keras (and, with --torch, PyTorch + ONNX) to referee our numbers. Offline: pip is
# given --no-index and the index's files folder, so it never waits on the network. Idempotent:
# a stamp records what was installed; a second call with the same set returns at once.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.venv-ref
pkgs=(tensorflow_cpu==2.21.0 keras==3.15.1 h5py)
for arg in "$@"; do
  case "$arg" in
    --torch) pkgs+=("torch==2.13.0+cpu" onnx onnxruntime) ;;
    *) echo "usage: $0 [--torch]" >&2; exit 2 ;;
  esac
done
stamp="$venv/.netwright-stamp"
want="${pkgs[*]}"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && grep -qxF "$want" "$stamp"; then
  echo "reference environment ready: $venv ($want)"; exit 0
fi
# The local index: pip's find-links plus the files folder next to each file:// simple index.
links=()
while IFS= read -r line; do
  for url in $line; do
    case "$url" in
      file://*/simple) d="${url#file://}"; d="${d%/simple}/files"; [ -d "$d" ] && links+=(--find-links "$d") ;;
      /*) [ -d "$url" ] && links+=(--find-links "$url") ;;
    esac
  done
done < <(python3 -m pip config list 2>/dev/null | sed -nE "s/^[^=]*(find-links|extra-index-url|index-url)='(.*)'$/\2/p")
if [ ${#links[@]} -eq 0 ]; then
  echo "no local wheel index found (pip config list names none); the reference tier will be skipped" >&2; exit 1
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check --no-index "${links[@]}" "${pkgs[@]}"
echo "$want" > "$stamp"
echo "reference environment ready: $venv ($want)"
