#!/usr/bin/env bash
# Refresh viz/vendor from the npm registry, checking each tarball against the hash in viz/vendor/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fetch() {  # name version sha256
  (cd "$work" && npm pack --silent "$1@$2" >/dev/null)
  echo "$3  $work/$1-$2.tgz" | sha256sum -c --quiet
  mkdir -p "$work/$1" && tar xzf "$work/$1-$2.tgz" -C "$work/$1"
}
fetch leaflet 1.9.4 84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77
fetch vis-network 10.1.5 33178a58abef773d4f8e77425d7b74c0a250349102f4c75f4a9d170ca3f1f437
mkdir -p viz/vendor/leaflet/images viz/vendor/vis-network
cp "$work"/leaflet/package/dist/{leaflet.js,leaflet.css} "$work"/leaflet/package/LICENSE viz/vendor/leaflet/
cp "$work"/leaflet/package/dist/images/* viz/vendor/leaflet/images/
cp "$work"/vis-network/package/standalone/umd/vis-network.min.js "$work"/vis-network/package/LICENSE-{MIT,APACHE-2.0} viz/vendor/vis-network/
echo "viz/vendor refreshed"
