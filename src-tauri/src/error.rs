//! The one error type every command returns; the UI receives it as `{ code, message }`.

use serde::{ser::SerializeStruct, Serialize, Serializer};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The content pack failed validation; the message lists every problem.
    #[error("the content pack is not valid:\n{0}")]
    PackInvalid(String),
    /// The pack folder or one of its files could not be read at all.
    #[error("cannot read the content pack: {0}")]
    PackUnreadable(String),
    #[error("no {kind} with id {id:?} in the content pack")]
    NotFound { kind: &'static str, id: String },
    #[error("settings: {0}")]
    Settings(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Tauri(#[from] tauri::Error),
}

impl Error {
    /// Stable machine-readable code the UI switches on; messages may change, codes may not.
    pub fn code(&self) -> &'static str {
        match self {
            Error::PackInvalid(_) => "pack_invalid",
            Error::PackUnreadable(_) => "pack_unreadable",
            Error::NotFound { .. } => "not_found",
            Error::Settings(_) => "settings",
            Error::Io(_) => "io",
            Error::Tauri(_) => "internal",
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Error", 2)?;
        out.serialize_field("code", self.code())?;
        out.serialize_field("message", &self.to_string())?;
        out.end()
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let err = Error::NotFound {
            kind: "legislation document",
            id: "nope".into(),
        };
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "not_found");
        assert_eq!(
            json["message"],
            "no legislation document with id \"nope\" in the content pack"
        );
    }
}
