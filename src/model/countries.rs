//! CustomerMarket normalisation to ISO 3166-1.
//!
//! A market may be written as the ISO short name, the official name, a
//! common name, the alpha-2 or alpha-3 code, in any case, with or without
//! accents and punctuation. Every form resolves to one [`Country`]; what no
//! form matches is kept as written and has no code.

use std::sync::OnceLock;

use crate::hash::Map;

use super::country_table::ISO_3166_1;

#[derive(Debug)]
pub struct Country {
    pub alpha2: &'static str,
    pub alpha3: &'static str,
    /// ISO 3166-1 English short name, as the output shows it.
    pub name: &'static str,
    pub other_names: &'static [&'static str],
}

/// Names found in exports and in everyday use that the standard does not list.
const VARIANTS: &[(&str, &str)] = &[
    ("US", "USA"),
    ("US", "U.S."),
    ("US", "U.S.A."),
    ("US", "United States of America"),
    ("US", "America"),
    ("GB", "UK"),
    ("GB", "U.K."),
    ("GB", "Great Britain"),
    ("GB", "Britain"),
    ("GB", "England"),
    ("GB", "Scotland"),
    ("GB", "Wales"),
    ("GB", "Northern Ireland"),
    ("KR", "Korea"),
    ("KR", "Republic of Korea"),
    ("KR", "Korea, South"),
    ("KR", "Korea (South)"),
    ("KP", "North Korea"),
    ("KP", "Korea, North"),
    ("KP", "DPRK"),
    ("RU", "Russia"),
    ("IR", "Iran"),
    ("SY", "Syria"),
    ("LA", "Laos"),
    ("BO", "Bolivia"),
    ("VE", "Venezuela"),
    ("TZ", "Tanzania"),
    ("MD", "Moldova"),
    ("FM", "Micronesia"),
    ("CZ", "Czech Republic"),
    ("TR", "Turkey"),
    ("NL", "Holland"),
    ("NL", "The Netherlands"),
    ("CI", "Ivory Coast"),
    ("CV", "Cape Verde"),
    ("SZ", "Swaziland"),
    ("MK", "Macedonia"),
    ("MM", "Burma"),
    ("AE", "UAE"),
    ("AE", "Emirates"),
    ("HK", "Hong Kong SAR"),
    ("MO", "Macao SAR"),
    ("MO", "Macau"),
    ("MO", "Macau SAR"),
    ("TW", "Taiwan"),
    ("PS", "Palestine"),
    ("PS", "Palestinian Authority"),
    ("PS", "Palestinian Territories"),
    ("VA", "Vatican"),
    ("VA", "Vatican City"),
    ("VA", "Holy See"),
    ("BN", "Brunei"),
    ("CD", "Congo (DRC)"),
    ("CD", "DRC"),
    ("CD", "DR Congo"),
    ("CD", "Democratic Republic of the Congo"),
    ("CD", "Congo-Kinshasa"),
    ("CG", "Congo (Republic)"),
    ("CG", "Republic of the Congo"),
    ("CG", "Congo-Brazzaville"),
    ("VN", "Vietnam"),
    ("KN", "St Kitts and Nevis"),
    ("LC", "St Lucia"),
    ("VC", "St Vincent and the Grenadines"),
    ("PM", "St Pierre and Miquelon"),
    ("MF", "St Martin"),
    ("SX", "Sint Maarten"),
    ("BL", "St Barthelemy"),
    ("SH", "St Helena"),
    ("TL", "East Timor"),
    ("FK", "Falkland Islands"),
    ("VG", "British Virgin Islands"),
    ("VI", "US Virgin Islands"),
    ("VI", "U.S. Virgin Islands"),
    ("BA", "Bosnia"),
    ("TT", "Trinidad"),
    ("GM", "The Gambia"),
    ("BS", "The Bahamas"),
    ("RE", "Reunion"),
    ("CW", "Curacao"),
    ("AX", "Aland Islands"),
    ("SJ", "Svalbard"),
    ("HM", "Heard and McDonald Islands"),
    ("UM", "U.S. Outlying Islands"),
    ("UM", "US Minor Outlying Islands"),
    ("BQ", "Bonaire"),
    ("BQ", "Caribbean Netherlands"),
    ("CC", "Cocos Islands"),
    ("PN", "Pitcairn Islands"),
    ("WF", "Wallis and Futuna Islands"),
    // Microsoft's list of Partner Center markets writes these so.
    ("LA", "Lao P.D.R."),
    ("LA", "Lao PDR"),
    ("SH", "St. Helena, Ascension and Tristan da Cunha"),
    ("SH", "St. Helena, Ascension, Tristan da Cunha"),
    ("VC", "St. Vincent and Grenadines"),
    ("MF", "Saint Martin"),
    ("MF", "St. Martin (French part)"),
    ("MK", "Macedonia, FYRO"),
    ("MK", "Macedonia, Former Yugoslav Republic of"),
];

/// Kosovo is a Partner Center market without an ISO 3166-1 entry; it has
/// the code Microsoft and the EU use for it. The world map draws no shape
/// for it, so it stays in the grid only.
static KOSOVO: Country = Country {
    alpha2: "XK",
    alpha3: "XKX",
    name: "Kosovo",
    other_names: &[],
};

/// Finds the country a market value names, if any.
pub fn lookup(text: &str) -> Option<&'static Country> {
    let key = fold(text);
    if key.is_empty() {
        return None;
    }
    if matches!(key.as_str(), "kosovo" | "xk" | "xkx") {
        return Some(&KOSOVO);
    }
    index().get(&key).map(|&i| &ISO_3166_1[i])
}

/// Every country of ISO 3166-1, in alpha-2 order.
pub fn all() -> &'static [Country] {
    ISO_3166_1
}

fn index() -> &'static Map<String, usize> {
    static INDEX: OnceLock<Map<String, usize>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = Map::default();
        for (i, c) in ISO_3166_1.iter().enumerate() {
            for name in [c.alpha2, c.alpha3, c.name].iter().chain(c.other_names) {
                index.entry(fold(name)).or_insert(i);
            }
        }
        // "Korea, Republic of" is also written "Republic of Korea", and
        // "Bolivia, Plurinational State of" plainly "Bolivia"; a head that
        // two names share ("Virgin Islands") names neither.
        // A head's country, or SHARED.
        const SHARED: usize = usize::MAX;
        let mut heads: Map<String, usize> = Map::default();
        for (i, c) in ISO_3166_1.iter().enumerate() {
            if let Some((head, tail)) = c.name.split_once(", ") {
                index.entry(fold(&format!("{tail} {head}"))).or_insert(i);
                heads
                    .entry(fold(head))
                    .and_modify(|seen| *seen = SHARED)
                    .or_insert(i);
            }
        }
        for (head, i) in heads {
            if i != SHARED {
                index.entry(head).or_insert(i);
            }
        }
        for (alpha2, name) in VARIANTS {
            let at = ISO_3166_1
                .binary_search_by(|c| c.alpha2.cmp(alpha2))
                .expect("a variant of a listed country");
            index.insert(fold(name), at);
        }
        index
    })
}

/// Every name a market is found by, as its comparison key, with its
/// country: what the Spark job (`spark/`) matches markets with, so that
/// it normalises them as the engine does (`tests/spark.rs` keeps its copy
/// equal).
pub fn name_index() -> Vec<(String, &'static Country)> {
    let mut names: Vec<(String, &'static Country)> = index()
        .iter()
        .map(|(key, &i)| (key.clone(), &ISO_3166_1[i]))
        .chain(["kosovo", "xk", "xkx"].map(|k| (k.to_string(), &KOSOVO)))
        .collect();
    crate::order::sort_by(&mut names, |a, b| a.0.cmp(&b.0));
    names
}

/// The letters the comparison key reads as others (`é` as `e`), for the
/// same purpose as [`name_index`].
pub fn unaccented() -> Vec<(char, char)> {
    ('\u{80}'..='\u{24f}')
        .chain(['\u{2019}'])
        .filter(|&c| unaccent(c) != c)
        .map(|c| (c, unaccent(c)))
        .collect()
}

/// The comparison key: lower case, Latin accents removed, `&` read as
/// "and", a leading "the" dropped, and only letters and digits kept.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.trim().chars() {
        let ch = unaccent(ch);
        if ch == '&' {
            out.push_str("and");
        } else if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if ch == ' ' && out == "the" {
            out.clear();
        }
    }
    out
}

fn unaccent(ch: char) -> char {
    match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        '’' | '\'' => '\'',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Option<&'static str> {
        lookup(s).map(|c| c.alpha2)
    }

    #[test]
    fn table_holds_all_249_countries_once() {
        assert_eq!(all().len(), 249);
        let mut codes: Vec<_> = all().iter().map(|c| c.alpha2).collect();
        codes.dedup();
        assert_eq!(codes.len(), 249);
    }

    #[test]
    fn every_country_resolves_by_name_and_both_codes_in_any_case() {
        for c in all() {
            for form in [c.name, c.alpha2, c.alpha3] {
                assert_eq!(code(form), Some(c.alpha2), "{form}");
                assert_eq!(code(&form.to_lowercase()), Some(c.alpha2), "{form}");
                assert_eq!(code(&form.to_uppercase()), Some(c.alpha2), "{form}");
            }
            for other in c.other_names {
                assert_eq!(code(other), Some(c.alpha2), "{other}");
            }
        }
    }

    #[test]
    fn partner_center_market_names_resolve() {
        // Spellings of Microsoft's list of Partner Center markets that
        // differ from the ISO short names (spec 1.4).
        for (text, expected) in [
            ("Hong Kong SAR", "HK"),
            ("Macao SAR", "MO"),
            ("Korea", "KR"),
            ("Türkiye", "TR"),
            ("Czechia", "CZ"),
            ("Lao P.D.R.", "LA"),
            ("Congo (DRC)", "CD"),
            ("Congo", "CG"),
            ("Côte d'Ivoire", "CI"),
            ("Côte d’Ivoire", "CI"),
            ("Cabo Verde", "CV"),
            ("Eswatini", "SZ"),
            ("North Macedonia", "MK"),
            ("Macedonia, FYRO", "MK"),
            ("Myanmar", "MM"),
            ("Palestinian Authority", "PS"),
            ("Vatican City", "VA"),
            ("Taiwan", "TW"),
            ("Micronesia", "FM"),
            ("Brunei", "BN"),
            ("Russia", "RU"),
            ("Vietnam", "VN"),
            ("St. Kitts and Nevis", "KN"),
            ("St. Lucia", "LC"),
            ("St. Vincent and Grenadines", "VC"),
            ("St. Helena, Ascension and Tristan da Cunha", "SH"),
            ("St. Pierre and Miquelon", "PM"),
            ("Saint Martin", "MF"),
            ("Sint Maarten", "SX"),
            ("St. Barthélemy", "BL"),
            ("Bonaire", "BQ"),
            ("Curaçao", "CW"),
            ("Réunion", "RE"),
            ("São Tomé and Príncipe", "ST"),
            ("Pitcairn Islands", "PN"),
            ("U.S. Outlying Islands", "UM"),
            ("U.S. Virgin Islands", "VI"),
            ("British Virgin Islands", "VG"),
            ("Falkland Islands", "FK"),
            ("Timor-Leste", "TL"),
            ("Bosnia and Herzegovina", "BA"),
            ("Kosovo", "XK"),
        ] {
            assert_eq!(code(text), Some(expected), "{text}");
        }
        assert_eq!(lookup("Kosovo").map(|c| c.name), Some("Kosovo"));
    }

    #[test]
    fn common_variants_resolve() {
        for (text, expected) in [
            ("United States of America", "US"),
            ("USA", "US"),
            ("usa", "US"),
            ("U.S.", "US"),
            ("UK", "GB"),
            ("Great Britain", "GB"),
            ("South Korea", "KR"),
            ("Republic of Korea", "KR"),
            ("Korea", "KR"),
            ("Russia", "RU"),
            ("Vietnam", "VN"),
            ("Czech Republic", "CZ"),
            ("Turkey", "TR"),
            ("Türkiye", "TR"),
            ("turkiye", "TR"),
            ("Côte d'Ivoire", "CI"),
            ("Cote d’Ivoire", "CI"),
            ("Ivory Coast", "CI"),
            ("The Netherlands", "NL"),
            ("Hong Kong SAR", "HK"),
            ("Taiwan", "TW"),
            ("Bosnia & Herzegovina", "BA"),
            ("  Singapore ", "SG"),
            ("Luxembourg", "LU"),
            ("Congo (DRC)", "CD"),
            ("Åland Islands", "AX"),
            ("Curaçao", "CW"),
            ("Réunion", "RE"),
        ] {
            assert_eq!(code(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn unknown_values_find_nothing() {
        for text in [
            "",
            "   ",
            "Atlantis",
            "XX",
            "EU",
            "Worldwide",
            "<img src=x>",
        ] {
            assert_eq!(code(text), None, "{text}");
        }
    }

    #[test]
    fn output_names_are_the_short_names() {
        assert_eq!(lookup("usa").unwrap().name, "United States");
        assert_eq!(lookup("uk").unwrap().name, "United Kingdom");
        assert_eq!(lookup("DEU").unwrap().name, "Germany");
    }
}
