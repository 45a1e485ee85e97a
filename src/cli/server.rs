//! `ppcert server`: the language server, for editors.

use crate::connector::Profile;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Editors start it for you: the VS Code extension (editors/vscode), or any \
LSP client with `ppcert server` as the command (see the README's \"In your editor\")."
)]
pub struct ServerArgs {
    /// Judge every connector under this profile (else as `ppcert lint` decides: ppcert.toml, the
    /// repository layout, the connector's files). Clients can also set it with the
    /// `profile` initialization option.
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
}

pub fn run(args: ServerArgs) -> u8 {
    let options = crate::server::Options {
        profile: args.profile,
    };
    match crate::server::run(options) {
        Ok(()) => super::EXIT_OK,
        // LSP asks for exit code 1 when the client did not shut the server down first.
        Err(message) if message == crate::server::EXIT_WITHOUT_SHUTDOWN => 1,
        Err(message) => {
            eprintln!("ppcert server: {message}");
            super::EXIT_FAILURE
        }
    }
}
