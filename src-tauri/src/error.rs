//! The one error type every command returns; the UI receives it as `{ code, message }`.

use serde::{ser::SerializeStruct, Serialize, Serializer};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The content pack failed validation; the message lists every problem.
    #[error("the content pack is not valid:\n{0}")]
    PackInvalid(String),
    /// The first pack is still being checked (off the UI thread, after the window opened).
    #[error("the content pack is still being checked")]
    PackLoading,
    /// The pack folder or one of its files could not be read at all.
    #[error("cannot read the content pack: {0}")]
    PackUnreadable(String),
    #[error("no {kind} with id {id:?} in the content pack")]
    NotFound { kind: &'static str, id: String },
    #[error("settings: {0}")]
    Settings(String),
    /// A privileged command without a valid operator session token.
    #[error("the operator panel is locked")]
    Unauthorized,
    #[error("wrong PIN")]
    WrongPin,
    /// Too many wrong PINs: the next attempt is accepted only after the delay.
    #[error("too many attempts; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("{0}")]
    InvalidPin(String),
    #[error(
        "a PIN is already set; change it from the operator panel or with `screening-kiosk set-pin`"
    )]
    PinAlreadySet,
    /// The PIN record and its copy cannot be read: no PIN opens the panel, and no new one may be
    /// chosen on screen.
    #[error("the operator PIN record cannot be read; set a new PIN with `screening-kiosk set-pin` at the kiosk")]
    PinRecordDamaged,
    /// A crash loop: the kiosk rests on its calm slate, without video, for a while.
    #[error("the kiosk is resting after repeated restarts; content returns in {secs_left} s")]
    SafeMode { secs_left: u64 },
    /// A statistics event no honest page sends.
    #[error("statistics: {0}")]
    InvalidEvent(String),
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
            Error::PackLoading => "pack_loading",
            Error::PackUnreadable(_) => "pack_unreadable",
            Error::NotFound { .. } => "not_found",
            Error::Settings(_) => "settings",
            Error::Unauthorized => "unauthorized",
            Error::WrongPin => "wrong_pin",
            Error::RateLimited { .. } => "rate_limited",
            Error::InvalidPin(_) => "invalid_pin",
            Error::PinAlreadySet => "pin_already_set",
            Error::PinRecordDamaged => "pin_record_damaged",
            Error::InvalidEvent(_) => "invalid_event",
            Error::SafeMode { .. } => "safe_mode",
            Error::Io(_) => "io",
            Error::Tauri(_) => "internal",
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let retry_after = match self {
            Error::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        };
        let mut out =
            serializer.serialize_struct("Error", 2 + usize::from(retry_after.is_some()))?;
        out.serialize_field("code", self.code())?;
        out.serialize_field("message", &self.to_string())?;
        // The PIN pad counts the delay down, so it gets the number, not just the sentence.
        if let Some(secs) = retry_after {
            out.serialize_field("retryAfterSecs", &secs)?;
        }
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

    #[test]
    fn a_rate_limit_carries_its_delay_for_the_pin_pad() {
        let json = serde_json::to_value(Error::RateLimited {
            retry_after_secs: 20,
        })
        .unwrap();
        assert_eq!(json["code"], "rate_limited");
        assert_eq!(json["retryAfterSecs"], 20);
    }
}
