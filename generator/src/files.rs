//! Reading files from a doc set that strangers wrote: only regular files, never anything that
//! could block (a FIFO, a socket, a device). The one place the stages open a file to read it.

use std::path::Path;

/// The bytes of `path` if it is a regular file (links followed). Anything else, a FIFO, a
/// socket, a device or a folder, is refused before it is opened, so reading never blocks.
pub fn read_regular_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let kind = std::fs::metadata(path)?;
    if !kind.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    std::fs::read(path)
}
