fn main() -> std::process::ExitCode {
    ppcert::cli::main()
}
