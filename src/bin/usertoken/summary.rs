//! `usertoken summary`: `inspect --summary` under the name support
//! engineers look for.

use clap::{ArgGroup, Args};

use crate::inspect::{execute, Format, Run, Sources};
use crate::link::LinkArgs;
use crate::output::{Failure, Outcome};
use crate::verify::KeyArgs;
use crate::JudgeArgs;

#[derive(Args)]
#[command(group(ArgGroup::new("key-source").args(["key", "secret_file", "secret_env"])))]
pub struct SummaryArgs {
    #[command(flatten)]
    sources: Sources,
    #[command(flatten)]
    judge: JudgeArgs,
    /// With a key, the summary gives the signature verdict, and the exit
    /// status is 0 only when every signature is valid too.
    #[command(flatten)]
    key: KeyArgs,
    #[command(flatten)]
    link: LinkArgs,
}

pub fn run(args: &SummaryArgs) -> Result<Outcome, Failure> {
    let run = Run {
        sources: &args.sources,
        judge: &args.judge,
        key: &args.key,
        link: &args.link,
        color: false,
    };
    execute(Format::Summary, &run)
}
