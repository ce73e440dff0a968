# Shell Launcher (Windows 10/11 Enterprise or Education): the kiosk replaces Explorer as the shell of
# one account, so there is no Start menu, taskbar or desktop behind it, and Windows restarts it when
# it exits - except after the operator's Exit from the panel (exit code 0), which is left closed.
#
# Run once, as an administrator, after installing the kiosk:
#   Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -All
#   .\shell-launcher.ps1 -KioskUser kiosk
#
# Exit codes (docs/deploying.md): 0 = operator's Exit -> do nothing; 3 = watchdog and
# 4 = scheduled daily restart -> restart the shell (the default action, as for a crash).
param(
    [Parameter(Mandatory = $true)][string]$KioskUser,
    [string]$KioskExe = "$env:ProgramFiles\Screening Kiosk\screening-kiosk.exe"
)
$ErrorActionPreference = 'Stop'

# WESL_UserSetting return-code actions.
$RestartShell = 0
$DoNothing = 3

if (-not (Test-Path $KioskExe)) { throw "Not found: $KioskExe (install the kiosk first)" }
$launcher = [wmiclass]"\\.\root\standardcimv2\embedded:WESL_UserSetting"
$sid = (New-Object System.Security.Principal.NTAccount($KioskUser)).Translate(
    [System.Security.Principal.SecurityIdentifier]).Value

# Everyone else keeps Explorer.
$launcher.SetDefaultShell("explorer.exe", $RestartShell) | Out-Null
# Only exit code 0 (the operator's Exit) is left alone; every other exit restarts the kiosk.
$launcher.SetCustomShell($sid, "`"$KioskExe`"", ([int[]]@(0)), ([int[]]@($DoNothing)), $RestartShell) | Out-Null
$launcher.SetEnabled($true) | Out-Null

Write-Output "Shell Launcher: $KioskUser now signs in to Screening Kiosk ($KioskExe)."
Write-Output "Undo with: ([wmiclass]'\\.\root\standardcimv2\embedded:WESL_UserSetting').RemoveCustomShell('$sid')"
