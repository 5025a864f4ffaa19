use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = frontdesk::cli::Cli::parse();
    match frontdesk::cli::execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("frontdesk: {e:#}");
            ExitCode::FAILURE
        }
    }
}
