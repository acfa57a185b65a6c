//! Public keys in PEM: `SubjectPublicKeyInfo`, PKCS#1 `RSAPublicKey` and
//! X.509 certificates, read with a small bounds-checked DER reader.

use base64::Engine;

use crate::verify::algorithm::Curve;
use crate::verify::entry::{ec_entry, ed_entry, rsa_entry, Entry, STANDARD};
use crate::verify::key_error::{KeyError, Problem};

/// The first PEM block with a public key, or why there is none.
pub(crate) fn read(text: &[u8]) -> Result<Entry, KeyError> {
    let mut rest = text;
    let mut private = false;
    while let Some(at) = memchr::memmem::find(rest, b"-----BEGIN ") {
        let after = &rest[at + 11..];
        let Some(label_end) = memchr::memmem::find(after, b"-----") else {
            break;
        };
        let label = &after[..label_end];
        let body_start = &after[label_end + 5..];
        let mut end_line = b"-----END ".to_vec();
        end_line.extend_from_slice(label);
        end_line.extend_from_slice(b"-----");
        let body_end =
            memchr::memmem::find(body_start, &end_line).ok_or(KeyError::new(Problem::PemEnd))?;
        let body = &body_start[..body_end];
        rest = &body_start[body_end + end_line.len()..];
        match label {
            b"PUBLIC KEY" => return spki(&pem_body(body)?),
            b"RSA PUBLIC KEY" => {
                let der = pem_body(body)?;
                let (n, e) = rsa_public_key(&der)?;
                return rsa_entry(n, e);
            }
            b"CERTIFICATE" | b"X509 CERTIFICATE" | b"TRUSTED CERTIFICATE" => {
                return certificate(&pem_body(body)?)
            }
            _ if label.ends_with(b"PRIVATE KEY") => private = true,
            _ => {}
        }
    }
    Err(KeyError::new(if private {
        Problem::PrivateKey
    } else {
        Problem::PemLabel
    }))
}

/// The DER inside a PEM block; RFC 1421 header lines (`Name: value`) are
/// skipped.
fn pem_body(body: &[u8]) -> Result<Vec<u8>, KeyError> {
    let mut b64 = Vec::with_capacity(body.len());
    for line in body.split(|&b| b == b'\n') {
        if line.contains(&b':') {
            continue;
        }
        b64.extend(line.iter().copied().filter(|b| !b.is_ascii_whitespace()));
    }
    STANDARD
        .decode(&b64)
        .map_err(|_| KeyError::new(Problem::PemBase64))
}

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OID: u8 = 0x06;

const RSA_ENCRYPTION: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
const RSASSA_PSS: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A];
const EC_PUBLIC_KEY: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];
const P256: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
const P384: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x22];
const P521: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x23];
const ED25519: &[u8] = &[0x2B, 0x65, 0x70];
const ED448: &[u8] = &[0x2B, 0x65, 0x71];

/// A DER reader over a slice: every read is bounds-checked.
struct Der<'a>(&'a [u8]);

impl<'a> Der<'a> {
    /// The next element: its tag, its content, and its whole encoding.
    fn next(&mut self) -> Result<(u8, &'a [u8], &'a [u8]), KeyError> {
        let bad = || KeyError::new(Problem::Der);
        let all = self.0;
        let (&tag, rest) = all.split_first().ok_or_else(bad)?;
        let (&first, mut rest) = rest.split_first().ok_or_else(bad)?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let n = usize::from(first & 0x7F);
            if n == 0 || n > 4 || rest.len() < n {
                return Err(bad());
            }
            let len = rest[..n]
                .iter()
                .fold(0usize, |acc, &b| acc << 8 | usize::from(b));
            rest = &rest[n..];
            len
        };
        if rest.len() < len {
            return Err(bad());
        }
        let header = all.len() - rest.len();
        self.0 = &rest[len..];
        Ok((tag, &rest[..len], &all[..header + len]))
    }

    fn expect(&mut self, tag: u8) -> Result<&'a [u8], KeyError> {
        match self.next()? {
            (t, content, _) if t == tag => Ok(content),
            _ => Err(KeyError::new(Problem::Der)),
        }
    }
}

/// PKCS#1 `RSAPublicKey`: modulus and exponent.
fn rsa_public_key(der: &[u8]) -> Result<(&[u8], &[u8]), KeyError> {
    let mut seq = Der(Der(der).expect(SEQUENCE)?);
    let n = seq.expect(INTEGER)?;
    let e = seq.expect(INTEGER)?;
    Ok((n, e))
}

/// `SubjectPublicKeyInfo`.
fn spki(der: &[u8]) -> Result<Entry, KeyError> {
    let mut info = Der(Der(der).expect(SEQUENCE)?);
    let mut algorithm = Der(info.expect(SEQUENCE)?);
    let bits = info.expect(BIT_STRING)?;
    let key = match bits.split_first() {
        Some((0, key)) => key,
        _ => return Err(KeyError::new(Problem::Der)),
    };
    let oid = algorithm.expect(OID)?;
    match oid {
        RSA_ENCRYPTION => {
            let (n, e) = rsa_public_key(key)?;
            rsa_entry(n, e)
        }
        EC_PUBLIC_KEY => match algorithm.expect(OID)? {
            P256 => ec_entry(Curve::P256, key),
            P384 => ec_entry(Curve::P384, key),
            P521 => Err(KeyError::new(Problem::Unsupported("EC curve P-521"))),
            _ => Err(KeyError::new(Problem::Unsupported("EC curve"))),
        },
        ED25519 => ed_entry(key),
        ED448 => Err(KeyError::new(Problem::Unsupported("Ed448"))),
        RSASSA_PSS => Err(KeyError::new(Problem::Unsupported(
            "RSASSA-PSS key parameters (use an rsaEncryption key)",
        ))),
        _ => Err(KeyError::new(Problem::Unsupported("key algorithm"))),
    }
}

/// The subject public key of an X.509 certificate. Nothing else about the
/// certificate (its validity period, its issuer) is judged.
fn certificate(der: &[u8]) -> Result<Entry, KeyError> {
    let mut cert = Der(Der(der).expect(SEQUENCE)?);
    let mut tbs = Der(cert.expect(SEQUENCE)?);
    let (mut tag, _, _) = tbs.next()?;
    if tag == 0xA0 {
        // [0] version, then the serial number.
        (tag, _, _) = tbs.next()?;
    }
    if tag != INTEGER {
        return Err(KeyError::new(Problem::Der));
    }
    // signature algorithm, issuer, validity, subject
    for _ in 0..4 {
        tbs.expect(SEQUENCE)?;
    }
    match tbs.next()? {
        (SEQUENCE, _, whole) => spki(whole),
        _ => Err(KeyError::new(Problem::Der)),
    }
}
