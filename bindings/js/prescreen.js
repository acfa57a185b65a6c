// The finder's own first tests, in JavaScript, so that a string without a
// token (most log lines) never crosses into WebAssembly.
//
// The crate's scanner (src/scan.rs, `Scanner::step` and `Scanner::run`)
// looks at a place only where `e`, then `y`, `w` or `3`, then a third
// character that `can_start` admits stand: the first three characters of
// base64url JSON that begins with `{` and then whitespace, `"` or `}`.
// Every token it reports, damaged ones and ones anchored by their payload
// too, is decided at such a place. Unless the run of segment characters
// there ends where noise may begin (a line break, `=`, `\`, `<`, `&`, a
// quote, or any character past ASCII: the first bytes of the grammar in
// src/find/rules.rs, across which a header's pieces are joined), it goes on
// only when one such place in the run is `viable`: at least 8 segment
// characters from it for `eyI`, `eyJ`, `eyL`, 3 for `e3`, 4 for the rest.
// Text with neither holds no token and is returned as it is. A character
// past ASCII in the string is bytes past ASCII in its UTF-8, and the others
// are the same in both.
const viable = /e(?:y[IJL][A-Za-z0-9+/_-]{5}|y[AB][A-Za-z0-9+/_-]|w[klop01][A-Za-z0-9+/_-]|3[0-3])/;
const broken = /e(?:y[ABIJL]|w[klop01]|3[0-3])[A-Za-z0-9+/_-]*(?:[\r\n=\\<&"'`]|[^\x00-\x7f])/;
// A token inside a base64 run is found by reading the run decoded, where
// the run holds the base64 of `eyJ` at one of its three alignments
// (BASE64_MARKERS in src/find/rules.rs); and a text with a NUL may be
// UTF-16, which the crate reads through a view of its own.
const encoded = /ZXlK|V5S|leU|\0/;
/** Whether the crate's finder could find a token in `text`. */
export const mayHoldToken = (text) => viable.test(text) || broken.test(text) || encoded.test(text);
