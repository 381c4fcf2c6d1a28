; Keycard's Windows installer, built by scripts/package-windows.sh with NSIS
; (makensis, from Debian's nsis package or the NSIS installer on Windows).
;
; Per-user on purpose: an account manager's laptop is often locked down, so
; the installer asks for no administrator rights and writes only under the
; person's own profile: the program to %LOCALAPPDATA%\Programs\Keycard, the
; Start-menu entry to their own Start menu, the uninstall entry to HKCU.
; The data folder (%LOCALAPPDATA%\Keycard, where keycard.db and its automatic
; backups live) is not the program folder, and the uninstaller leaves it:
; removing the program must never remove a person's account book.
;
; makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DBUILD=build/windows
;          -DOUTFILE=dist/Keycard-0.1.0-windows-amd64-setup.exe keycard.nsi

; A 64-bit installer for a 64-bit program: it also runs where 32-bit
; Windows programs cannot (Windows without WoW64, a Wine without wine32).
Target amd64-unicode
ManifestDPIAware true
ManifestSupportedOS Win10
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "makensis -DVERSION=x.y.z is required (scripts/package-windows.sh passes it)"
!endif

!define APPNAME "Keycard"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Keycard"
!define APPKEY "Software\Keycard"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Keycard"
InstallDirRegKey HKCU "${APPKEY}" "InstallDir"
BrandingText "Keycard ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "Keycard"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "Keycard ${VERSION} Setup"
VIAddVersionKey /LANG=0 "CompanyName" "Keycard"
VIAddVersionKey /LANG=0 "LegalCopyright" "Copyright the Keycard authors. Apache License 2.0."

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${BUILD}\keycard.ico"
!define MUI_UNICON "${BUILD}\keycard.ico"
!define MUI_ABORTWARNING
; Dark blue with Keycard's icon on the welcome and finish pages, made from
; assets/icon.png by the packaging script.
!define MUI_WELCOMEFINISHPAGE_BITMAP "${BUILD}\wizard.bmp"
!define MUI_UNWELCOMEFINISHPAGE_BITMAP "${BUILD}\wizard.bmp"
!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"

!define MUI_FINISHPAGE_RUN "$INSTDIR\keycard.exe"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunKeycard)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "$(DataKept)"
!insertmacro MUI_UNPAGE_FINISH

; English first: a system in any other language than these two gets English,
; as Keycard itself does.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"
!include "strings.nsh"

; refuseWhileRunning waits until no Keycard runs from the install folder:
; Windows refuses to replace or delete a running program's file, and NSIS's
; own error would not say why.
!macro refuseWhileRunning un
Function ${un}refuseWhileRunning
  ${IfNot} ${FileExists} "$INSTDIR\keycard.exe"
    Return
  ${EndIf}
  retry:
    ClearErrors
    FileOpen $0 "$INSTDIR\keycard.exe" a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(StillRunning)" /SD IDCANCEL IDRETRY retry
      Abort
    ${EndIf}
    FileClose $0
FunctionEnd
!macroend
!insertmacro refuseWhileRunning ""
!insertmacro refuseWhileRunning "un."

Function .onInit
  ; Go 1.26 programs need 64-bit Windows 10 or later.
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "$(NeedsWin10)" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Section "Keycard" SecMain
  SectionIn RO
  SetShellVarContext current
  Call refuseWhileRunning
  SetOutPath "$INSTDIR"
  File "${BUILD}\keycard.exe"
  File "${BUILD}\keycardctl.exe"
  File "${BUILD}\LICENSE.txt"
  File "${BUILD}\THIRD_PARTY_NOTICES.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\Keycard.lnk" "$INSTDIR\keycard.exe" "" "$INSTDIR\keycard.exe" 0

  WriteRegStr HKCU "${APPKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "Keycard"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "Keycard"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\keycard.exe,0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Call un.refuseWhileRunning
  Delete "$SMPROGRAMS\Keycard.lnk"
  Delete "$INSTDIR\keycard.exe"
  Delete "$INSTDIR\keycardctl.exe"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\THIRD_PARTY_NOTICES.txt"
  Delete "$INSTDIR\uninstall.exe"
  ; Only if empty: a person may have put their own files here.
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "${APPKEY}"
  ; %LOCALAPPDATA%\Keycard (the account book and its backups) and Keycard's
  ; settings stay; the finish page says where.
SectionEnd
