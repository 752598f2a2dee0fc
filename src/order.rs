//! Putting the short lists that reports and pages show in order: countries,
//! products, workloads, breakdown entries, a grid's rows.
//!
//! `slice::sort_by` is compiled anew for every element type and every
//! comparison, and each copy is several kilobytes of WebAssembly. [`sort_by`]
//! sorts the positions of the items instead, with one sort compiled once
//! for all of them, and then moves each item to its place. The order is the
//! one `slice::sort_by` gives (stable: items that compare equal keep their
//! order). The hot sort of loading a file (each customer's rows by month)
//! keeps the standard library's.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping the order of items that compare equal.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<u32> = (0..to_u32(items.len())).collect();
    sort_positions(&mut order, &|a, b| {
        compare(&items[a as usize], &items[b as usize])
    });
    permute(items, &mut order);
}

/// Sorts `items` by the keys `key` gives, keeping the order of equal keys.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |x, y| key(x).cmp(&key(y)));
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("a list of fewer than 2^32 items")
}

/// The one sort: positions by the items' order, ties by position (which
/// makes it stable whatever the algorithm).
#[inline(never)]
#[allow(clippy::disallowed_methods)] // the one sort every other goes through
fn sort_positions(order: &mut [u32], compare: &dyn Fn(u32, u32) -> Ordering) {
    order.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
}

/// Moves each item to its place: `order[i]` is the position of the item
/// that belongs at `i`. Each cycle of the permutation is followed once, so
/// every item moves at most once by a swap; `order` is used up.
fn permute<T>(items: &mut [T], order: &mut [u32]) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] as usize != start {
            let from = order[at] as usize;
            items.swap(at, from);
            order[at] = to_u32(at);
            at = from;
        }
        order[at] = to_u32(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_is_the_standard_librarys_stable_order() {
        // Pairs sorted by their first half only: equal halves keep their order.
        let mut seed = 7u64;
        for len in 0..200 {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |x, y| x.0.cmp(&y.0));
            let mut std = items.clone();
            #[allow(clippy::disallowed_methods)] // the reference it is checked against
            std.sort_by_key(|x| x.0);
            assert_eq!(ours, std, "{len} items");
        }
    }

    #[test]
    fn items_that_own_memory_are_moved_not_copied() {
        let mut names: Vec<String> = ["Oslo", "Bern", "Lima", "Bern", "Rome"]
            .map(String::from)
            .into();
        sort_by_key(&mut names, |n| std::cmp::Reverse(n.clone()));
        assert_eq!(names, ["Rome", "Oslo", "Lima", "Bern", "Bern"]);
    }
}
