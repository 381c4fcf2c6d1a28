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

LangString WelcomeText ${LANG_ENGLISH} "This installs Keycard ${VERSION} for you alone: it needs no administrator rights and changes nothing outside your own user folder.$\r$\n$\r$\nIf Keycard is open, close it first. Your account book and its backups are kept as they are.$\r$\n$\r$\nClick Next to continue."
LangString WelcomeText ${LANG_SIMPCHINESE} "本程序将为您个人安装 Keycard ${VERSION}：无需管理员权限，也不会改动您用户文件夹以外的任何内容。$\r$\n$\r$\n如果 Keycard 正在运行，请先将其关闭。您的客户档案及其备份将原样保留。$\r$\n$\r$\n点击“下一步”继续。"
