# Runs Syncthing for a festival fleet (docs/fleet.md) the way Windows runs a user's background
# programs: a scheduled task that starts it hidden at the user's logon. On a kiosk the user is the
# kiosk account; on the anchor laptop, the staff account.
#
# Get syncthing.exe from syncthing.net (the Windows zip for your machine, amd64 or arm64) and copy
# it to C:\Program Files\Syncthing\ (or name it with -SyncthingExe). Then once, as an administrator:
#   .\syncthing-task.ps1 -User kiosk
#
# Arguments: serve --no-browser --no-upgrade --no-default-folder. No --no-restart, unlike the
# systemd and launchd setups: there the OS starts Syncthing again, here Task Scheduler would not
# (its "restart on failure" is for a task that fails to start), so Syncthing's own monitor process
# does it, after a crash and when Syncthing restarts itself for a changed setting. --no-upgrade is
# STNOUPGRADE=1 (a task sets no variables): it never replaces itself with a download.
# --no-default-folder: no "Default Folder" (Sync in the user's profile) on the first start.
# The task runs as the user without an interactive window (S4U: no password stored), so no console
# shows on the kiosk's screen; --no-console would not hide one where Windows Terminal is the
# default console.
#
# Also allows Syncthing through Windows Firewall on every network profile (a venue's network is
# often "Public"): TCP and UDP 22000 for sync, UDP 21027 for local discovery. Other devices reach
# it only with a device id it was told to accept (docs/fleet.md, Security).
param(
    [Parameter(Mandatory = $true)][string]$User,
    [string]$SyncthingExe = "$env:ProgramFiles\Syncthing\syncthing.exe"
)
$ErrorActionPreference = 'Stop'

$TaskName = "Syncthing"
$RuleName = "Syncthing (festival fleet)"

if (-not (Test-Path $SyncthingExe)) { throw "Not found: $SyncthingExe (copy syncthing.exe there first)" }

# Quoted: the default path has a space in it.
$action = New-ScheduledTaskAction -Execute "`"$SyncthingExe`"" `
    -Argument "serve --no-browser --no-upgrade --no-default-folder"
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $User
# No time limit: the default stops a task after 3 days, in the middle of a festival.
$settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit ([TimeSpan]::Zero) `
    -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -MultipleInstances IgnoreNew
$principal = New-ScheduledTaskPrincipal -UserId $User -LogonType S4U -RunLevel Limited
Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger `
    -Settings $settings -Principal $principal -Force | Out-Null

Get-NetFirewallRule -DisplayName $RuleName -ErrorAction SilentlyContinue | Remove-NetFirewallRule
New-NetFirewallRule -DisplayName $RuleName -Direction Inbound -Program $SyncthingExe `
    -Action Allow -Profile Any | Out-Null

Write-Output "Scheduled task '$TaskName' starts $SyncthingExe at $User's logon."
Write-Output "Start it now: Start-ScheduledTask -TaskName '$TaskName'"
Write-Output "Undo with: Unregister-ScheduledTask -TaskName '$TaskName'; Remove-NetFirewallRule -DisplayName '$RuleName'"
