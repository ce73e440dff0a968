# For Windows editions without Shell Launcher (Pro, Home): runs the kiosk, and runs it again after
# every exit except the operator's Exit from the panel (exit code 0). A scheduled task starts it
# hidden at the kiosk user's logon. Task Scheduler's own "restart on failure" is meant for a task
# that fails to start, not for a program that ends hours later.
#
# Copy this file where the kiosk user can read it (e.g. C:\ScreeningKiosk\), then once, as an
# administrator:
#   .\restart-until-exit.ps1 -Register -KioskUser kiosk
#
# Exit codes (docs/deploying.md): 0 = operator's Exit -> stop; 3 = watchdog and
# 4 = scheduled daily restart -> start again, as after a crash.
param(
    [string]$KioskExe = "$env:ProgramFiles\Screening Kiosk\screening-kiosk.exe",
    [switch]$Register,
    [string]$KioskUser
)
$ErrorActionPreference = 'Stop'

$OperatorExit = 0
$PauseBeforeRestartSeconds = 3

if (-not (Test-Path $KioskExe)) { throw "Not found: $KioskExe (install the kiosk first)" }

if ($Register) {
    if (-not $KioskUser) { throw "-Register needs -KioskUser <account the kiosk runs as>" }
    $self = $MyInvocation.MyCommand.Path
    $action = New-ScheduledTaskAction -Execute "powershell.exe" `
        -Argument "-NoProfile -NonInteractive -WindowStyle Hidden -ExecutionPolicy Bypass -File `"$self`" -KioskExe `"$KioskExe`""
    $trigger = New-ScheduledTaskTrigger -AtLogOn -User $KioskUser
    # No time limit: the default stops a task after 3 days, in the middle of a festival.
    $settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit ([TimeSpan]::Zero) `
        -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -MultipleInstances IgnoreNew
    $principal = New-ScheduledTaskPrincipal -UserId $KioskUser -LogonType Interactive -RunLevel Limited
    Register-ScheduledTask -TaskName "Screening Kiosk" -Action $action -Trigger $trigger `
        -Settings $settings -Principal $principal -Force | Out-Null
    Write-Output "Scheduled task 'Screening Kiosk' starts $KioskExe at $KioskUser's logon."
    Write-Output "Undo with: Unregister-ScheduledTask -TaskName 'Screening Kiosk'"
    return
}

while ($true) {
    # -Wait: PowerShell does not wait for a windowed program by itself.
    # --supervised: started while another copy runs (a login item, a double-click), the kiosk
    # waits for that one to end instead of exiting 0, which would end this loop.
    $kiosk = Start-Process -FilePath $KioskExe -ArgumentList '--supervised' -Wait -PassThru
    if ($kiosk.ExitCode -eq $OperatorExit) { break }
    Start-Sleep -Seconds $PauseBeforeRestartSeconds
}
