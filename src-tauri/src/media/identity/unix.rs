//! Unix: `O_NOFOLLOW` refuses a symlink at the last step, `O_NONBLOCK` returns at once from a FIFO
//! (which the regular-file check then refuses); a regular file ignores it. Directory symlinks on the
//! way are caught by the identity comparison: device and inode, and the inode's change time, since
//! a file created after the validated one was deleted may be given its inode number.

use rustix::fs::{Mode, OFlags};
use std::fs::{File, Metadata};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Id {
    device: u64,
    inode: u64,
    changed: (i64, i64),
}

pub(super) fn open_no_follow(path: &Path) -> io::Result<File> {
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    Ok(File::from(rustix::fs::open(path, flags, Mode::empty())?))
}

pub(super) fn identity(meta: &Metadata) -> io::Result<Id> {
    Ok(Id {
        device: meta.dev(),
        inode: meta.ino(),
        changed: (meta.ctime(), meta.ctime_nsec()),
    })
}
