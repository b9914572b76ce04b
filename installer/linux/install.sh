#!/bin/sh
# Install the bundled app for the current user on Linux: the app folder, a `thidua` command,
# the menu entry and icon, and the .thidua file type. Run from a built tree: installer/linux/install.sh
# Options (environment): PREFIX (default ~/.local). Uninstall: installer/linux/install.sh --uninstall
# The user's data (~/.local/share/thidua) is never touched, by install or uninstall.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
PREFIX=${PREFIX:-$HOME/.local}
app="$PREFIX/lib/thidua"
bin="$PREFIX/bin"
share="$PREFIX/share"

if [ "${1:-}" = "--uninstall" ]; then
  done_msg="removed $app (your data in ~/.local/share/thidua is kept)"
  rm -rf "$app"
  rm -f "$bin/thidua" "$share/applications/thidua.desktop" "$share/applications/thidua-open.desktop" \
        "$share/mime/packages/thidua.xml"
  for size in 16 24 32 48 64 128 256 512; do rm -f "$share/icons/hicolor/${size}x${size}/apps/thidua.png"; done
  rm -f "$share/icons/hicolor/scalable/apps/thidua.svg"
else
  [ -x "$root/dist/thidua/thidua" ] || { echo "build the bundle first: make bundle" >&2; exit 1; }
  done_msg="installed into $app; start it from the menu or with: thidua"
  rm -rf "$app"
  mkdir -p "$app" "$bin" "$share/applications" "$share/mime/packages" "$share/icons/hicolor/scalable/apps"
  cp -a "$root/dist/thidua/." "$app/"
  ln -sf "$app/thidua" "$bin/thidua"
  for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$share/icons/hicolor/${size}x${size}/apps"
    cp "$root/resources/app-icon/thidua-$size.png" "$share/icons/hicolor/${size}x${size}/apps/thidua.png"
  done
  cp "$root/resources/app-icon/thidua.svg" "$share/icons/hicolor/scalable/apps/thidua.svg"
  # menus do not search ~/.local/bin on every desktop: point the entries at the installed program
  for entry in thidua thidua-open; do
    sed -e "s|^Exec=thidua|Exec=\"$app/thidua\"|" -e "s|^TryExec=thidua|TryExec=$app/thidua|" \
        "$here/$entry.desktop" > "$share/applications/$entry.desktop"
  done
  cp "$here/thidua-mime.xml" "$share/mime/packages/thidua.xml"
fi
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$share/mime" || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
echo "thidua: $done_msg"
