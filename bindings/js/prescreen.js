// The finder's own first test, in JavaScript, so that a short string
// without a token (most log lines) never crosses into WebAssembly.
//
// The crate's scanner (src/scan.rs) considers a place only where `e`, then
// `y`, `w` or `3`, then a third character that `can_start` admits stand:
// the first three characters of base64url JSON that begins with `{` and
// then whitespace, `"` or `}`. Every token it reports, damaged ones and
// ones anchored by their payload too, is decided at such a place, so text
// without one holds no token and is returned as it is. The characters are
// ASCII, and a string holds them exactly when its UTF-8 does.
const start = /e(?:y[ABIJL]|w[klop01]|3[0-3])/;

/** Whether the crate's finder could find a token in `text`. */
export const mayHoldToken = (text) => start.test(text);
