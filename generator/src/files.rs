//! Reading files from a doc set that strangers wrote: only regular files, never anything that
//! could block (a FIFO, a socket, a device). The one place the stages open a file to read it.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The bytes of `path` if it is a regular file (links followed). Anything else, a FIFO, a
/// socket, a device or a folder, is refused before a byte is read, so reading never blocks.
///
/// On Unix the file is opened without blocking (`O_NONBLOCK`: opening a FIFO returns at once
/// instead of waiting for a writer) and without becoming a controlling terminal
/// (`O_NOCTTY`), and the kind checked is that of the file opened (`fstat`), so no other file
/// can be put in its place between the check and the read. That is one lookup of the path,
/// where a check by path (`stat`) before opening made two, for each of the 11,000 pages
/// of a doc set.
pub fn read_regular_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = open(path)?;
    let kind = file.metadata()?;
    if !kind.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut bytes = Vec::new();
    // Its length as the kind gave it; a file that grew meanwhile is read to its end all the same.
    bytes
        .try_reserve_exact(usize::try_from(kind.len()).unwrap_or(0))
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::OutOfMemory))?;
    // Read through `Take`, whose `read_to_end` fills the room reserved and stops at the end
    // of the file: `File`'s own asks for the file's size and position again (an `fstat` and an
    // `lseek`, two of the seven system calls a page cost).
    file.by_ref().take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

/// Elsewhere the kind is checked by path first: opening a named pipe would wait for a writer.
#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<File> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    File::open(path)
}
