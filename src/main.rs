use clap::Parser;

fn main() -> std::process::ExitCode {
    frontdesk::cli::run(frontdesk::cli::Cli::parse())
}
