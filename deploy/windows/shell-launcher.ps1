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
$sid = (New-Object System.Security.Principal.NTAccount($KioskUser)).Translate(
    [System.Security.Principal.SecurityIdentifier]).Value

# CIM rather than the wmiclass accelerator, which PowerShell 7 no longer has; the same static methods.
function Invoke-ShellLauncher([string]$Method, [hashtable]$Arguments) {
    $result = Invoke-CimMethod -Namespace 'root\standardcimv2\embedded' -ClassName 'WESL_UserSetting' `
        -MethodName $Method -Arguments $Arguments
    if ($result.ReturnValue -ne 0) { throw "WESL_UserSetting.$Method failed: $($result.ReturnValue)" }
}

# Everyone else keeps Explorer.
Invoke-ShellLauncher 'SetDefaultShell' @{ Shell = 'explorer.exe'; DefaultAction = $RestartShell }
# Only exit code 0 (the operator's Exit) is left alone; every other exit restarts the kiosk.
# --supervised: a copy started while another runs waits for it, rather than exit 0 (docs/deploying.md).
Invoke-ShellLauncher 'SetCustomShell' @{
    Sid = $sid
    Shell = "`"$KioskExe`" --supervised"
    CustomReturnCodes = [int[]]@(0)
    CustomReturnCodesAction = [int[]]@($DoNothing)
    DefaultAction = $RestartShell
}
Invoke-ShellLauncher 'SetEnabled' @{ Enabled = $true }

Write-Output "Shell Launcher: $KioskUser now signs in to Screening Kiosk ($KioskExe)."
Write-Output "Undo with: Invoke-CimMethod -Namespace root\standardcimv2\embedded -ClassName WESL_UserSetting -MethodName RemoveCustomShell -Arguments @{ Sid = '$sid' }"
