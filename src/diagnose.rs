//! What a support engineer would notice about a readable token.

use chrono::{DateTime, TimeDelta, Utc};

use crate::claims::Claims;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::escape::Quoted;
use crate::header::Header;
use crate::issuer::{Environment, IssuerMatch};
use crate::object::{JsonType, Text};
use crate::time::{rfc3339, Span, TimeClaim};
use crate::token::Token;

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
    header(token.header(), token.signature_len(), out);
    claims(token.claims(), env, out);
    times(token.claims(), now, out);
}

fn push(out: &mut Vec<Diagnostic>, severity: Severity, code: Code, message: String) {
    out.push(Diagnostic::new(severity, code, message));
}

fn wrong_type(out: &mut Vec<Diagnostic>, what: &str, name: &str, expected: &str, found: JsonType) {
    push(
        out,
        Severity::Warning,
        Code::UnexpectedClaimType,
        format!("{what} {name} is {}, expected {expected}", found.as_str()),
    );
}

pub(crate) fn header(header: &Header, signature_len: usize, out: &mut Vec<Diagnostic>) {
    match &header.alg {
        Text::Missing => push(
            out,
            Severity::Warning,
            Code::Algorithm,
            "the header has no alg".to_owned(),
        ),
        Text::Other(t) => wrong_type(out, "header field", "alg", "a string", *t),
        Text::Str(alg) if alg.eq_ignore_ascii_case("none") => push(
            out,
            Severity::Error,
            Code::Unsigned,
            "alg is none: the token is not signed and no issuer would accept it".to_owned(),
        ),
        Text::Str(alg) if alg != "HS256" => push(
            out,
            Severity::Info,
            Code::Algorithm,
            format!("signed with {}; user tokens are usually HS256", Quoted(alg)),
        ),
        Text::Str(_) => {}
    }
    if signature_len == 0 && !header.is_alg_none() {
        push(
            out,
            Severity::Error,
            Code::Unsigned,
            "the signature is empty".to_owned(),
        );
    }
    match &header.typ {
        Text::Str(typ) if !typ.eq_ignore_ascii_case("JWT") => push(
            out,
            Severity::Warning,
            Code::UnexpectedTyp,
            format!("typ is {}, expected JWT", Quoted(typ)),
        ),
        Text::Other(t) => wrong_type(out, "header field", "typ", "a string", *t),
        _ => {}
    }
    if let Text::Other(t) = &header.kid {
        wrong_type(out, "header field", "kid", "a string", *t);
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
            "the header lists critical extensions (crit) that a verifier must understand"
                .to_owned(),
        );
    }
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn claims(claims: &Claims, (env, matched): (Environment, IssuerMatch), out: &mut Vec<Diagnostic>) {
    let texts = [
        ("client_id", &claims.client_id),
        ("user_id", &claims.user_id),
        ("sub", &claims.sub),
        ("iss", &claims.iss),
    ];
    let refresh = claims.client_id == Text::Missing && claims.user_id == Text::Missing;
    for (name, text) in texts.iter().chain([&("jti", &claims.jti)]) {
        match text {
            Text::Missing => missing(out, name),
            Text::Other(t) => wrong_type(out, "claim", name, "a string", *t),
            Text::Str(s) if *name != "iss" && !is_uuid(s) => push(
                out,
                Severity::Info,
                Code::NotUuid,
                format!("{name} {} is not a UUID", Quoted(s)),
            ),
            Text::Str(_) => {}
        }
    }
    if refresh {
        push(
            out,
            Severity::Warning,
            Code::RefreshToken,
            "no client_id and no user_id: this looks like a legacy refresh token; Link needs a user token"
                .to_owned(),
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
            format!(
                "issued {} in the future ({}): the issuer's clock or this one is off",
                Span::new(iat - now),
                rfc3339(iat)
            ),
        );
    }
    if let Some(nbf) = nbf.filter(|&nbf| nbf > now) {
        push(
            out,
            Severity::Warning,
            Code::NotYetValid,
            format!(
                "not valid before {}, {} from now",
                rfc3339(nbf),
                Span::new(nbf - now)
            ),
        );
    }
    if let Some(exp) = exp {
        if now >= exp {
            push(
                out,
                Severity::Info,
                Code::Expired,
                format!(
                    "expired {} ago ({})",
                    Span::new(now - exp).rough(),
                    rfc3339(exp)
                ),
            );
        } else if exp - now < SOON {
            push(
                out,
                Severity::Info,
                Code::ExpiresSoon,
                format!("expires in {} ({})", Span::new(exp - now), rfc3339(exp)),
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
                format!("exp is {} before iat", Span::new(lifetime)),
            );
        }
        let (severity, message) = if lifetime <= TimeDelta::zero() {
            (
                Severity::Warning,
                format!(
                    "the token never lives: exp − iat is {}s",
                    lifetime.num_seconds()
                ),
            )
        } else if lifetime == DOCUMENTED_LIFETIME {
            (Severity::Info, "lives 1 hour, as documented".to_owned())
        } else if lifetime == PUBLISHED_LIFETIME {
            (
                Severity::Info,
                "lives 30 days, like the published example tokens (the documentation says 1 hour)"
                    .to_owned(),
            )
        } else {
            (
                Severity::Info,
                format!(
                    "lives {} (documented: 1 hour; published examples: 30 days)",
                    Span::new(lifetime)
                ),
            )
        };
        push(out, severity, Code::Lifetime, message);
    }
}
