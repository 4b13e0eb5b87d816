//! The process's global allocator: mimalloc, asked for plain blocks whenever
//! a plain block already satisfies the layout.
//!
//! `mimalloc::MiMalloc` passes every request to `mi_malloc_aligned`, even
//! with an alignment of 1 to 8. In mimalloc 3 (that crate's default) the
//! call only stays on the fast path while the size class's current page has
//! a free block; when the page runs out it goes to the aligned generic path,
//! which for sizes that are not a power of two over-allocates
//! `size + align - 1` bytes from the next size class instead of refilling
//! the page. An evaluation that makes and drops many small values (thunks,
//! environments, attribute tables) spent a tenth of its instructions there
//! (docs/benchmarks.md). The workspace now builds mimalloc 2 (the
//! `libmimalloc-sys` feature `v2`: as fast here, less peak memory), whose
//! aligned path is sound, but the plain calls are still the shorter way.
//!
//! Every mimalloc block is aligned to at least a machine word (mimalloc's
//! own `realloc_aligned` relies on that and takes the plain path for such
//! alignments), so layouts whose alignment is at most a word go to
//! `mi_malloc`, `mi_zalloc` and `mi_realloc`; larger alignments keep the
//! aligned calls. Freeing is `mi_free` either way.

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;

use libmimalloc_sys as ffi;

/// The alignment every mimalloc block has, whatever was asked for.
const WORD: usize = core::mem::size_of::<usize>();

/// mimalloc, with word-aligned requests on its plain (non-aligned) path.
pub struct Allocator;

// SAFETY: every method forwards to mimalloc with the layout's size, and
// with its alignment unless that is at most a word, which every block
// mimalloc hands out already has; `dealloc` and `realloc` only receive
// pointers this allocator returned, all of them mimalloc blocks.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            // SAFETY: mimalloc accepts any size; see the impl's comment.
            unsafe { ffi::mi_malloc(layout.size()).cast() }
        } else {
            // SAFETY: a Layout's alignment is a power of two.
            unsafe { ffi::mi_malloc_aligned(layout.size(), layout.align()).cast() }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            // SAFETY: as in `alloc`.
            unsafe { ffi::mi_zalloc(layout.size()).cast() }
        } else {
            // SAFETY: as in `alloc`.
            unsafe { ffi::mi_zalloc_aligned(layout.size(), layout.align()).cast() }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { ffi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD {
            // SAFETY: `ptr` is a mimalloc block; the new block keeps a word's
            // alignment, which is all the layout asks for.
            unsafe { ffi::mi_realloc(ptr.cast::<c_void>(), new_size).cast() }
        } else {
            // SAFETY: as above, with the alignment passed on.
            unsafe {
                ffi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}
