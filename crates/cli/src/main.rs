//! The `honeygrid` command. Everything lives in the library, so the
//! tests drive the same code.

fn main() -> std::process::ExitCode {
    honeygrid::run()
}
