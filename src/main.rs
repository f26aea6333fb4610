// Layout and YAML parsing allocate many small objects; mimalloc is much
// faster at that than the system allocator (measured in ARCHITECTURE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    handbok::cli::main()
}
