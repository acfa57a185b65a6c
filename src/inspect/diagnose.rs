//! What a support engineer would notice about a readable token.

use std::borrow::Cow;

use chrono::{DateTime, TimeDelta, Utc};

use crate::decode::object::JsonType;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::find::escape::Quoted;
use crate::read::claims::Claims;
use crate::read::header::Header;
use crate::read::issuer::{Environment, IssuerMatch};
use crate::read::time::{rfc3339, TimeClaim, TimeSpan};
use crate::read::token::{SignatureState, Token, SIGNATURE_MISSING};

/// Less time left than this is worth a note.
const SOON: TimeDelta = TimeDelta::minutes(5);
/// The lifetime the issuer's documentation gives.
const DOCUMENTED_LIFETIME: TimeDelta = TimeDelta::hours(1);
/// The lifetime of the issuer's published example tokens.
const PUBLISHED_LIFETIME: TimeDelta = TimeDelta::days(30);

pub(crate) fn diagnose(
    token: &Token,
    env: (Environment, IssuerMatch),
    now: DateTime<Utc>,
    out: &mut Vec<Diagnostic>,
) {
    header(token.header(), out);
    signature(token, out);
    claims(token.claims(), env, out);
    times(token.claims(), now, out);
}

fn push(
    out: &mut Vec<Diagnostic>,
    severity: Severity,
    code: Code,
    message: impl Into<Cow<'static, str>>,
) {
    out.push(Diagnostic::new(severity, code, message));
}

/// A message from its pieces in one allocation, without the formatting
/// machinery: the time messages are made for every token of a batch.
fn text(pieces: &[&str]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        text.push_str(piece);
    }
    text
}

fn wrong_type(out: &mut Vec<Diagnostic>, what: &str, name: &str, expected: &str, found: JsonType) {
    // A string that cannot be text: `\ud800`, half a surrogate pair.
    let message = if found == JsonType::String && expected == "a string" {
        format!("{what} {name} is a string with a lone surrogate escape, expected text")
    } else {
        format!("{what} {name} is {}, expected {expected}", found.as_str())
    };
    push(out, Severity::Warning, Code::UnexpectedClaimType, message);
}

fn signature(token: &Token, out: &mut Vec<Diagnostic>) {
    let unsecured = token.header().is_alg_none();
    match token.signature_state() {
        SignatureState::Missing => push(
            out,
            Severity::Error,
            Code::SignatureMissing,
            SIGNATURE_MISSING,
        ),
        SignatureState::Damaged => push(
            out,
            Severity::Error,
            Code::SignatureDamaged,
            "the signature has a length no base64 encoding produces: it was cut short or altered, and can never verify",
        ),
        SignatureState::Present if token.signature_len() == 0 && !unsecured => push(
            out,
            Severity::Error,
            Code::SignatureMissing,
            SIGNATURE_MISSING,
        ),
        SignatureState::Present => {}
    }
}

pub(crate) fn header(header: &Header, out: &mut Vec<Diagnostic>) {
    match header.alg.get(header.object()) {
        Ok(None) => push(
            out,
            Severity::Warning,
            Code::Algorithm,
            "the header has no alg",
        ),
        Err(t) => wrong_type(out, "header field", "alg", "a string", t),
        Ok(Some(alg)) if alg.eq_ignore_ascii_case("none") => push(
            out,
            Severity::Error,
            Code::Unsigned,
            "alg is none: the token is not signed and no issuer would accept it",
        ),
        Ok(Some(alg)) if alg != "HS256" => push(
            out,
            Severity::Info,
            Code::Algorithm,
            format!("signed with {}; user tokens are usually HS256", Quoted(alg)),
        ),
        Ok(Some(_)) => {}
    }
    match header.typ.get(header.object()) {
        Ok(Some(typ)) if !typ.eq_ignore_ascii_case("JWT") => push(
            out,
            Severity::Warning,
            Code::UnexpectedTyp,
            format!("typ is {}, expected JWT", Quoted(typ)),
        ),
        Err(t) => wrong_type(out, "header field", "typ", "a string", t),
        Ok(_) => {}
    }
    if let Err(t) = header.kid.get(header.object()) {
        wrong_type(out, "header field", "kid", "a string", t);
    }
    for name in ["jku", "x5u", "jwk", "x5c"] {
        if header.get(name).is_some() {
            push(
                out,
                Severity::Warning,
                Code::KeyReference,
                format!("the header carries {name}, a key or a key location; it is never fetched or trusted"),
            );
        }
    }
    if header.get("crit").is_some() {
        push(
            out,
            Severity::Warning,
            Code::CriticalHeader,
            "the header lists critical extensions (crit) that a verifier must understand",
        );
    }
}

/// Where a UUID has its dashes.
const UUID_DASHES: [bool; 36] = {
    let mut dashes = [false; 36];
    dashes[8] = true;
    dashes[13] = true;
    dashes[18] = true;
    dashes[23] = true;
    dashes
};

fn is_uuid(s: &str) -> bool {
    let Ok(b) = <&[u8; 36]>::try_from(s.as_bytes()) else {
        return false;
    };
    // Arithmetic and without early exits, so that it runs as vector code:
    // this runs for four claims of every token.
    b.iter().zip(UUID_DASHES).fold(true, |ok, (&c, dash)| {
        let hex = (c.wrapping_sub(b'0') < 10) | ((c | 0x20).wrapping_sub(b'a') < 6);
        ok & if dash { c == b'-' } else { hex }
    })
}

fn claims(claims: &Claims, (env, matched): (Environment, IssuerMatch), out: &mut Vec<Diagnostic>) {
    let texts = [
        ("client_id", &claims.client_id),
        ("user_id", &claims.user_id),
        ("sub", &claims.sub),
        ("iss", &claims.iss),
    ];
    let refresh = claims.client_id.is_missing() && claims.user_id.is_missing();
    for (name, text) in texts.iter().chain([&("jti", &claims.jti)]) {
        match text.get(claims.object()) {
            Ok(None) => missing(out, name),
            Err(t) => wrong_type(out, "claim", name, "a string", t),
            Ok(Some(s)) if *name != "iss" && !is_uuid(s) => push(
                out,
                Severity::Info,
                Code::NotUuid,
                format!("{name} {} is not a UUID", Quoted(s)),
            ),
            Ok(Some(_)) => {}
        }
    }
    if refresh {
        push(
            out,
            Severity::Warning,
            Code::RefreshToken,
            "no client_id and no user_id: this looks like a legacy refresh token; Link needs a user token",
        );
    }
    if let (Some(sub), Some(user)) = (claims.sub(), claims.user_id()) {
        if sub != user {
            push(
                out,
                Severity::Warning,
                Code::SubjectMismatch,
                format!("sub {} differs from user_id {}", Quoted(sub), Quoted(user)),
            );
        }
    }
    if let (Some(iss), IssuerMatch::Unknown) = (claims.iss(), matched) {
        push(
            out,
            Severity::Warning,
            Code::UnknownIssuer,
            format!("issuer {} is not known; environment {env}", Quoted(iss)),
        );
    }
    for (name, claim) in [
        ("iat", claims.iat),
        ("exp", claims.exp),
        ("nbf", claims.nbf),
    ] {
        time_form(name, claim, out);
    }
}

fn missing(out: &mut Vec<Diagnostic>, name: &str) {
    push(
        out,
        Severity::Warning,
        Code::MissingClaim,
        format!("the claim {name} is missing"),
    );
}

fn time_form(name: &str, claim: TimeClaim, out: &mut Vec<Diagnostic>) {
    let form = match claim {
        TimeClaim::Missing if name == "nbf" => return,
        TimeClaim::Missing => return missing(out, name),
        TimeClaim::WrongType(t) => {
            return wrong_type(out, "claim", name, "a number of seconds", t);
        }
        TimeClaim::OutOfRange(form) => {
            push(
                out,
                Severity::Warning,
                Code::TimestampOutOfRange,
                format!("{name} is outside the range of representable instants"),
            );
            form
        }
        TimeClaim::At(_, form) => form,
    };
    if !form.string && !form.millis {
        return;
    }
    let read = match claim.instant() {
        Some(at) => format!(", read as {}", rfc3339(at)),
        None => String::new(),
    };
    if form.string {
        push(
            out,
            Severity::Warning,
            Code::UnexpectedClaimType,
            format!("{name} is a string holding a number, expected a number{read}"),
        );
    }
    if form.millis {
        push(
            out,
            Severity::Warning,
            Code::TimestampInMilliseconds,
            format!("{name} looks like milliseconds, not seconds{read}"),
        );
    }
}

fn times(claims: &Claims, now: DateTime<Utc>, out: &mut Vec<Diagnostic>) {
    let (iat, exp, nbf) = (claims.issued_at(), claims.expires_at(), claims.not_before());
    if let Some(iat) = iat.filter(|&iat| iat > now) {
        push(
            out,
            Severity::Warning,
            Code::IssuedInFuture,
            text(&[
                "issued ",
                TimeSpan::new(iat - now).text().as_str(),
                " in the future (",
                rfc3339(iat).as_str(),
                "): the issuer's clock or this one is off",
            ]),
        );
    }
    if let Some(nbf) = nbf.filter(|&nbf| nbf > now) {
        push(
            out,
            Severity::Warning,
            Code::NotYetValid,
            text(&[
                "not valid before ",
                rfc3339(nbf).as_str(),
                ", ",
                TimeSpan::new(nbf - now).text().as_str(),
                " from now",
            ]),
        );
    }
    if let Some(exp) = exp {
        if now >= exp {
            push(
                out,
                Severity::Info,
                Code::Expired,
                text(&[
                    "expired ",
                    TimeSpan::new(now - exp).rough().text().as_str(),
                    " ago (",
                    rfc3339(exp).as_str(),
                    ")",
                ]),
            );
        } else if exp - now < SOON {
            push(
                out,
                Severity::Info,
                Code::ExpiresSoon,
                text(&[
                    "expires in ",
                    TimeSpan::new(exp - now).text().as_str(),
                    " (",
                    rfc3339(exp).as_str(),
                    ")",
                ]),
            );
        }
    }
    if let (Some(iat), Some(exp)) = (iat, exp) {
        let lifetime = exp - iat;
        if lifetime < TimeDelta::zero() {
            push(
                out,
                Severity::Error,
                Code::ExpBeforeIat,
                format!("exp is {} before iat", TimeSpan::new(lifetime)),
            );
        }
        let (severity, message): (Severity, Cow<'static, str>) = if lifetime <= TimeDelta::zero() {
            let secs = lifetime.num_seconds();
            let message = format!("the token never lives: exp − iat is {secs}s");
            (Severity::Warning, message.into())
        } else if lifetime == DOCUMENTED_LIFETIME {
            (Severity::Info, "lives 1 hour, as documented".into())
        } else if lifetime == PUBLISHED_LIFETIME {
            let message =
                "lives 30 days, like the published example tokens (the documentation says 1 hour)";
            (Severity::Info, message.into())
        } else {
            let span = TimeSpan::new(lifetime).text();
            let message = text(&[
                "lives ",
                span.as_str(),
                " (documented: 1 hour; published examples: 30 days)",
            ]);
            (Severity::Info, message.into())
        };
        push(out, severity, Code::Lifetime, message);
    }
}
