#!/usr/bin/env bash
# Installs the Debian packages chaintwin needs, and only those missing. Quiet and quick when nothing is missing.
# Needs root (or sudo) only when something must be installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config       # toolchain
  libboost-dev libboost-graph-dev                    # Boost (Random concepts, Math, Graph)
  libtbb-dev                                         # parallel replications
  libhdf5-dev                                        # results files
  libeigen3-dev                                      # linear algebra
  librdkafka-dev                                     # Kafka client and its embedded mock cluster
  libyaml-cpp-dev                                    # scenario files
  libcli11-dev                                       # the command line
  libgtest-dev libgmock-dev                          # tests
  python3-simpy                                      # the SimPy peer of the benchmarks
  python3-h5py                                       # the test that reads results as a Python user would
  libsimdjson-dev                                    # JSON parsing: message decoding and the tests that decode streams
  python3-jsonschema                                 # the test that checks EPCIS output against GS1's JSON Schema
  kcat                                               # the test that reads the embedded broker from another process
)

# One dpkg-query for all packages: fast enough to run before every build.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null | awk '$4 == "installed" {print $1}' || true)
missing=()
for p in "${packages[@]}"; do
  grep -qx "$p" <<<"$installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing missing Debian packages: ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "error: installing packages needs root or sudo" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet; refresh them once if an install fails for that reason.
if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/chaintwin-apt.log 2>&1; then
  "${sudo[@]}" apt-get update -qq >/tmp/chaintwin-apt.log 2>&1
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/chaintwin-apt.log 2>&1 || {
    echo "error: apt-get could not install: ${missing[*]} (log: /tmp/chaintwin-apt.log)" >&2
    exit 1
  }
fi
