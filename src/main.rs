//! The `hearth` command.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Huge pages make each fresh stretch of memory cost 2 MiB of zeroing, and a build is mostly
    // fresh memory. In a virtual machine that hands free memory back to its host, the zeroing
    // is slowest when builds come seconds apart, as a writer's do: on the 10,000-page site,
    // one-edit builds two seconds apart took 374 ms (median) with huge pages and 203 without.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    hearth::cli::main()
}
