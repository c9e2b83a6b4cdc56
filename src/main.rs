//! The `hearth` command.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // mimalloc asks for huge pages; the kernel then zeroes 2 MiB at a fault where a build needed
    // a few KiB, and again after each purge: a sixth of a full build's time went to it.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    hearth::cli::main()
}
