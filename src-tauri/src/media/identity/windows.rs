//! Windows: `FILE_FLAG_OPEN_REPARSE_POINT` opens a symlink or junction itself instead of its
//! target, and such a reparse point is refused. Stable Rust has no file index on Windows, so the
//! file is recognised by its creation time, last write time and size: a file put in its place has
//! a creation time of its own.

use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::os::windows::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
const FILE_ATTRIBUTE_REPARSE_POINT: u32 = 0x0000_0400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Id {
    created: u64,
    written: u64,
    size: u64,
}

pub(super) fn open_no_follow(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)
}

pub(super) fn identity(meta: &Metadata) -> io::Result<Id> {
    if meta.file_attributes() & FILE_ATTRIBUTE_REPARSE_POINT != 0 {
        return Err(io::Error::other("a symbolic link or junction"));
    }
    Ok(Id {
        created: meta.creation_time(),
        written: meta.last_write_time(),
        size: meta.file_size(),
    })
}
