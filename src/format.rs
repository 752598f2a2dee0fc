//! Numbers for people: thousands separators, percentages with one decimal.

/// `1234567` -> `1,234,567`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `12.345` -> `12.3%`; undefined -> an en dash.
pub fn percent(p: Option<f64>) -> String {
    match p {
        Some(p) => format!("{}%", one_decimal(p)),
        None => "–".to_string(),
    }
}

/// A change: `+12.3%`, `-4.0%`, `0.0%`, or an en dash when undefined.
pub fn change(p: Option<f64>) -> String {
    match p {
        Some(p) if round1(p) > 0.0 => format!("+{}%", one_decimal(p)),
        Some(p) => format!("{}%", one_decimal(p)),
        None => "–".to_string(),
    }
}

fn round1(p: f64) -> f64 {
    (p * 10.0).round() / 10.0
}

fn one_decimal(p: f64) -> String {
    let r = round1(p);
    // No "-0.0".
    let r = if r == 0.0 { 0.0 } else { r };
    let whole = r.trunc().abs() as u64;
    let tenth = ((r.abs() - r.abs().trunc()) * 10.0).round() as u64;
    let sign = if r < 0.0 { "-" } else { "" };
    format!("{sign}{}.{tenth}", count(whole))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
    }

    #[test]
    fn percentages_have_one_decimal() {
        assert_eq!(percent(Some(12.345)), "12.3%");
        assert_eq!(percent(Some(100.0)), "100.0%");
        assert_eq!(percent(Some(1234.56)), "1,234.6%");
        assert_eq!(percent(None), "–");
        assert_eq!(change(Some(8.49)), "+8.5%");
        assert_eq!(change(Some(-0.04)), "0.0%");
        assert_eq!(change(Some(-12.96)), "-13.0%");
        assert_eq!(change(None), "–");
    }
}
