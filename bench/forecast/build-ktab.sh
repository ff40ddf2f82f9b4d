#!/usr/bin/env bash
# Build KTAB's command-line spatial model of politics (smpc) with optimisation, outside the
# repository. Usage: build-ktab.sh SCRATCH_DIR
#   KTAB_SRC=/path/to/KTAB-checkout  use an existing source tree (else it is cloned from GitHub)
#   KTAB_CXXFLAGS="-O2"              optimisation flags (default -O2 -DNDEBUG)
# Needs the Debian packages: g++ libtinyxml2-dev libsqlite3-dev qtbase5-dev libqt5sql5-sqlite
# libeasyloggingpp-dev. KTAB's own CMake files force a Debug build; this script compiles the same
# sources directly with g++ instead, so the flags are the ones given here.
set -euo pipefail
scratch=${1:?usage: build-ktab.sh SCRATCH_DIR}
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
src=${KTAB_SRC:-$scratch/KTAB-src}
if [ ! -f "$src/examples/smp/libsrc/smp.cpp" ]; then
  git clone --depth 1 https://github.com/KAPSARC/KTAB "$src"
fi
flags=${KTAB_CXXFLAGS:--O2 -DNDEBUG}
out=$scratch/build
mkdir -p "$out"
defs="-DAUTO_INITIALIZE_EASYLOGGINGPP -DELPP_NO_DEFAULT_LOG_FILE -DELPP_THREAD_SAFE \
 -DELPP_FORCE_USE_STD_THREAD -DELPP_UTC_DATETIME -DELPP_DEFAULT_LOGGING_FLAGS=8192"
qt=$(pkg-config --cflags Qt5Core Qt5Sql)
qtl=$(pkg-config --libs Qt5Core Qt5Sql)
inc="-I$src/KTAB/kutils/libsrc -I$src/KTAB/kmodel/libsrc -I$src/examples/smp/libsrc \
 -I$src/examples/smp/src -I$src/minicsv -I/usr/include"
objs=()
for f in "$src"/KTAB/kutils/libsrc/{kutils,prng,gaopt,kmatrix,hcsearch,vimcp}.cpp \
         "$src"/KTAB/kmodel/libsrc/{kmodel,kmodelsql,emodel,kstate,kposition}.cpp \
         "$src"/examples/smp/libsrc/{smp,smpbcn,smpread,smpsql}.cpp \
         "$src"/examples/smp/src/demosmp.cpp /usr/include/easylogging++.cc; do
  o="$out/$(basename "${f%.*}").o"
  if [ ! -f "$o" ] || [ "$f" -nt "$o" ]; then
    g++ -std=c++11 -pthread -fPIC $flags $defs $qt $inc -w -c "$f" -o "$o" &
  fi
  objs+=("$o")
  while [ "$(jobs -rp | wc -l)" -ge 2 ]; do sleep 0.2; done
done
wait
g++ -pthread $flags "${objs[@]}" -o "$out/smpc" $qtl -ltinyxml2 -lsqlite3
# a driver that sets KTAB's model parameters (smpc always uses the defaults)
here=$(cd "$(dirname "$0")" && pwd)
libobjs=()
for o in "${objs[@]}"; do [ "$(basename "$o")" = demosmp.o ] || libobjs+=("$o"); done
g++ -std=c++11 -pthread -fPIC $flags $defs $qt $inc -w "$here/ktab_params.cpp" "${libobjs[@]}" \
  -o "$out/ktab_params" $qtl -ltinyxml2 -lsqlite3
cp "$src/examples/smp/smpc-logger.conf" "$out/" 2>/dev/null || true
echo "$out/smpc"
