; The installer's own sentences, in the languages Keycard speaks. NSIS's
; Modern UI brings the translations of its standard pages; these are the
; sentences Keycard adds. Keep both languages in step.

LangString RunKeycard ${LANG_ENGLISH} "Start Keycard"
LangString RunKeycard ${LANG_SIMPCHINESE} "启动 Keycard"

LangString NeedsWin10 ${LANG_ENGLISH} "Keycard needs 64-bit Windows 10 or later."
LangString NeedsWin10 ${LANG_SIMPCHINESE} "Keycard 需要 64 位 Windows 10 或更高版本。"

LangString StillRunning ${LANG_ENGLISH} "Keycard is still open. Close every Keycard window, then click Retry."
LangString StillRunning ${LANG_SIMPCHINESE} "Keycard 仍在运行。请关闭所有 Keycard 窗口，然后点击“重试”。"

LangString DataKept ${LANG_ENGLISH} "Keycard has been removed. Your account book and its automatic backups stay in $LOCALAPPDATA\Keycard; delete that folder yourself only when you no longer need them."
LangString DataKept ${LANG_SIMPCHINESE} "Keycard 已卸载。您的客户档案及其自动备份仍保存在 $LOCALAPPDATA\Keycard；只有在确定不再需要时，才请自行删除该文件夹。"
