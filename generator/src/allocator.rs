//! The command line's allocator: mimalloc, set up for a run that is over in seconds. The
//! generate benchmark uses the same, for both sides of its comparison.

pub use mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_t`, mimalloc.h of the v3 that
/// libmimalloc-sys builds), which the crate's bindings do not name. A test checks that the
/// option at this place holds the purge delay's default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory stays with the allocator for reuse instead of going back to the OS a second
/// later (mimalloc's default). A run frees and allocates again stage after stage: each page it
/// gave back was a 2 MB huge page the kernel had to zero again at the next touch. With the
/// default, `graphdoc generate` of all en-2021 gave 1.66 GB back with `madvise(MADV_DONTNEED)`
/// (strace) and spent about 14% of its CPU time in the kernel's `clear_page_erms` (perf); the
/// memory is the process's own until it exits, as the peak stays the same.
pub fn keep_freed_memory() {
    // SAFETY: sets one integer option of the allocator, which reads its options atomically.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_is_the_purge_delay() {
        // mimalloc v3's default purge delay is 1000 ms (unless the environment sets it).
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reads one integer option.
            assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 1000);
        }
    }
}
