//! Near misses: base64, hex, dotted names and quoted replies pass byte for
//! byte.

use super::*;

#[test]
fn near_misses_pass_byte_for_byte() {
    let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
    let base64_lines = |width: usize| -> String {
        let all = base64::engine::general_purpose::STANDARD.encode(&bytes);
        all.as_bytes()
            .chunks(width)
            .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
            .collect()
    };
    let hex_lines: String = bytes
        .chunks(32)
        .map(|c| c.iter().map(|b| format!("{b:02x}")).collect::<String>() + "\n")
        .collect();
    // A JSON document, base64 and wrapped: it starts as a header would.
    let document = base64::engine::general_purpose::STANDARD.encode(
        json!({"user": USER, "items": (0..40).collect::<Vec<_>>(), "note": "a".repeat(200)})
            .to_string(),
    );
    let wrapped_document: String = document
        .as_bytes()
        .chunks(76)
        .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
        .collect();
    let blob = URL_SAFE_NO_PAD.encode(r#"{"a":1,"b":"two"}"#);
    for text in [
        base64_lines(76),
        base64_lines(64),
        hex_lines,
        wrapped_document,
        format!("{blob}\n"),
        format!("saved {blob}.json and {blob}.json\n"),
        "GET /files/report%2Epdf?v=1%2E2%2E3 200\n".to_owned(),
        "com.example.app.MainActivity version=5.12.1 build 3.14.2 host=api-3.internal.example.com\n"
            .to_owned(),
        "they said ey\nJust so, ey\nJ. Doe agreed\n".to_owned(),
        r#"{"path":"a\u002eb","v":"x\u002ey\u002ez"}"#.to_owned() + "\n",
        "abc.def.ghi jkl.mno.pqr.stu.vwx\n".to_owned(),
        "> quoted reply\n> with lines\n>\n".to_owned(),
    ] {
        for out in every_way(text.as_bytes()) {
            assert_eq!(String::from_utf8(out).unwrap(), text);
        }
        assert_eq!(find_tokens(&text).count(), 0, "{text}");
    }
}
