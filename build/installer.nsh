; Windows "Open with" for CSV and TSV files (docs/import.md, "Electron"), included by NSIS through
; electron-builder.yml (`nsis.include`). The app is only listed under "Open with" — the ProgID goes
; under `Classes\.csv\OpenWithProgids` — and never becomes the default program for these files:
; the `.csv` key's default value (the spreadsheet's ProgID) is left alone. SHCTX is HKCU for a
; per-user install and HKLM for a per-machine one; uninstall removes exactly what install wrote.

!define WINTOOK_PROGID "WintookContacts.csv"
; `wintook://contact/<id>` links (docs/release.md, "Deep links"). electron-builder's `protocols`
; registers the scheme on macOS and Linux only, so the installer writes it for Windows: a URL
; protocol key whose command passes the link after `--`, Chromium's end of switches, so a crafted
; link cannot smuggle command-line switches in (CVE-2018-1000006). Main parses it (deep-link.ts).
!define WINTOOK_SCHEME "wintook"

!macro customInstall
  WriteRegStr SHCTX "Software\Classes\${WINTOOK_PROGID}" "" "CSV file (Wintook Contacts)"
  WriteRegStr SHCTX "Software\Classes\${WINTOOK_PROGID}" "FriendlyTypeName" "CSV file"
  WriteRegStr SHCTX "Software\Classes\${WINTOOK_PROGID}\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\${WINTOOK_PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  WriteRegStr SHCTX "Software\Classes\.csv\OpenWithProgids" "${WINTOOK_PROGID}" ""
  WriteRegStr SHCTX "Software\Classes\.tsv\OpenWithProgids" "${WINTOOK_PROGID}" ""
  WriteRegStr SHCTX "Software\Classes\${WINTOOK_SCHEME}" "" "URL:Wintook Contacts link"
  WriteRegStr SHCTX "Software\Classes\${WINTOOK_SCHEME}" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\${WINTOOK_SCHEME}\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\${WINTOOK_SCHEME}\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" -- "%1"'
  ; SHCNE_ASSOCCHANGED: Explorer re-reads the associations without a restart.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend

!macro customUnInstall
  DeleteRegValue SHCTX "Software\Classes\.csv\OpenWithProgids" "${WINTOOK_PROGID}"
  DeleteRegValue SHCTX "Software\Classes\.tsv\OpenWithProgids" "${WINTOOK_PROGID}"
  DeleteRegKey SHCTX "Software\Classes\${WINTOOK_PROGID}"
  DeleteRegKey SHCTX "Software\Classes\${WINTOOK_SCHEME}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend
