//! The command line's allocator: mimalloc, set up for a run that is over in seconds. The
//! generate benchmark uses the same, for both sides of its comparison.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// mimalloc as the global allocator, as `mimalloc::MiMalloc` is, except that a block which
/// needs no more than word alignment (every `String`, most `Vec`s) is asked for with
/// `mi_malloc`, not `mi_malloc_aligned`: mimalloc's blocks are whole words, so every block is
/// word-aligned, and its aligned entry point checks the alignment on each of the 2.6 million
/// calls of `graphdoc generate` of en-2021 v1.0 and takes a generic path for every block larger
/// than its small sizes (callgrind: 2,092M instructions with it, 2,041M without).
pub struct MiMalloc;

/// The alignment every mimalloc block has: a word's.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: each function forwards to mimalloc's own, which meet `GlobalAlloc`'s contract; a
// block from `mi_malloc`, `mi_zalloc` or `mi_realloc` is used only when the layout's alignment
// is at most a word, which every mimalloc block has.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as above.
        unsafe {
            if layout.align() <= WORD {
                libmimalloc_sys::mi_malloc(layout.size()) as *mut u8
            } else {
                libmimalloc_sys::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as above.
        unsafe {
            if layout.align() <= WORD {
                libmimalloc_sys::mi_zalloc(layout.size()) as *mut u8
            } else {
                libmimalloc_sys::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from mimalloc.
        unsafe { libmimalloc_sys::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as above; `ptr` came from mimalloc.
        unsafe {
            if layout.align() <= WORD {
                libmimalloc_sys::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                libmimalloc_sys::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align())
                    as *mut u8
            }
        }
    }
}

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
    fn blocks_have_the_alignment_their_layout_asks_for() {
        let mut blocks = Vec::new();
        for size in (1..=600).chain([4095, 4096, 70_000, 1 << 21]) {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a layout of nonzero size; each block is freed below with it.
                let (p, z) = unsafe { (MiMalloc.alloc(layout), MiMalloc.alloc_zeroed(layout)) };
                assert!(!p.is_null() && !z.is_null());
                assert_eq!(p as usize % align, 0, "{size} bytes aligned to {align}");
                assert_eq!(
                    z as usize % align,
                    0,
                    "{size} bytes aligned to {align}, zeroed"
                );
                // SAFETY: `z` holds `size` bytes.
                assert!(
                    unsafe { std::slice::from_raw_parts(z, size) }
                        .iter()
                        .all(|&b| b == 0)
                );
                // SAFETY: `p` came from this allocator with `layout`.
                let r = unsafe { MiMalloc.realloc(p, layout, size * 3) };
                assert_eq!(
                    r as usize % align,
                    0,
                    "{size} bytes grown, aligned to {align}"
                );
                blocks.push((r, Layout::from_size_align(size * 3, align).unwrap()));
                blocks.push((z, layout));
            }
        }
        for (p, layout) in blocks {
            // SAFETY: each block came from this allocator with its layout.
            unsafe { MiMalloc.dealloc(p, layout) }
        }
    }

    #[test]
    fn the_option_set_is_the_purge_delay() {
        // mimalloc v3's default purge delay is 1000 ms (unless the environment sets it).
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reads one integer option.
            assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 1000);
        }
    }
}
