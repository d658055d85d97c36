#!/bin/sh
# Runs COMMAND with the installation tree PREFIX (a DESTDIR's usr/) laid over /usr, as the Debian package
# would install it, in a private mount namespace: read-only, seen by COMMAND only, gone when it ends.
#   run_over_usr.sh PREFIX COMMAND...
# Exits 77 (skipped) where this user may not mount (neither root nor unprivileged user namespaces).
set -eu
prefix=$(cd "$1" && pwd -P)
shift
for ns in "--mount" "--mount --map-root-user"; do
  # shellcheck disable=SC2086
  if unshare $ns sh -c "mount -t overlay overlay -o lowerdir='$prefix':/usr /usr" 2>/dev/null; then
    # shellcheck disable=SC2086
    exec unshare $ns sh -c 'mount -t overlay overlay -o lowerdir="$0":/usr /usr && exec "$@"' "$prefix" "$@"
  fi
done
echo "SKIPPED: cannot mount an overlay over /usr here (needs root or unprivileged user namespaces)"
exit 77
