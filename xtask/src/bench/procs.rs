//! What a launched program costs, read from `/proc`: its process tree (the launched process, its
//! descendants, and whatever stayed in its session after being re-parented), CPU ticks and PSS.
//!
//! PSS rather than RSS: the browsers' processes share most of their libraries and RSS would count
//! those pages once per process.

use std::collections::{HashMap, HashSet};
use std::fs;

/// The fields of `/proc/<pid>/stat` the benchmark needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    pub pid: u32,
    pub ppid: u32,
    pub session: u32,
    /// utime + stime + cutime + cstime, in clock ticks. The children's part keeps a helper that
    /// exited (and was reaped by its parent in the tree) from vanishing from the total.
    pub ticks: u64,
}

/// Parses one `/proc/<pid>/stat` line. The command name is in parentheses and may itself contain
/// spaces and parentheses, so the fields are counted from the last `)`.
pub fn parse_stat(line: &str) -> Option<Stat> {
    let open = line.find('(')?;
    let close = line.rfind(')')?;
    let pid = line[..open].trim().parse().ok()?;
    // After ")": state(3) ppid(4) pgrp(5) session(6) tty(7) tpgid(8) flags(9) minflt(10)
    // cminflt(11) majflt(12) cmajflt(13) utime(14) stime(15) cutime(16) cstime(17).
    let rest: Vec<&str> = line.get(close + 1..)?.split_whitespace().collect();
    let field = |n: usize| -> Option<u64> { rest.get(n - 3)?.parse().ok() };
    Some(Stat {
        pid,
        ppid: u32::try_from(field(4)?).ok()?,
        session: u32::try_from(field(6)?).ok()?,
        ticks: field(14)? + field(15)? + field(16)? + field(17)?,
    })
}

/// Every process on the machine, as far as its stat file could still be read.
pub fn all_processes() -> Vec<Stat> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| fs::read_to_string(e.path().join("stat")).ok())
        .filter_map(|line| parse_stat(&line))
        .collect()
}

/// The pids of `root`'s tree: `root`, every process in the session `root` leads (it is started
/// through `setsid`), and every descendant of any of those.
pub fn tree(all: &[Stat], root: u32) -> Vec<u32> {
    let mut members: HashSet<u32> = all
        .iter()
        .filter(|p| p.pid == root || p.session == root)
        .map(|p| p.pid)
        .collect();
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for p in all {
        children.entry(p.ppid).or_default().push(p.pid);
    }
    let mut queue: Vec<u32> = members.iter().copied().collect();
    while let Some(pid) = queue.pop() {
        for &child in children.get(&pid).into_iter().flatten() {
            if members.insert(child) {
                queue.push(child);
            }
        }
    }
    let mut out: Vec<u32> = members.into_iter().collect();
    out.sort_unstable();
    out
}

/// Total CPU ticks of the tree of `root` now.
pub fn tree_ticks(root: u32) -> u64 {
    let all = all_processes();
    let members: HashSet<u32> = tree(&all, root).into_iter().collect();
    all.iter()
        .filter(|p| members.contains(&p.pid))
        .map(|p| p.ticks)
        .sum()
}

/// Ticks of one process (the X server), 0 if it is gone.
pub fn process_ticks(pid: u32) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|l| parse_stat(&l))
        .map_or(0, |s| s.ticks)
}

/// The `Pss:` line of a `smaps_rollup`, in KiB.
pub fn parse_pss_kib(smaps_rollup: &str) -> Option<u64> {
    smaps_rollup.lines().find_map(|line| {
        let value = line.strip_prefix("Pss:")?;
        value.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

/// Summed PSS of the tree of `root`, in KiB. Zombies and kernel threads have no rollup: 0.
pub fn tree_pss_kib(root: u32) -> u64 {
    tree(&all_processes(), root)
        .into_iter()
        .filter_map(|pid| fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok())
        .filter_map(|text| parse_pss_kib(&text))
        .sum()
}

/// Clock ticks per second for the stat times; `getconf` rather than a libc call (std only).
pub fn clock_ticks_per_sec() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_from_the_last_parenthesis() {
        let line = "4242 (Web Content (x)) S 4200 4242 4100 0 -1 4194560 100 0 0 0 150 25 7 3 20 0 12 0 999 0 0";
        let s = parse_stat(line).unwrap();
        assert_eq!(
            s,
            Stat {
                pid: 4242,
                ppid: 4200,
                session: 4100,
                ticks: 150 + 25 + 7 + 3
            }
        );
        assert_eq!(parse_stat("garbage"), None);
        assert_eq!(parse_stat("12 (short) S 1"), None);
    }

    fn p(pid: u32, ppid: u32, session: u32) -> Stat {
        Stat {
            pid,
            ppid,
            session,
            ticks: 0,
        }
    }

    #[test]
    fn the_tree_holds_descendants_and_the_session_but_not_strangers() {
        let all = [
            p(1, 0, 1),
            p(100, 1, 100), // the launched process, session leader
            p(101, 100, 100),
            p(102, 101, 7),   // a grandchild that left the session
            p(103, 1, 100),   // re-parented to init, still in the session
            p(104, 103, 9),   // its child
            p(200, 1, 200),   // someone else
            p(201, 200, 100), // a child of someone else... in our session? then ours
        ];
        assert_eq!(tree(&all, 100), vec![100, 101, 102, 103, 104, 201]);
        assert_eq!(tree(&all, 999), Vec::<u32>::new());
    }

    #[test]
    fn pss_comes_from_its_own_line() {
        let rollup = "55d0-7ffd ---p 00000000 00:00 0 [rollup]\nRss:  20480 kB\nPss:  12345 kB\nPss_Anon: 9000 kB\n";
        assert_eq!(parse_pss_kib(rollup), Some(12345));
        assert_eq!(parse_pss_kib("Rss: 1 kB\n"), None);
    }
}
