# Sourced (POSIX sh or bash), never run: puts a supported Node first on PATH.
#
#   . scripts/node.sh        # from the repository root, as npm scripts and .ci/run are
#
# Uses the machine's node when package.json's `engines` range takes it (^22.22.3 || >=24.15.0; 24
# LTS is what the images ship); otherwise installs Node 24 once into $EVENTLINE_CACHE/node (default
# .cache/node in the checkout) from the npm registry's `node-linux-<arch>` package, whose bin/ holds
# the official binary: the registry is the one source of packages our machines reach, and npm is
# there wherever Node is.
# EVENTLINE_NODE_MAJOR=24 forces the cached Node even when the machine's would do.

# package.json's `engines.node`, written out: no semver library is installed before `npm ci`.
eventline_node_supported() {
  node -e 'const [a, b, c] = process.versions.node.split(".").map(Number);
    process.exit((a === 22 && (b > 22 || (b === 22 && c >= 3))) || (a === 24 && b >= 15) || a > 24 ? 0 : 1)' \
    2>/dev/null
}

eventline_node_install() {
  _dir=${EVENTLINE_CACHE:-$(pwd)/.cache}/node
  _major=${EVENTLINE_NODE_MAJOR:-24}
  case $(uname -m) in
    x86_64) _arch=x64 ;;
    aarch64 | arm64) _arch=arm64 ;;
    *) echo "node.sh: no Node package for $(uname -m); install Node 24 yourself" >&2; return 1 ;;
  esac
  if [ ! -x "$_dir/package/bin/node" ] || [ "$("$_dir/package/bin/node" -p 'process.versions.node.split(".")[0]')" != "$_major" ]; then
    command -v npm >/dev/null 2>&1 || { echo "node.sh: npm is needed to fetch Node $_major" >&2; return 1; }
    echo "node.sh: installing Node $_major (npm package node-linux-$_arch@$_major) into $_dir" >&2
    mkdir -p "$_dir"
    _tmp=$(mktemp -d "$_dir/.install.XXXXXX")
    _tgz=$(cd "$_tmp" && npm pack --silent "node-linux-$_arch@$_major") &&
      tar -xzf "$_tmp/$_tgz" -C "$_tmp" &&
      # Replaced in one rename, so a concurrent run never sees half a Node.
      rm -rf "$_dir/package.old" &&
      { [ ! -e "$_dir/package" ] || mv "$_dir/package" "$_dir/package.old"; } &&
      mv "$_tmp/package" "$_dir/package"
    _status=$?
    rm -rf "$_tmp" "$_dir/package.old"
    [ "$_status" -eq 0 ] || return "$_status"
  fi
  PATH=$_dir/package/bin:$PATH
  export PATH
}

if [ -n "${EVENTLINE_NODE_MAJOR:-}" ] || ! eventline_node_supported; then
  eventline_node_install || return 1 2>/dev/null || exit 1
fi
