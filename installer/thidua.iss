; Inno Setup 6 script (6.3 or later: x64compatible, UTF-8 without BOM) for the Windows installer of thidua.
;
; Build on Windows, from the repository root:
;   python installer\build.py --iscc        (PyInstaller bundle + version.iss + this script)
; or, with dist\thidua\ already built:
;   python installer\build.py --version-only && iscc installer\thidua.iss
; Output: dist\installer\thidua-<version>-setup.exe
;
; The version is never written here: installer\version.iss is generated from
; src\thidua\__init__.py (__version__), or pass it yourself: iscc /DAppVersion=1.2.3 thidua.iss
;
; What it installs: the PyInstaller folder dist\thidua\ (thidua.exe for the command line,
; thiduaw.exe for the desktop app without a console window), Start-menu and optional desktop
; shortcuts, and the ".thidua" database file type (an SQLite database file) opening in the app.
; Per-user by default (no administrator needed); "install for all users" is offered.
;
; The user's data is NOT in the installation folder: it lives in %LOCALAPPDATA%\thidua
; (platformdirs' user data folder: thidua.sqlite, demo.sqlite) and settings/logs next to it.
; The uninstaller removes only what this setup installed, and never touches that folder.

#ifndef AppVersion
  #include "version.iss"
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif

#define AppName "thidua"
#define AppExe "thiduaw.exe"
#define CliExe "thidua.exe"
#define BundleDir "..\dist\thidua"
#define DataExt ".thidua"
#define DataProgId "thidua.database"

[Setup]
; AppId identifies the app for upgrades and the uninstaller: never change it
AppId={{6F1C9B52-3E7A-4C2D-9B8E-2A5D7C41E0F3}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=thidua
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductVersion={#AppVersionNumeric}
VersionInfoDescription=thidua setup
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
; per-user install into %LOCALAPPDATA%\Programs\thidua unless the user picks "all users"
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
LicenseFile=..\LICENSE
SetupIconFile=..\resources\app-icon\thidua.ico
UninstallDisplayIcon={app}\{#AppExe},0
UninstallDisplayName={#AppName} {#AppVersion}
OutputDir=..\dist\installer
OutputBaseFilename=thidua-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; a running thidua holds its files open: ask to close it before replacing them
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Inno Setup ships Vietnamese only as an unofficial translation: put Vietnamese.isl (from
; https://jrsoftware.org/files/istrans/) next to this script to get a Vietnamese wizard.
#if FileExists(AddBackslash(SourcePath) + "Vietnamese.isl")
Name: "vietnamese"; MessagesFile: "Vietnamese.isl"
#endif

[CustomMessages]
english.AppComment=Scoring, ranking and award proposals for emulation clusters
english.DataFileType=thidua database
english.DataKept=Your data has been kept in %1. Delete that folder yourself only if you are sure you no longer need it.
english.NotInDataFolder=This folder holds your thidua data. Please choose another folder for the program, for example %1.
#if FileExists(AddBackslash(SourcePath) + "Vietnamese.isl")
vietnamese.AppComment=Chấm điểm, xếp hạng và bình xét thi đua của cụm
vietnamese.DataFileType=Tệp dữ liệu thi đua
vietnamese.DataKept=Dữ liệu của bạn vẫn được giữ nguyên trong %1. Chỉ xóa thư mục đó khi chắc chắn không cần nữa.
vietnamese.NotInDataFolder=Thư mục này chứa dữ liệu thi đua của bạn. Hãy chọn thư mục khác để cài chương trình, ví dụ %1.
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "association"; Description: "{cm:AssocFileExtension,{#AppName},{#DataExt}}"

[Files]
; the whole PyInstaller folder: thidua.exe, thiduaw.exe and _internal\ (Python, Qt, resources, migrations)
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; files of a previous version that this one no longer ships would otherwise be loaded by the new one
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Comment: "{cm:AppComment}"; IconFilename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Comment: "{cm:AppComment}"; IconFilename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; ".thidua" = an SQLite database file of thidua; opening one runs: thiduaw.exe --db "<file>" gui
Root: HKA; Subkey: "Software\Classes\{#DataExt}"; ValueType: string; ValueName: ""; ValueData: "{#DataProgId}"; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#DataExt}\OpenWithProgids"; ValueType: string; ValueName: "{#DataProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#DataProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:DataFileType}"; Flags: uninsdeletekey; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#DataProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: association
Root: HKA; Subkey: "Software\Classes\{#DataProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --db ""%1"" gui"; Tasks: association
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: "{#DataExt}"; ValueData: ""; Flags: uninsdeletekey; Tasks: association

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; WorkingDir: "{userdocs}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section on purpose: the uninstaller removes only the files listed above,
; so thidua.sqlite, demo.sqlite, settings and crash logs in %LOCALAPPDATA%\thidua stay.

[Code]
function DataFolder: String;
begin
  { platformdirs.user_data_dir("thidua", appauthor=False) on Windows }
  Result := ExpandConstant('{localappdata}\thidua');
end;

function NextButtonClick(CurPageID: Integer): Boolean;
begin
  Result := True;
  { installing the program into the data folder would mix program files with the user's data }
  if (CurPageID = wpSelectDir) and
     (CompareText(RemoveBackslashUnlessRoot(WizardDirValue), DataFolder) = 0) then
  begin
    MsgBox(FmtMessage(CustomMessage('NotInDataFolder'), [ExpandConstant('{autopf}\{#AppName}')]), mbError, MB_OK);
    Result := False;
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(DataFolder) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [DataFolder]), mbInformation, MB_OK);
end;
