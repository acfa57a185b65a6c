//! `usertoken completions <shell>` and `usertoken man [COMMAND]`, both
//! generated from the command-line definition.

use std::io::{self, Write};

use clap::{Args, CommandFactory, ValueEnum};
use clap_complete::Shell;

use crate::output::{Failure, Outcome};

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Target,
}

/// The shells clap_complete knows, and nushell (clap_complete_nushell).
#[derive(Clone, Copy, ValueEnum)]
enum Target {
    Bash,
    Elvish,
    Fish,
    Nushell,
    Powershell,
    Zsh,
}

#[derive(Args)]
pub struct ManArgs {
    /// The command whose page to print, `usertoken-COMMAND(1)`; the main
    /// page, `usertoken(1)`, without one.
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

pub fn completions(args: &CompletionsArgs) -> Result<Outcome, Failure> {
    let mut cmd = crate::Cli::command();
    // Generated into memory: the generators panic when a write fails, and
    // a closed pipe is no reason to.
    let mut script = Vec::new();
    let shell = match args.shell {
        Target::Bash => Shell::Bash,
        Target::Elvish => Shell::Elvish,
        Target::Fish => Shell::Fish,
        Target::Powershell => Shell::PowerShell,
        Target::Zsh => Shell::Zsh,
        Target::Nushell => {
            let nu = clap_complete_nushell::Nushell;
            clap_complete::generate(nu, &mut cmd, "usertoken", &mut script);
            return write_out(&script);
        }
    };
    clap_complete::generate(shell, &mut cmd, "usertoken", &mut script);
    write_out(&script)
}

pub fn man(args: &ManArgs) -> Result<Outcome, Failure> {
    let mut cmd = crate::Cli::command();
    cmd.build();
    let page = match &args.command {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) => sub.clone().version(env!("CARGO_PKG_VERSION")),
            None => {
                let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
                return Err(Failure::Usage(format!(
                    "no command named {name:?}; expected one of {}",
                    names.join(", ")
                )));
            }
        },
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    write_out(&roff)
}

fn write_out(bytes: &[u8]) -> Result<Outcome, Failure> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(Outcome::Ok)
}
