//! Bytes → an image file's format and size: the structure walk never
//! panics, and what it lets through is never larger than its header says.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((_, width, height)) = handbok::media::inspect(data) {
        assert!(width > 0 && height > 0);
    }
});
