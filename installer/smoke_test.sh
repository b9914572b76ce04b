#!/usr/bin/env bash
# Smoke test of the built app folder (default dist/thidua): it must run with no Python at all.
#
# Every run uses `env -i` with a minimal environment (PATH=/usr/bin:/bin or an empty PATH, a
# temporary HOME and XDG folders, THIDUA_DB in a temporary file, LANG=C.UTF-8), from a temporary
# working directory, so nothing from the checkout, the venv or the user's data can be picked up.
# Checks: the bundle's layout (resources, migrations, no unused Qt), `thidua demo --out DIR` writes
# the documents (PDFs with the bundled fonts embedded), ranking, import-table, sign-off with a
# certificate and verify, and the desktop app rendering its views offscreen to PNG.
#
# Usage: installer/smoke_test.sh [BUNDLE_DIR]      (make bundle-test runs it after building)
# Keep the outputs (documents, screenshots) with THIDUA_SMOKE_DIR=/some/empty/dir.
set -euo pipefail

bundle=$(cd "${1:-dist/thidua}" && pwd)
exe="$bundle/thidua"
[ -x "$exe" ] || { echo "FAIL: $exe missing: run make bundle" >&2; exit 1; }

if [ -n "${THIDUA_SMOKE_DIR:-}" ]; then
  mkdir -p "$THIDUA_SMOKE_DIR"; tmp=$(cd "$THIDUA_SMOKE_DIR" && pwd)
else
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fi
mkdir -p "$tmp/home" "$tmp/nobin" "$tmp/run" && chmod 700 "$tmp/run"
started=$(date +%s)
failures=0
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; failures=$((failures + 1)); }
skip() { echo "  skip  $*"; }

# run PATH_VALUE CMD... : the bundled program in a minimal environment, from the temporary folder
run() {
  local path=$1; shift
  (cd "$tmp" && timeout 300 env -i PATH="$path" HOME="$tmp/home" LANG=C.UTF-8 \
     XDG_DATA_HOME="$tmp/home/.local/share" XDG_CONFIG_HOME="$tmp/home/.config" \
     XDG_CACHE_HOME="$tmp/home/.cache" XDG_STATE_HOME="$tmp/home/.local/state" XDG_RUNTIME_DIR="$tmp/run" \
     THIDUA_DB="$tmp/thidua.sqlite" THIDUA_CRASH_LOG="$tmp/crash.log" ${QT_QPA_PLATFORM:+QT_QPA_PLATFORM=$QT_QPA_PLATFORM} \
     "$exe" "$@")
}

echo "== bundle layout ($bundle)"
internal="$bundle/_internal"
for f in resources/fonts/LiberationSerif-Regular.ttf resources/app-icon/thidua-256.png \
         resources/help/vi/index.html resources/help/en/images/xep-hang.png resources/LICENSE \
         thidua/storage/migrations/env.py thidua/storage/migrations/versions/0001_initial.py \
         thidua/schemas/season.schema.json; do
  [ -f "$internal/$f" ] && pass "$f" || fail "$f missing"
done
unused=$(cd "$internal" && find . \( -name 'libQt6Qml*' -o -name 'libQt6Quick*' -o -name 'libQt6WebEngine*' \
         -o -name 'libQt6Multimedia*' -o -name 'libQt63D*' -o -name 'QtQml*' -o -name 'QtQuick*' \
         -o -name 'tkinter' -o -name 'pytest' -o -name 'hypothesis' -o -path '*/Qt/qml' \) -print | head -5)
[ -z "$unused" ] && pass "no QML/Quick/WebEngine/Multimedia/3D, tkinter or test frameworks" || fail "unused files shipped: $unused"

echo "== thidua demo --out (PATH=/usr/bin:/bin, no Python used)"
if run /usr/bin:/bin demo --out "$tmp/out" > "$tmp/demo.txt" 2>&1; then
  grep -q "Ninh Bình" "$tmp/demo.txt" && pass "ranking printed in Vietnamese (Ninh Bình first)" \
    || fail "no Vietnamese ranking in: $(head -3 "$tmp/demo.txt")"
else
  fail "demo exited with an error:"; sed 's/^/        /' "$tmp/demo.txt" | tail -20
fi
pdfs=$(find "$tmp/out" -name '*.pdf' 2>/dev/null | wc -l); xlsxs=$(find "$tmp/out" -name '*.xlsx' 2>/dev/null | wc -l)
docxs=$(find "$tmp/out" -name '*.docx' 2>/dev/null | wc -l)
[ "$pdfs" -ge 5 ] && [ "$xlsxs" -ge 5 ] && [ "$docxs" -ge 5 ] && pass "$pdfs PDF, $xlsxs Excel and $docxs Word documents written" \
  || fail "only $pdfs PDF, $xlsxs Excel and $docxs Word documents in $tmp/out"
for f in "$tmp"/out/*.docx; do [ "$(head -c 2 "$f")" = "PK" ] || fail "$(basename "$f") is not a Word document"; done
for f in "$tmp"/out/*.pdf; do [ "$(head -c 5 "$f")" = "%PDF-" ] || fail "$(basename "$f") is not a PDF"; done
for f in "$tmp"/out/*.xlsx; do [ "$(head -c 2 "$f")" = "PK" ] || fail "$(basename "$f") is not a workbook"; done
for f in ranking-2017.pdf scoring-table-2017.xlsx ranking-2017.json; do
  [ -s "$tmp/out/$f" ] && pass "$f" || fail "$f missing"
done
if command -v pdffonts >/dev/null 2>&1 && [ -f "$tmp/out/ranking-2017.pdf" ]; then
  pdffonts "$tmp/out/ranking-2017.pdf" | grep -q "LiberationSerif" \
    && pass "ranking-2017.pdf embeds the bundled Liberation Serif" || fail "bundled font not embedded in ranking-2017.pdf"
else
  skip "font check (pdffonts not installed)"
fi

echo "== command line with an empty PATH"
out=$(run "$tmp/nobin" --version 2>&1) && pass "$out" || fail "--version: $out"
if run "$tmp/nobin" ranking --cluster "dong bang song hong" --year 2017 --format json > "$tmp/ranking.json" 2>&1 \
   && grep -q '"rank": 1' "$tmp/ranking.json"; then
  pass "ranking --format json from the demo database"
else
  fail "ranking: $(head -c 300 "$tmp/ranking.json")"
fi
if run "$tmp/nobin" --db "$tmp/imported.sqlite" import-table "$tmp/out/scoring-table-2017.xlsx" > "$tmp/import.txt" 2>&1; then
  pass "import-table of the written scoring table into a new database"
else
  fail "import-table:"; tail -5 "$tmp/import.txt" | sed 's/^/        /'
fi
# .xls and .ods tables with no LibreOffice on PATH (the bundle reads them itself)
tables="$(cd "$(dirname "$0")/.." && pwd)/tests/fixtures/tables"
for f in tu-cham-cum-cham.xls mau-04-tieu-de-gop.ods; do
  if [ ! -f "$tables/$f" ]; then skip "$f (tests/fixtures not beside the bundle)"; continue; fi
  cp "$tables/$f" "$tmp/$f"
  if run "$tmp/nobin" --db "$tmp/imported-$f.sqlite" import-table "$tmp/$f" > "$tmp/import-$f.txt" 2>&1 \
     && grep -q "khớp" "$tmp/import-$f.txt"; then
    pass "import-table of $f without LibreOffice, totals checked"
  else
    fail "import-table $f:"; tail -5 "$tmp/import-$f.txt" | sed 's/^/        /'
  fi
done
if run "$tmp/nobin" export member-forms --cluster "hong" --year 2018 --out "$tmp/forms" > "$tmp/forms.txt" 2>&1 \
   && [ "$(find "$tmp/forms" -name '*.xlsx' | wc -l)" -eq 9 ] \
   && run "$tmp/nobin" import-forms "$tmp/forms/"*"Hà Nam.xlsx" > "$tmp/forms-in.txt" 2>&1; then
  pass "export member-forms (9 workbooks) and import-forms preview"
else
  fail "member forms:"; tail -5 "$tmp/forms.txt" "$tmp/forms-in.txt" 2>/dev/null | sed 's/^/        /'
fi

if run "$tmp/nobin" export season --cluster "dong bang song hong" --year 2017 --out "$tmp/season-2017.json" \
     > "$tmp/season.txt" 2>&1 \
   && run "$tmp/nobin" --db "$tmp/season.sqlite" import-season "$tmp/season-2017.json" >> "$tmp/season.txt" 2>&1 \
   && run "$tmp/nobin" --db "$tmp/season.sqlite" export season --cluster "dong bang song hong" --year 2017 \
        --out "$tmp/season-again.json" >> "$tmp/season.txt" 2>&1 \
   && cmp -s "$tmp/season-2017.json" "$tmp/season-again.json"; then
  pass "season file: export, import-season (schema checked) into a new database, the same bytes again"
else
  fail "season file:"; tail -5 "$tmp/season.txt" | sed 's/^/        /'
fi
echo '{"thidua_season": 1, "cluster": "x", "year": 1, "members": [], "criteria": []}' > "$tmp/bad-season.json"
if run "$tmp/nobin" --db "$tmp/season.sqlite" import-season "$tmp/bad-season.json" > "$tmp/bad-season.txt" 2>&1; then
  fail "a bad season file was imported"
elif grep -q "year: cần một số nguyên" "$tmp/bad-season.txt"; then
  pass "a bad season file refused, one sentence per problem"
else
  fail "bad season file: $(head -c 300 "$tmp/bad-season.txt")"
fi

echo "== sign-off with a certificate, then verify (pyHanko inside the bundle)"
if command -v openssl >/dev/null 2>&1; then
  mkdir -p "$tmp/cert"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/cert/key.pem" -out "$tmp/cert/cert.pem" -days 30 \
    -subj "/CN=Smoke Test Signer/O=thidua" >/dev/null 2>&1
  openssl pkcs12 -export -inkey "$tmp/cert/key.pem" -in "$tmp/cert/cert.pem" -out "$tmp/cert/test.p12" \
    -passout pass:smoke-test -name smoke >/dev/null 2>&1
  printf 'smoke-test\n' > "$tmp/cert/password.txt"
  cp "$tmp/thidua.sqlite" "$tmp/signed.sqlite"
  if run "$tmp/nobin" --db "$tmp/signed.sqlite" sign-off --cluster "dong bang song hong" --year 2017 --by "Smoke Test" \
       --certificate "$tmp/cert/test.p12" --password-file "$tmp/cert/password.txt" > "$tmp/sign.txt" 2>&1; then
    signed=$(find "$tmp" -path '*van-ban-ky-so-2017*' -name 'ranking-2017.pdf' | head -1)
    if [ -n "$signed" ] && run "$tmp/nobin" --db "$tmp/signed.sqlite" verify --trust "$tmp/cert/cert.pem" "$signed" \
         > "$tmp/verify.txt" 2>&1; then
      pass "signed PDFs written and verified with their trusted root ($(basename "$(dirname "$signed")"))"
    else
      fail "verify of the signed PDF:"; tail -5 "$tmp/verify.txt" 2>/dev/null | sed 's/^/        /'
    fi
    # the same file without the root: the signer cannot be verified, said so, exit 3
    set +e
    run "$tmp/nobin" --db "$tmp/signed.sqlite" verify "$signed" > "$tmp/verify-untrusted.txt" 2>&1; code=$?
    set -e
    if [ "$code" = 3 ] && grep -q "không xác minh được người ký" "$tmp/verify-untrusted.txt"; then
      pass "an untrusted signer is not verified (exit 3)"
    else
      fail "untrusted signer: exit $code"; tail -3 "$tmp/verify-untrusted.txt" | sed 's/^/        /'
    fi
  else
    fail "sign-off:"; tail -5 "$tmp/sign.txt" | sed 's/^/        /'
  fi
else
  skip "signing (openssl not installed)"
fi

echo "== desktop app offscreen: thidua gui --demo --screenshots"
if run /usr/bin:/bin gui --help 2>/dev/null | grep -q -- "--screenshots"; then
  if QT_QPA_PLATFORM=offscreen run /usr/bin:/bin gui --demo --screenshots "$tmp/shots" > "$tmp/gui.txt" 2>&1; then
    pass "window rendered and closed cleanly (exit 0)"
  else
    fail "gui exited with an error:"; tail -20 "$tmp/gui.txt" | sed 's/^/        /'
  fi
  shots=0
  for f in "$tmp"/shots/*.png; do
    [ -f "$f" ] || continue
    # a PNG of a real window, not an empty frame: the signature and a few kilobytes of pixels
    if [ "$(head -c 4 "$f" | tail -c 3)" = "PNG" ] && [ "$(wc -c < "$f")" -gt 10000 ]; then shots=$((shots + 1)); fi
  done
  [ "$shots" -ge 1 ] && pass "$shots screenshots written ($(ls "$tmp/shots" | head -3 | tr '\n' ' ')…)" \
    || fail "no screenshot written"
  [ ! -s "$tmp/crash.log" ] && pass "no crash log" || { fail "crash log written:"; tail -20 "$tmp/crash.log"; }
else
  skip "desktop app: this build's 'thidua gui' has no --screenshots option yet"
fi

echo "== size"
size_mb=$(du -sm "$bundle" | cut -f1)
echo "  $bundle: ${size_mb} MiB, $(find "$bundle" ! -type d | wc -l) files"
echo "  largest parts: $(cd "$internal" && du -sm -- * | sort -rn | head -5 | awk '{printf "%s %s MiB; ", $2, $1}')"
echo "== $(( $(date +%s) - started )) s, $failures failure(s)${THIDUA_SMOKE_DIR:+; outputs kept in $tmp}"
[ "$failures" -eq 0 ]
