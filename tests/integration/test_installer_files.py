"""The installer's files agree with the app: the Inno Setup script, the bundle layout, the version, icons and desktop entries.

Inno Setup cannot run here, so these tests read thidua.iss the way its compiler would (macros,
sections, {app} paths) and check every file it names exists in the bundle layout PyInstaller
produces (installer/thidua.spec), that the version comes from thidua.__version__, that opening a
.thidua file runs a command line the app accepts, and that uninstalling never deletes user data.
"""

from __future__ import annotations

import configparser
import importlib.util
import re
import shlex
import struct
from pathlib import Path

import pytest

import thidua
from thidua.cli import _parser

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
ISS = INSTALLER / "thidua.iss"
SPEC = INSTALLER / "thidua.spec"
ICONS = ROOT / "resources" / "app-icon"


def _build_module():
    spec = importlib.util.spec_from_file_location("thidua_installer_build", INSTALLER / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _iss():
    """(macros, sections): `#define NAME "value"` macros, and each [Section]'s lines with {#NAME} expanded."""
    text = ISS.read_text(encoding="utf-8")
    macros = dict(re.findall(r'^#define\s+(\w+)\s+"([^"]*)"', text, re.M))
    macros.setdefault("AppVersion", thidua.__version__)   # from version.iss in a real build
    macros.setdefault("AppVersionNumeric", thidua.__version__)
    sections: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            current = header.group(1)
            sections.setdefault(current, [])
            continue
        if current is not None:
            sections[current].append(re.sub(r"\{#(\w+)\}", lambda m: macros[m.group(1)], line))
    return macros, sections


def _entries(lines):
    """Inno Setup entry lines (`Name: "x"; Flags: y`) as dicts; "" in a quoted value is one quote."""
    out = []
    for line in lines:
        entry = {}
        for key, value in re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line):
            value = value.strip()
            if value.startswith('"'):
                value = value[1:-1].replace('""', '"')
            entry[key] = value
        out.append(entry)
    return out


def _setup(sections):
    return dict(line.split("=", 1) for line in sections["Setup"])


def _spec_executables() -> dict[str, bool]:
    """Executable name → console flag, as the spec builds them on Windows."""
    text = SPEC.read_text(encoding="utf-8")
    return {name: console == "True" for name, console in re.findall(r'name="(\w+)", console=(True|False)', text)}


def _windows_layout_exists(relative: str) -> bool:
    """Whether `{app}\\relative` exists in the Windows bundle: an executable of the spec, or a file
    whose counterpart is in the repository (resources) or in the Linux bundle built on this machine."""
    parts = relative.replace("\\", "/").split("/")
    if len(parts) == 1 and parts[0].lower().endswith(".exe"):
        return parts[0][:-4] in _spec_executables()
    if parts[:2] == ["_internal", "resources"]:
        return (ROOT / "resources").joinpath(*parts[2:]).exists()
    built = ROOT / "dist" / "thidua"
    if not built.exists():
        pytest.skip("dist/thidua not built: run make bundle")
    return built.joinpath(*parts).exists()


def test_version_comes_from_the_package_only():
    build = _build_module()
    assert build.package_version() == thidua.__version__
    generated = build.version_iss(thidua.__version__)
    assert f'#define AppVersion "{thidua.__version__}"' in generated
    assert re.search(r'#define AppVersionNumeric "\d+\.\d+\.\d+\.\d+"', generated)
    text = ISS.read_text(encoding="utf-8")
    assert re.search(r'#ifndef AppVersion\s+#include "version.iss"\s+#endif', text)
    _macros, sections = _iss()
    setup = _setup(sections)
    assert setup["AppVersion"] == thidua.__version__   # only through {#AppVersion}
    assert "{#AppVersion}" in text and not re.search(r"^AppVersion=\d", text, re.M)
    existing = INSTALLER / "version.iss"
    if existing.exists():   # left by an earlier build: must not be stale
        assert f'"{thidua.__version__}"' in existing.read_text(encoding="utf-8")


@pytest.mark.parametrize("version, numeric", [("0.1.0", "0.1.0.0"), ("1.2", "1.2.0.0"), ("2.0.1rc1", "2.0.1.0"),
                                              ("1.0.0+local.5", "1.0.0.0")])
def test_windows_file_version_is_four_numbers(version, numeric):
    assert _build_module().numeric_version(version) == numeric


def test_setup_files_exist():
    macros, sections = _iss()
    setup = _setup(sections)
    for key in ("LicenseFile", "SetupIconFile"):
        assert (INSTALLER / setup[key].replace("\\", "/")).is_file(), key
    # the [Files] source is exactly the folder `make bundle` writes
    bundle_dir = (INSTALLER / macros["BundleDir"].replace("\\", "/")).resolve()
    assert bundle_dir == _build_module().BUNDLE
    sources = [e["Source"] for e in _entries(sections["Files"])]
    assert sources == [macros["BundleDir"] + "\\*"]


def test_every_installed_path_the_script_names_is_in_the_bundle():
    _macros, sections = _iss()
    text = "\n".join(sum(sections.values(), []))
    named = set(re.findall(r"\{app\}\\([^\",;]+?)(?:,\d+)?(?=[\";]|\s|$)", text))
    assert {"thiduaw.exe", "_internal"} <= named
    for relative in named:
        assert _windows_layout_exists(relative), relative


def test_shortcuts_use_the_windowed_exe_and_the_cli_keeps_a_console():
    macros, sections = _iss()
    assert _spec_executables() == {"thidua": True, "thiduaw": False}
    assert macros["AppExe"] == "thiduaw.exe" and macros["CliExe"] == "thidua.exe"
    icons = _entries(sections["Icons"])
    assert {e["Name"].split("\\")[0] for e in icons} == {"{autoprograms}", "{autodesktop}"}
    assert all(e["Filename"] == "{app}\\thiduaw.exe" for e in icons)


def test_opening_a_thidua_file_runs_a_command_the_app_accepts(tmp_path):
    macros, sections = _iss()
    assert macros["DataExt"] == ".thidua"
    registry = _entries(sections["Registry"])
    command = next(e["ValueData"] for e in registry if e["Subkey"].endswith("\\shell\\open\\command"))
    exe, *args = shlex.split(command.replace("\\", "/"))
    assert exe == "{app}/thiduaw.exe"
    data_file = tmp_path / "Cụm Đồng bằng sông Hồng.thidua"
    parsed = _parser().parse_args([str(data_file) if a == "%1" else a for a in args])
    assert parsed.command == "gui" and parsed.db == str(data_file)
    # the extension names our file type, whose keys the uninstaller removes again
    ext = next(e for e in registry if e["Subkey"] == "Software\\Classes\\.thidua")
    assert ext["ValueData"] == macros["DataProgId"] and "uninsdeletevalue" in ext["Flags"]
    assert _setup(sections)["ChangesAssociations"] == "yes"


def test_uninstall_never_deletes_the_users_data():
    _macros, sections = _iss()
    for entry in _entries(sections.get("UninstallDelete", [])):
        assert "{app}" in entry["Name"] and "appdata" not in entry["Name"].lower(), entry
    # the install folder is never the data folder platformdirs gives thidua on Windows
    setup = _setup(sections)
    assert setup["DefaultDirName"] == "{autopf}\\thidua"
    code = "\n".join(sections["Code"])
    assert "ExpandConstant('{localappdata}\\thidua')" in code
    # InstallDelete only clears the previous program files before an upgrade
    assert [e["Name"] for e in _entries(sections["InstallDelete"])] == ["{app}\\_internal"]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_app_icon_sizes():
    for png in ICONS.glob("thidua-*.png"):
        size = int(png.stem.split("-")[1])
        assert _png_size(png) == (size, size)
    ico = (ICONS / "thidua.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}   # 0 in the directory means 256
    assert {16, 32, 48, 256} <= sizes


def test_linux_desktop_entries():
    mime = (INSTALLER / "linux" / "thidua-mime.xml").read_text(encoding="utf-8")
    mime_type = re.search(r'mime-type type="([^"]+)"', mime).group(1)
    assert '<glob pattern="*.thidua"/>' in mime
    for name in ("thidua.desktop", "thidua-open.desktop"):
        cp = configparser.ConfigParser(interpolation=None, strict=True)
        cp.optionxform = str   # keys are case-sensitive
        cp.read(INSTALLER / "linux" / name, encoding="utf-8")
        entry = cp["Desktop Entry"]
        assert entry["Type"] == "Application" and entry["Icon"] == "thidua"
        assert (ICONS / "thidua-256.png").exists()
        exe, *args = shlex.split(entry["Exec"])
        assert exe == "thidua"
        with_file = [("x.thidua" if a == "%f" else a) for a in args]
        assert _parser().parse_args(with_file).command == "gui"
        if "%f" in args:
            assert entry["MimeType"] == f"{mime_type};" and entry["NoDisplay"] == "true"
