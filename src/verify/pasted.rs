//! Verifying pasted text, token by token, as it is inspected.

use crate::error::ErrorKind;
use crate::find::pasted::{found, searchable};
use crate::verify::verdict::Verification;
use crate::verify::verifier::Verifier;

impl Verifier {
    /// Verifies pasted text as [`Inspector::inspect_pasted`](crate::Inspector::inspect_pasted) inspects it:
    /// one verdict when it is a token by itself, else one for each token
    /// found inside it, each with its
    /// [`Verification::source`](crate::Verification::source). When none is
    /// found, the input's own verdict (malformed), its reason ending in
    /// "no token found in the pasted text". Each token is judged as strictly
    /// as [`verify`](crate::verify()) judges one.
    pub fn verify_pasted(&self, text: impl AsRef<[u8]>) -> Vec<Verification> {
        let text = text.as_ref();
        let verdict = self.verify(text);
        // Verification calls five segments encrypted without reading the
        // header: a search tells a JWE from text holding two tokens.
        let error = verdict.reason().and_then(|r| r.error()).map(|e| e.kind());
        if !error.is_some_and(searchable) {
            return vec![verdict];
        }
        let Some(found) = found(text) else {
            if error == Some(ErrorKind::Encrypted) {
                return vec![verdict];
            }
            return vec![verdict.nothing_found()];
        };
        if let [(token, _)] = found.as_slice() {
            let alone = self.verify(token);
            if alone.fingerprint() == verdict.fingerprint() {
                return vec![verdict];
            }
        }
        found
            .into_iter()
            .map(|(token, source)| self.verify(&token).found_at(source))
            .collect()
    }
}
