#!/usr/bin/env bash
# Regenerates demo/live-demo.webm, the offline demo's stream: 8 s of a moving test card and a tone,
# 360x640 (a phone held upright), VP8 + Opus, ~150 KB. Needs Debian's ffmpeg (apt-get install ffmpeg);
# the file is committed, so neither npm start nor CI needs ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/.."
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=360x640:rate=15:duration=8" \
  -f lavfi -i "sine=frequency=440:duration=8" \
  -c:v libvpx -b:v 120k -c:a libopus -b:a 24k -shortest demo/live-demo.webm
ls -l demo/live-demo.webm
