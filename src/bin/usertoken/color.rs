//! `--color auto|always|never`: whether people's reports carry ANSI
//! colours. `auto` colours a terminal, unless `NO_COLOR` is set (and not
//! empty) or `TERM` is `dumb`; an explicit `always` wins over `NO_COLOR`.

use std::io::{self, IsTerminal};

use clap::{Args, ValueEnum};

#[derive(Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum When {
    /// Colour a terminal, unless NO_COLOR is set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Args, Clone)]
pub struct ColorArgs {
    /// Colour the report and the table: auto (on a terminal, unless
    /// NO_COLOR is set), always or never. JSON and summaries are never
    /// coloured.
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = When::Auto)]
    color: When,
}

impl ColorArgs {
    pub fn enabled(&self) -> bool {
        match self.color {
            When::Always => true,
            When::Never => false,
            When::Auto => {
                let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
                io::stdout().is_terminal()
                    && !set("NO_COLOR")
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}
