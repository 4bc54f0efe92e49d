//! `mailwire`: the workspace's command-line tool (see `../shared/CLI.md`).

fn main() {}
