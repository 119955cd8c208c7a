//! heck's casing, computed directly for names made of plain camelCase words (most of Graph's
//! names): heck formats a name character by character, some ten thousand instructions each.
//! What these functions give is what heck gives; the tests of `codegen::naming` compare the
//! two on every short name of letters, digits and separators.

use heck::ToSnakeCase;

/// A plain camelCase name, or one with its first letter uppercased (`UsersMessages`): heck
/// splits it into words before each uppercase letter (but the first) and nowhere else, so its
/// UpperCamelCase is the name with its first letter uppercased.
pub(crate) fn is_plain_word(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.iter().all(u8::is_ascii_alphanumeric)
        && bytes.windows(2).all(|w| {
            !(w[1].is_ascii_uppercase() && (w[0].is_ascii_uppercase() || w[0].is_ascii_digit()))
        })
}

/// A plain camelCase name (`displayName`, `user2Name`): ASCII letters and digits, starting
/// with a lowercase letter, where no uppercase letter follows another or a digit. heck splits
/// such a name into words before each uppercase letter and nowhere else.
pub(crate) fn is_plain_camel(raw: &str) -> bool {
    raw.as_bytes().first().is_some_and(u8::is_ascii_lowercase) && is_plain_word(raw)
}

/// A plain camelCase name in snake_case: what heck gives, without its per-character
/// formatting (most names are plain).
pub(crate) fn push_plain_snake(out: &mut String, raw: &str) {
    // The text between uppercase letters is copied as it is.
    let mut start = 0;
    for (i, b) in raw.bytes().enumerate() {
        if b.is_ascii_uppercase() {
            out.push_str(&raw[start..i]);
            out.push('_');
            out.push(char::from(b.to_ascii_lowercase()));
            start = i + 1;
        }
    }
    out.push_str(&raw[start..]);
}

/// heck's snake_case of ASCII text whose words, between other characters, are plain camelCase
/// names (`user-id`, `userPrincipalName`); `None` for other text.
pub(crate) fn plain_words_snake(raw: &str) -> Option<String> {
    if !raw.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(raw.len() + 4);
    for word in raw.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !is_plain_camel(word) {
            return None;
        }
        if !out.is_empty() {
            out.push('_');
        }
        push_plain_snake(&mut out, word);
    }
    Some(out)
}

/// heck's snake_case of `raw`, directly where its words are plain camelCase names.
pub(crate) fn snake_case(raw: &str) -> String {
    plain_words_snake(raw).unwrap_or_else(|| raw.to_snake_case())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_snake_lowercases_each_uppercase_letter_after_an_underscore() {
        let by_char = |raw: &str| {
            let mut out = String::new();
            for c in raw.chars() {
                if c.is_ascii_uppercase() {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            out
        };
        for raw in [
            "",
            "a",
            "displayName",
            "UsersMessages",
            "user2Name",
            "aBcD",
            "éA",
            "X",
        ] {
            let mut out = String::from("p_");
            push_plain_snake(&mut out, raw);
            assert_eq!(out, format!("p_{}", by_char(raw)), "{raw:?}");
        }
    }
}
