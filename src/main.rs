//! The `blogfmt` binary: all the work is in the library's `cli` module.

fn main() -> std::process::ExitCode {
    blogfmt::cli::main(std::env::args_os())
}
